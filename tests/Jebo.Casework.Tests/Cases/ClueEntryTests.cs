using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Clues that arrive another way (issue 15): entered by hand with their source through
/// <c>POST /api/v1/cases</c>, then routed, screened and audited like an imported report.</summary>
public sealed class ClueEntryTests
{
    private static object Clue(string description, object? reporter = null, string source = "phone") =>
        new
        {
            source,
            language = "ko",
            category = "unclear",
            region = "26380",
            reporter = reporter ?? new { anonymous = true },
            facts = new { description, where = "부산 사하구 괴정동 시장" },
            subjects = new[] { new { name = "칠성파" } },
        };

    [Theory]
    [DatabaseProviders]
    public async Task A_clue_taken_by_phone_becomes_a_routed_screened_audited_case_with_its_source(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var receivedAt = DateTimeOffset.UtcNow.AddHours(-3);
        var response = await busan.PostAsJsonAsync(
            "/api/v1/cases",
            new
            {
                source = "phone",
                receivedAt = receivedAt.ToOffset(TimeSpan.FromHours(9)).ToString("O", CultureInfo.InvariantCulture),
                language = "ko",
                category = "unclear",
                region = "26380",
                reporter = new
                {
                    anonymous = false,
                    name = "성춘향",
                    phone = "010-2222-3333",
                    contactConsent = true,
                },
                facts = new
                {
                    description = "전화 제보: 재래시장 상인들에게 보호비를 걷는 조직이 있습니다. 010-3456-7890",
                },
            }
        );
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var detail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.Equal("26", detail.GetProperty("office").GetString());
        Assert.Equal("phone", detail.GetProperty("work").GetProperty("source").GetString());
        Assert.Equal("screened", detail.GetProperty("status").GetString());
        Assert.NotEmpty(detail.GetProperty("screening").EnumerateArray());
        Assert.Equal(
            receivedAt.ToUnixTimeMilliseconds() / 1000,
            detail.GetProperty("receivedAt").GetDateTimeOffset().ToUnixTimeMilliseconds() / 1000
        );
        Assert.Equal(JsonValueKind.String, detail.GetProperty("deadlines").GetProperty("contactDueAt").ValueKind);
        // The identity is kept apart, as for a report through intake.
        Assert.DoesNotContain("성춘향", detail.GetRawText(), StringComparison.Ordinal);

        // Searched like any other clue: by a Korean word, and by the phone written another way.
        foreach (var words in new[] { "보호비", "01034567890" })
        {
            var found = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={Uri.EscapeDataString(words)}");
            Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        }

        await using var db = platform.OpenCaseworkDb();
        var created = await db.AuditEntries.SingleAsync(a => a.CaseId == id && a.Action == "case.created");
        Assert.Equal("busan-scr", created.Actor);
        Assert.Contains("\"source\":\"phone\"", created.Details, StringComparison.Ordinal);
        var identity = await db.ReporterIdentities.SingleAsync();
        Assert.Equal("010-2222-3333", identity.Phone);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_hand_entered_clue_is_refused_as_the_public_form_would_refuse_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");

        async Task<JsonElement> Refused(object body)
        {
            var response = await busan.PostAsJsonAsync("/api/v1/cases", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        Assert.True((await Refused(Clue("출처 없음", source: "fax"))).TryGetProperty("source", out _));
        var anonymousNamed = await Refused(
            Clue(
                "익명인데 연락처",
                new
                {
                    anonymous = true,
                    name = "홍길동",
                    phone = "010-1111-2222",
                }
            )
        );
        Assert.True(anonymousNamed.TryGetProperty("reporter.name", out _));
        Assert.True(anonymousNamed.TryGetProperty("reporter.phone", out _));
        Assert.True((await Refused(Clue(""))).TryGetProperty("facts.description", out _));
        Assert.True(
            (await Refused(Clue("전화번호 오류", new { anonymous = false, phone = "공일공-일이삼사" }))).TryGetProperty(
                "reporter.phone",
                out _
            )
        );
        var future = await Refused(
            new
            {
                source = "letter",
                receivedAt = DateTimeOffset.UtcNow.AddDays(2).ToString("O", CultureInfo.InvariantCulture),
                facts = new { description = "미래의 편지" },
            }
        );
        Assert.True(future.TryGetProperty("receivedAt", out _));
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Auditors_and_administrators_enter_no_clue(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var auditor = await platform.StaffClientAsync("busan-aud", "26", "auditor");
        var admin = await platform.StaffClientAsync("busan-adm", "26", "administrator");
        foreach (var client in new[] { auditor, admin })
        {
            var response = await client.PostAsJsonAsync("/api/v1/cases", Clue("감사인이 만든 사건"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Statistics_count_clues_by_how_they_arrived_on_the_API_and_the_page(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("온라인 제보: 사하구 불법 도박장", region: "26380");
        await platform.TransferAsync();
        var busan = await platform.StaffClientAsync("busan-src", "26", "screener");
        foreach (
            var (text, source) in new[] { ("전화 제보", "phone"), ("서신 제보", "letter"), ("방문 제보", "phone") }
        )
        {
            var created = await busan.PostAsJsonAsync("/api/v1/cases", Clue(text, source: source));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var supervisor = await platform.StaffClientAsync("busan-src-sup", "26", "supervisor");
        var bySource = (await supervisor.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("bySource");
        Assert.Equal(1, bySource.GetProperty("online").GetInt32());
        Assert.Equal(2, bySource.GetProperty("phone").GetInt32());
        Assert.Equal(1, bySource.GetProperty("letter").GetInt32());
        Assert.False(bySource.TryGetProperty("visit", out _));

        // Seoul holds none of them.
        var seoul = await platform.StaffClientAsync("seoul-src-sup", "11", "supervisor");
        var seoulSources = (await seoul.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("bySource");
        Assert.Empty(seoulSources.EnumerateObject());

        using var page = new StaffBrowser(platform);
        await page.SignInNewAccountAsync("busan-src-page", "26", "supervisor");
        var html = await page.GetPageAsync("/stats?lang=ko");
        Assert.Contains("<title id=\"sources-title\">제보 경로</title>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">전화</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">서신</th>", html, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_form_shows_a_receipt_asked_for_once_and_the_trail_says_only_that_one_was_issued(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var page = new StaffBrowser(platform);
        await page.SignInNewAccountAsync("busan-receipt", "26", "investigator");
        var form = await page.GetPageAsync("/cases/new?lang=ko");
        Assert.Contains("name=\"receipt\" value=\"true\"", form, StringComparison.Ordinal);
        Assert.Contains("제보자에게 포털 조회 코드를 발급", form, StringComparison.Ordinal);

        var answer = await page.SubmitAsync(
            "/cases/new?lang=ko",
            ("source", "visit"),
            ("language", "ko"),
            ("region", "26380"),
            ("facts.description", "방문 제보: 괴정동 시장 상인들이 매주 보호비를 냅니다"),
            ("reporter.mode", "anonymous"),
            ("receipt", "true")
        );
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        var html = await answer.Content.ReadAsStringAsync();
        var receipt = System
            .Text.RegularExpressions.Regex.Match(html, "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}")
            .Value;
        Assert.NotEmpty(receipt);
        Assert.Contains("이 코드는 지금만 표시되며", html, StringComparison.Ordinal);

        await using var db = platform.OpenCaseworkDb();
        var report = await db.Reports.SingleAsync();
        Assert.Equal(32, report.ReceiptRegistration?.Length);
        Assert.True(await db.PendingStatuses.AnyAsync(p => p.ReportId == report.Id));
        var trail = await db.AuditEntries.Where(a => a.CaseId == report.CaseId).ToListAsync();
        var issued = Assert.Single(trail, a => a.Action == "receipt.issued");
        Assert.Equal("busan-receipt", issued.Actor);
        Assert.All(trail, a => Assert.DoesNotContain(receipt, a.Details, StringComparison.Ordinal));
        Assert.All(trail, a => Assert.DoesNotContain(receipt.Replace("-", ""), a.Details, StringComparison.Ordinal));

        // The case itself shows no receipt: it was shown once.
        var casePage = await page.GetPageAsync($"/cases/{report.CaseId}?lang=ko");
        Assert.DoesNotContain(receipt, casePage, StringComparison.Ordinal);
        Assert.Contains("제보자에게 포털 조회 코드를 발급함", casePage, StringComparison.Ordinal);
    }
}
