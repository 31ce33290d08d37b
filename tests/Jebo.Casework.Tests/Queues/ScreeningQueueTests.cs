using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Queues;

/// <summary>The screening queue (issue 17, item 3c): screened cases come in one documented priority — in scope, then
/// urgent, then complete — whatever the order they arrived in, page after page without a case lost or repeated; a case
/// that looks out of scope carries a suggestion that nothing applies until a person does.</summary>
public sealed class ScreeningQueueTests
{
    [Theory]
    [DatabaseProviders]
    public async Task An_in_scope_complete_urgent_case_leads_an_incomplete_one_which_leads_an_out_of_scope_one(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");

        // Arrived in the opposite order of their priority.
        await SubmitAsync(
            platform,
            new
            {
                language = "ko",
                category = "unclear",
                region = "26",
                reporter = new { anonymous = true },
                facts = new { description = "옆집 층간소음 때문에 밤마다 잠을 못 잡니다. 관리사무소도 소용이 없어요." },
            }
        );
        await SubmitAsync(
            platform,
            new
            {
                language = "ko",
                category = "protection-racket",
                region = "26",
                reporter = new { anonymous = true },
                facts = new { description = "시장 상인들에게 보호비를 걷는다는 소문이 있습니다." },
            }
        );
        await SubmitAsync(
            platform,
            new
            {
                language = "ko",
                category = "protection-racket",
                region = "26380",
                reporter = new { anonymous = true },
                subjects = new[] { new { name = "김철수", organization = "칠성파" } },
                facts = new
                {
                    when = "2026년 12월 매주 금요일 밤",
                    where = "부산 사하구 괴정시장",
                    description = "칠성파 조직원 김철수가 시장 상인들에게 보호비를 갈취하고, 신고하면 가게를 부수겠다고 "
                        + "협박합니다. 지금도 매주 찾아옵니다.",
                },
            }
        );
        await platform.TransferAsync();
        var (urgent, incomplete, outOfScope) = await IdsByDescriptionAsync(platform, "칠성파", "소문", "층간소음");

        var queue = await screener.GetFromJsonAsync<JsonElement>("/api/v1/queues/screening");
        Assert.Equal([urgent, incomplete, outOfScope], Ids(queue));
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(7, items[0].GetProperty("priority").GetInt32());
        Assert.Equal(
            ["in-scope", "urgent", "complete"],
            items[0].GetProperty("priorityParts").EnumerateArray().Select(p => p.GetString())
        );
        Assert.Equal(4, items[1].GetProperty("priority").GetInt32());
        Assert.Equal(0, items[2].GetProperty("priority").GetInt32());
        Assert.False(items[0].GetProperty("outOfScopeSuggested").GetBoolean());
        Assert.True(items[2].GetProperty("outOfScopeSuggested").GetBoolean());

        // The same order as a list sort, reversed with '-'.
        var list = await screener.GetFromJsonAsync<JsonElement>("/api/v1/cases?status=screened&sort=priority");
        Assert.Equal([urgent, incomplete, outOfScope], Ids(list));
        var reversed = await screener.GetFromJsonAsync<JsonElement>("/api/v1/cases?status=screened&sort=-priority");
        Assert.Equal([outOfScope, incomplete, urgent], Ids(reversed));

        // The parts in the reader's language, Korean here.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/queues/screening"))
        {
            request.Headers.AcceptLanguage.ParseAdd("ko-KR");
            var korean = await (await screener.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(
                "조직범죄 관련 · 긴급 · 내용 충분",
                korean.GetProperty("items")[0].GetProperty("priorityText").GetString()
            );
        }

        // The staff page lists the queue in that order too, with the suggestion marked.
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan-page", "26", "screener");
        var page = await browser.GetPageAsync("/queues/screening");
        Assert.True(
            page.IndexOf(urgent, StringComparison.Ordinal) < page.IndexOf(incomplete, StringComparison.Ordinal)
        );
        Assert.True(
            page.IndexOf(incomplete, StringComparison.Ordinal) < page.IndexOf(outOfScope, StringComparison.Ordinal)
        );
        Assert.Contains("제안: 범위 밖", page, StringComparison.Ordinal);

        // Another province sees none of Busan's queue.
        Assert.Empty(Ids(await seoul.GetFromJsonAsync<JsonElement>("/api/v1/queues/screening")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_out_of_scope_suggestion_is_never_applied_without_a_person(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        await SubmitAsync(
            platform,
            new
            {
                language = "ko",
                category = "unclear",
                region = "26",
                reporter = new { anonymous = true },
                facts = new
                {
                    description = "아파트 앞 불법주차 차량 때문에 출근길마다 교통이 막힙니다. 단속해 주세요.",
                },
            }
        );
        await platform.TransferAsync();
        // Further rounds change nothing either.
        await platform.TransferAsync();
        string id;
        await using (var db = platform.OpenCaseworkDb())
        {
            var c = await db.Cases.SingleAsync();
            Assert.Equal(CaseStatus.Screened, c.Status);
            Assert.Null(c.RejectionReason);
            Assert.Null(c.PendingRequest);
            Assert.Null(c.DecidedAt);
            Assert.NotNull(c.OutOfScopeSuggestedAt);
            id = c.Id;
            Assert.DoesNotContain(
                await db.AuditEntries.Where(a => a.CaseId == id).Select(a => a.Action).ToListAsync(),
                a => a is "case.reject" or "case.requested"
            );
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{id}");
        request.Headers.AcceptLanguage.ParseAdd("ko");
        var detail = await (await screener.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var suggestion = detail.GetProperty("triage").GetProperty("suggestion");
        Assert.Equal("reject", suggestion.GetProperty("action").GetString());
        Assert.Equal("out-of-scope", suggestion.GetProperty("reason").GetString());
        Assert.StartsWith(
            "제안: 불수리 (범위 밖)",
            suggestion.GetProperty("text").GetString(),
            StringComparison.Ordinal
        );
        var reasons = detail.GetProperty("triage").GetProperty("reasons").EnumerateArray().ToList();
        Assert.Contains(reasons, r =>
            r.GetProperty("code").GetString() == "out-of-scope"
            && r.GetProperty("text").GetString() == "범위 밖으로 보입니다: 교통·주차 민원"
        );
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan-page", "26", "screener");
        Assert.Contains("제안: 불수리 (범위 밖)", await browser.GetPageAsync($"/cases/{id}"), StringComparison.Ordinal);

        // A person confirms it with the existing step, which waits for a second person as every rejection does.
        var asked = await screener.StepAsync(id, new { action = "reject", reason = "out-of-scope" });
        Assert.Equal(CaseStatus.Screened, asked.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, asked.GetProperty("pending").ValueKind);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_queue_and_the_priority_sort_page_through_every_case_once(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var expected = new List<(int Priority, DateTimeOffset Due, string Id)>();
        for (var i = 0; i < 130; i++)
        {
            var priority = i % 8;
            var id = await CaseSeeds.AddAsync(platform, "26", CaseStatus.Screened, shape: c =>
            {
                c.ScreeningPriority = priority;
                // Many share a deadline, so the case id decides among them.
                c.AcceptanceDueAt = new DateTimeOffset(2026, 12, 10 + (i % 3), 15, 0, 0, TimeSpan.Zero);
            });
            expected.Add((priority, new DateTimeOffset(2026, 12, 10 + (i % 3), 15, 0, 0, TimeSpan.Zero), id));
        }

        var order = expected
            .OrderByDescending(e => e.Priority)
            .ThenBy(e => e.Due)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => (string?)e.Id)
            .ToList();

        var paged = new List<string?>();
        for (var page = 1; page <= 3; page++)
        {
            paged.AddRange(Ids(await screener.GetFromJsonAsync<JsonElement>($"/api/v1/queues/screening?page={page}")));
        }

        Assert.Equal(order, paged);

        var keyset = new List<string?>();
        string? next = null;
        do
        {
            var list = await screener.GetFromJsonAsync<JsonElement>(
                "/api/v1/cases?status=screened&sort=priority"
                    + (next is null ? "" : "&after=" + Uri.EscapeDataString(next))
            );
            keyset.AddRange(Ids(list));
            next = list.GetProperty("next").GetString();
        } while (next is not null);

        Assert.Equal(order, keyset);

        // A cursor of another order is refused.
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await screener.GetAsync("/api/v1/cases?sort=priority&after=received~0~ABCD-EFGH-JKMN")).StatusCode
        );
    }

    private static async Task SubmitAsync(TestPlatform platform, object report)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/reports", report);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string, string, string)> IdsByDescriptionAsync(
        TestPlatform platform,
        string first,
        string second,
        string third
    )
    {
        await using var db = platform.OpenCaseworkDb();
        var reports = await db.Reports.AsNoTracking().ToListAsync();
        string Of(string word) => reports.Single(r => r.Content.Contains(word, StringComparison.Ordinal)).CaseId;
        return (Of(first), Of(second), Of(third));
    }

    private static List<string?> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];
}
