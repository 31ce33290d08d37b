using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Search;
using Jebo.Casework.Tests.Pages;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Search;

/// <summary>Search through <c>GET /api/v1/cases?q=</c> on both databases: Korean, Chinese, phone numbers in any
/// spelling, the caller's jurisdiction, hostile input, filters and keyset paging.</summary>
public sealed class CaseSearchTests
{
    private const string Korean =
        "부산 사하구 시장에서 칠성파 조직원들이 상인들에게 보호비를 걷습니다. 돈은 010-3456-7890 번호로 보내라고 합니다.";
    private const string Chinese = "釜山沙下区市场里有黑社会团伙向商户收取保护费。";

    [Theory]
    [DatabaseProviders]
    public async Task Hangul_Hanzi_and_phone_spellings_find_their_case_with_the_passage(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var korean = await PageTesting.CaseInAsync(platform, "26380", Korean);
        var chinese = await PageTesting.CaseInAsync(platform, "26380", Chinese);
        await PageTesting.CaseInAsync(platform, "26380", "아무 관련 없는 다른 제보입니다");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");

        foreach (var q in new[] { "보호비", "칠성파", "조직원", "시장 보호비", "010-3456-7890", "01034567890" })
        {
            var found = await SearchAsync(busan, q);
            Assert.Equal([korean], Ids(found));
        }

        foreach (var q in new[] { "010 3456 7890", "+82 10-3456-7890", "+82 10 3456 7890" })
        {
            var found = await SearchAsync(busan, q);
            Assert.Equal([korean], Ids(found));
            Assert.Contains("010-3456-7890", Match(found), StringComparison.Ordinal);
        }

        var hanzi = await SearchAsync(busan, "保护费");
        Assert.Equal([chinese], Ids(hanzi));
        Assert.Contains("保护费", Match(hanzi), StringComparison.Ordinal);
        Assert.Contains("보호비", Match(await SearchAsync(busan, "보호비")), StringComparison.Ordinal);
        Assert.Empty(Ids(await SearchAsync(busan, "마약")));

        // Stored as written, not as \uXXXX escapes.
        await using var db = platform.OpenCaseworkDb();
        var content = await db.Reports.Where(r => r.CaseId == korean).Select(r => r.Content).SingleAsync();
        Assert.Contains("칠성파", content, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", content, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Search_never_returns_a_case_outside_the_callers_jurisdiction(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busanCase = await PageTesting.CaseInAsync(platform, "26380", Korean);
        var seoulCase = await PageTesting.CaseInAsync(
            platform,
            "11110",
            "서울에서도 칠성파가 보호비를 걷습니다 010-3456-7890"
        );
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");

        foreach (var q in new[] { "칠성파", "보호비", "01034567890" })
        {
            Assert.Equal([busanCase], Ids(await SearchAsync(busan, q)));
            Assert.Equal([seoulCase], Ids(await SearchAsync(seoul, q)));
            Assert.Equal(2, (await SearchAsync(national, q)).GetProperty("total").GetInt32());
        }

        // Nor by its id.
        Assert.Empty(Ids(await SearchAsync(busan, seoulCase)));
        Assert.Equal([seoulCase], Ids(await SearchAsync(seoul, seoulCase)));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Hostile_queries_answer_200_and_never_500(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.CaseInAsync(platform, "26380", Korean);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        string[] hostile =
        [
            "\"",
            "*",
            "NEAR(",
            "NEAR(a b",
            "%",
            "_",
            "'; DROP TABLE cases; --",
            "a\" OR \"b",
            "보호비\" OR *",
            "!&|:*()<->",
            "\\u0000",
            new string('가', 5_000),
            string.Concat(Enumerable.Repeat("보호비 \" * NEAR( % _ ", 300)),
        ];
        foreach (var q in hostile)
        {
            var response = await busan.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(q)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, (await SearchAsync(busan, "보호비\" * % _ (")).GetProperty("total").GetInt32());
        var page = await busan.GetAsync($"/cases?q={Uri.EscapeDataString("NEAR(\"*%_")}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, page.StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Filters_narrow_and_keyset_pages_list_every_case_once(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var ids = new List<string>();
        for (var i = 0; i < CaseQueries.PageSize + 7; i++)
        {
            ids.Add(await CaseSeeds.AddAsync(platform, shape: c =>
                {
                    c.ReceivedAt = DateTimeOffset.UtcNow.AddHours(-i);
                    c.Category = i % 2 == 0 ? "drugs" : "gambling";
                    c.Supervised = i % 5 == 0;
                }));
        }

        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await busan.GetFromJsonAsync<JsonElement>(
                "/api/v1/cases?sort=-received" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))
            );
            seen.AddRange(Ids(page));
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(ids, seen);

        var drugs = await busan.GetFromJsonAsync<JsonElement>("/api/v1/cases?category=drugs&supervised=true");
        Assert.Equal(
            Enumerable.Range(0, ids.Count).Where(i => i % 2 == 0 && i % 5 == 0).Select(i => ids[i]),
            Ids(drugs)
        );
        var oldest = await busan.GetFromJsonAsync<JsonElement>("/api/v1/cases?sort=received");
        Assert.Equal(ids[^1], Ids(oldest)[0]);
        var yesterday = DateTimeOffset.UtcNow.AddHours(-30).ToString("O");
        var recent = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases?from={Uri.EscapeDataString(yesterday)}");
        Assert.Equal(ids.Take(30), Ids(recent));

        foreach (var bad in new[] { "due=later", "sort=name", "supervised=maybe", "from=tomorrow", "after=x~1~y" })
        {
            var response = await busan.GetAsync("/api/v1/cases?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Rebuilding_makes_old_escaped_content_readable_and_searchable(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var id = await PageTesting.CaseInAsync(platform, "26380", "이전 제보");
        await using (var db = platform.OpenCaseworkDb())
        {
            // As an older build stored it: escaped, and with no search terms.
            var report = await db.Reports.SingleAsync(r => r.CaseId == id);
            report.Content = JsonSerializer.Serialize(
                JsonSerializer.Deserialize<JsonElement>(
                    report.Content.Replace("이전 제보", "신흥파 도박장", StringComparison.Ordinal)
                )
            );
            Assert.Contains("\\u", report.Content, StringComparison.Ordinal);
            await db.SaveChangesAsync();
            await db.SearchDocuments.ExecuteDeleteAsync();
        }

        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        Assert.Empty(Ids(await SearchAsync(busan, "신흥파")));
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal(1, await SearchIndexing.RebuildAsync(db, CancellationToken.None));
            Assert.Equal(1, await SearchIndexing.RebuildAsync(db, CancellationToken.None));
            var content = await db.Reports.Where(r => r.CaseId == id).Select(r => r.Content).SingleAsync();
            Assert.Contains("신흥파 도박장", content, StringComparison.Ordinal);
        }

        Assert.Equal([id], Ids(await SearchAsync(busan, "신흥파")));
        Assert.Equal([id], Ids(await SearchAsync(busan, "도박장")));
    }

    private static Task<JsonElement> SearchAsync(HttpClient client, string q) =>
        client.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={Uri.EscapeDataString(q)}");

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private static string Match(JsonElement page) =>
        page.GetProperty("items")[0].GetProperty("match").GetString() ?? "";
}
