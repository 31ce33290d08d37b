using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Screening;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Screening;

/// <summary>Issue 17 item 3, driven through the real import, screening, API and pages: related cases with their score
/// and reasons (codes in the API, the reader's language on the pages), near-duplicates proposed for merging and never
/// merged silently, the proposals' actions, a restarted index, follow-ups that relate their case; and an insider of
/// another province who learns no other case's id through any of it.</summary>
public sealed class RelatedCaseScoringTests
{
    // One racket of the 꼴망파 at 인천항, told by two people in their own words.
    private const string Dock =
        "인천 중구 인천항 부두에서 꼴망파 조직원들이 하역 업체 사장들에게 매달 보호비를 뜯고 있습니다. "
        + "돈을 안 내면 트럭 출입을 막고 행패를 부립니다.";
    private const string Warehouse =
        "꼴망파 조직원들이 인천항 근처 물류 창고 업주들을 협박해서 보호비 명목으로 매달 돈을 걷어 갑니다. "
        + "거절한 사장님 트럭이 부서졌습니다.";

    // One complaint and a light edit of it (a second report by the same hand, or a copy).
    private const string Market =
        "부산 사하구 괴정시장 상인들에게 칠성파 조직원 세 명이 매주 금요일 밤 찾아와 자릿세 명목으로 오만 원씩 "
        + "받아 갑니다. 안 주면 좌판을 엎고 욕설을 합니다. 상인회 회장도 겁이 나서 말을 못 합니다.";
    private const string MarketAgain =
        "부산 사하구 괴정시장 상인들에게 칠성파 조직원 세 명이 매주 금요일 밤 찾아와 자릿세 명목으로 오만 원씩 "
        + "받아 갑니다. 안 주면 좌판을 엎고 욕설을 합니다. 상인회 회장도 겁이 나서 말을 못 합니다. 도와주세요.";

    [Theory]
    [DatabaseProviders]
    public async Task A_related_case_shows_its_reasons_in_Korean_on_the_page_and_as_codes_in_the_API(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-screener", "26", "screener");
        var dock = await NewCaseAsync(platform, busan, Dock, "26");
        var warehouse = await NewCaseAsync(platform, busan, Warehouse, "26");

        var view = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{warehouse}");
        var related = Assert.Single(view.GetProperty("related").EnumerateArray());
        Assert.Equal(dock, related.GetProperty("id").GetString());
        Assert.InRange(related.GetProperty("similarity").GetDouble(), 0.4, 1);
        Assert.False(related.GetProperty("nearDuplicate").GetBoolean());
        var reasons = Reasons(related);
        Assert.Contains("꼴망파", reasons["same-gang"]);
        Assert.True(reasons.ContainsKey("shared-wording"), string.Join(" ", reasons.Keys));
        Assert.InRange(
            int.Parse(reasons["shared-wording"].Single(), System.Globalization.CultureInfo.InvariantCulture),
            1,
            99
        );
        Assert.DoesNotContain(reasons.Keys, code => code.StartsWith("other-", StringComparison.Ordinal));
        // Both ways: the earlier case names the later one.
        var back = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{dock}");
        Assert.Equal(
            warehouse,
            Assert.Single(back.GetProperty("related").EnumerateArray()).GetProperty("id").GetString()
        );

        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan.page", "26", Roles.Screener);
        var page = await browser.GetPageAsync($"/cases/{warehouse}");
        Assert.Contains("같은 조직 꼴망파", page, StringComparison.Ordinal);
        Assert.Matches(@"표현 \d+% 공유", page);
        Assert.DoesNotContain("same-gang", page, StringComparison.Ordinal);
        Assert.DoesNotContain("shared-wording", page, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_near_duplicate_is_proposed_never_merged_unasked_and_not_proposed_again_once_dismissed(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var busan = await platform.StaffClientAsync("busan-screener", "26", "screener");
        var seoul = await platform.StaffClientAsync("seoul-screener", "11", "screener");
        var seoulSupervisor = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var (first, firstReceipt) = await NewCaseWithReceiptAsync(platform, national, Market, "26");
        var second = await NewCaseAsync(platform, national, MarketAgain, "26");
        // The same complaint sent to Seoul: a near-duplicate held in another province.
        var copy = await NewCaseAsync(platform, national, MarketAgain, "11");

        // Busan is proposed its own pair, with the reasons, and nothing else.
        var proposals = await ProposalsAsync(busan);
        var proposal = Assert.Single(proposals.GetProperty("relations").EnumerateArray());
        Assert.Equal(
            new[] { first, second }.Order(StringComparer.Ordinal),
            new[] { proposal.GetProperty("caseId").GetString()!, proposal.GetProperty("relatedCaseId").GetString()! }
        );
        Assert.True(proposal.GetProperty("nearDuplicate").GetBoolean());
        Assert.Contains("near-copy", Reasons(proposal).Keys);
        Assert.DoesNotContain(copy, proposals.ToString(), StringComparison.Ordinal);
        using (var browser = new StaffBrowser(platform))
        {
            await browser.SignInNewAccountAsync("busan.queue", "26", Roles.Screener);
            var page = await browser.GetPageAsync("/queues/merge-proposals");
            Assert.Contains(first, page, StringComparison.Ordinal);
            Assert.Contains("거의 같은 글", page, StringComparison.Ordinal);
            Assert.DoesNotContain(copy, page, StringComparison.Ordinal);
        }

        // Never merged without an action: every case is still open, each holding its own report.
        foreach (var id in new[] { first, second, copy })
        {
            var c = await national.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
            Assert.NotEqual("merged", c.GetProperty("status").GetString());
            Assert.Equal(1, c.GetProperty("reports").GetArrayLength());
        }

        // The national office sees all three pairs; Seoul sees one case of each and is proposed none.
        Assert.Equal(3, (await ProposalsAsync(national)).GetProperty("total").GetInt32());
        foreach (var insider in new[] { seoul, seoulSupervisor })
        {
            var queue = await ProposalsAsync(insider);
            Assert.Equal(0, queue.GetProperty("total").GetInt32());
            Assert.DoesNotContain(first, queue.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(second, queue.ToString(), StringComparison.Ordinal);
        }

        // The insider in Busan: the Seoul copy is only "a related case held by office 11", in the view, the trail and
        // the answers to the proposal's actions tried with the hint's relation id.
        var firstView = await busan.GetStringAsync($"/api/v1/cases/{first}");
        Assert.DoesNotContain(copy, firstView, StringComparison.Ordinal);
        var hint = Assert.Single(
            JsonDocument.Parse(firstView).RootElement.GetProperty("relatedElsewhere").EnumerateArray()
        );
        Assert.Equal("11", hint.GetProperty("office").GetString());
        foreach (var (who, caseId) in new[] { (busan, first), (seoulSupervisor, copy) })
        {
            var tried = await who.ActAsync(
                caseId,
                new
                {
                    action = "dismiss-duplicate",
                    relation = hint.GetProperty("relation").GetString(),
                    reason = "엿보기",
                }
            );
            Assert.Equal(HttpStatusCode.BadRequest, tried.StatusCode);
            var answer = await tried.Content.ReadAsStringAsync();
            Assert.DoesNotContain(copy == caseId ? first : copy, answer, StringComparison.Ordinal);
        }

        // Nor can Busan dismiss its own pair from Seoul's side, or Seoul Busan's pair.
        var tryForeign = await seoulSupervisor.ActAsync(
            first,
            new
            {
                action = "dismiss-duplicate",
                relation = proposal.GetProperty("relation").GetString(),
                reason = "엿보기",
            }
        );
        Assert.Equal(HttpStatusCode.NotFound, tryForeign.StatusCode);
        Assert.DoesNotContain(
            copy,
            await busan.GetStringAsync($"/api/v1/audit?case={first}"),
            StringComparison.Ordinal
        );

        // Dismissed with a reason by Busan, which sees both: the pair leaves the queue, and the trail says so.
        await busan.StepAsync(
            second,
            new
            {
                action = "dismiss-duplicate",
                relation = proposal.GetProperty("relation").GetString(),
                reason = "같은 시장이지만 다른 날의 다른 사건",
            }
        );
        Assert.Equal(0, (await ProposalsAsync(busan)).GetProperty("total").GetInt32());
        var trail = await busan.GetStringAsync($"/api/v1/audit?case={second}");
        var entry = JsonDocument
            .Parse(trail)
            .RootElement.EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "case.dismiss-duplicate");
        var details = JsonDocument.Parse(entry.GetProperty("details").GetString()!).RootElement;
        Assert.Equal("같은 시장이지만 다른 날의 다른 사건", details.GetProperty("reason").GetString());
        Assert.Equal(proposal.GetProperty("relation").GetString(), details.GetProperty("relation").GetString());

        // Screening finds the pair again (the first reporter writes the complaint once more): it is not proposed again.
        await FollowUpAsync(platform, firstReceipt, MarketAgain);
        await platform.TransferAsync();
        Assert.Equal(0, (await ProposalsAsync(busan)).GetProperty("total").GetInt32());
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(1, await db.FollowUpScreenings.CountAsync());
        Assert.Single(
            await db
                .CaseRelations.Where(r =>
                    (r.CaseId == first && r.RelatedCaseId == second) || (r.CaseId == second && r.RelatedCaseId == first)
                )
                .ToListAsync()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Accepting_a_proposal_merges_under_the_double_check_and_only_then(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var busan = await platform.StaffClientAsync("busan-screener", "26", "screener");
        var first = await NewCaseAsync(platform, busan, Market, "26");
        var second = await NewCaseAsync(platform, busan, MarketAgain, "26");
        var proposal = Assert.Single((await ProposalsAsync(busan)).GetProperty("relations").EnumerateArray());
        var (into, merged) = (
            proposal.GetProperty("caseId").GetString()!,
            proposal.GetProperty("relatedCaseId").GetString()!
        );
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), new[] { into, merged });

        // Asked for, the merge waits for a second person; the proposal stays.
        var asked = await busan.StepAsync(merged, new { action = "merge", into });
        Assert.Equal(JsonValueKind.Object, asked.GetProperty("pending").ValueKind);
        Assert.NotEqual("merged", asked.GetProperty("status").GetString());
        Assert.Equal(1, (await ProposalsAsync(busan)).GetProperty("total").GetInt32());

        var confirmed = await national.StepAsync(merged, new { action = "review" });
        Assert.Equal("merged", confirmed.GetProperty("status").GetString());
        var target = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{into}");
        Assert.Equal(2, target.GetProperty("reports").GetArrayLength());
        Assert.Equal(0, (await ProposalsAsync(busan)).GetProperty("total").GetInt32());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_restarted_index_finds_the_same_related_cases_from_stored_features_and_from_older_rows(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-screener", "26", "screener");
        await NewCaseAsync(platform, busan, Dock, "26");
        var market = await NewCaseAsync(platform, busan, Market, "26");
        var warehouse = await NewCaseAsync(platform, busan, Warehouse, "26");
        await NewCaseAsync(platform, busan, MarketAgain, "26");
        var running = platform.CaseworkApp.Services.GetRequiredService<ClueIndex>();

        await using var db = platform.OpenCaseworkDb();
        // Both cases' related cases: one by the gang and the port, one a near-duplicate.
        async Task<List<string>> RelatedAsync(ClueIndex index) =>
            [
                .. Describe(await index.RelatedToCaseAsync(db, warehouse, CancellationToken.None)),
                .. Describe(await index.RelatedToCaseAsync(db, market, CancellationToken.None)),
            ];
        var before = await RelatedAsync(running);
        Assert.Contains(before, d => d.Contains(" True near-copy", StringComparison.Ordinal));
        Assert.Contains(before, d => d.Contains("same-gang", StringComparison.Ordinal));
        using (var restarted = new ClueIndex())
        {
            Assert.Equal(before, await RelatedAsync(restarted));
            Assert.Equal(running.Count, restarted.Count);
        }

        // Rows screened before the features were kept: computed from the reports at load, then stored once.
        await db.ReportScreenings.ExecuteUpdateAsync(u =>
            u.SetProperty(s => s.Keys, (string?)null)
                .SetProperty(s => s.Terms, (byte[]?)null)
                .SetProperty(s => s.Script, (string?)null)
        );
        using (var restarted = new ClueIndex())
        {
            Assert.Equal(before, await RelatedAsync(restarted));
        }

        // The first screening pass after a restart stores them: the next start reads no report.
        using (var restarted = new ClueIndex())
        {
            await using var scope = platform.CaseworkApp.Services.CreateAsyncScope();
            await ActivatorUtilities
                .CreateInstance<ClueScreening>(scope.ServiceProvider, restarted)
                .ScreenPendingAsync(CancellationToken.None);
            Assert.True(restarted.MissingFeaturesStored);
            Assert.Equal(before, await RelatedAsync(restarted));
        }

        Assert.False(await db.ReportScreenings.AnyAsync(s => s.Keys == null || s.Terms == null));
        using (var restarted = new ClueIndex())
        {
            Assert.Equal(before, await RelatedAsync(restarted));
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_follow_up_naming_the_gang_relates_its_case(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-screener", "26", "screener");
        var dock = await NewCaseAsync(platform, busan, Dock, "26");
        var (vague, receipt) = await NewCaseWithReceiptAsync(
            platform,
            busan,
            "동네 가게 몇 곳에 험상궂은 사람들이 찾아와서 돈을 내라고 합니다. 무서워서 신고합니다.",
            "26"
        );
        var before = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{vague}");
        Assert.Equal(0, before.GetProperty("related").GetArrayLength());

        await FollowUpAsync(
            platform,
            receipt,
            "알고 보니 그 사람들은 꼴망파 조직원들이고, 인천항 부두 쪽에서도 보호비를 뜯는다고 합니다."
        );
        await platform.TransferAsync();

        var after = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{vague}");
        var related = Assert.Single(after.GetProperty("related").EnumerateArray());
        Assert.Equal(dock, related.GetProperty("id").GetString());
        Assert.Contains("꼴망파", Reasons(related)["same-gang"]);
        // The other case learns of it too, and the trail of the follow-up's case records the match.
        var other = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{dock}");
        Assert.Contains(other.GetProperty("related").EnumerateArray(), r => r.GetProperty("id").GetString() == vague);
        var trail = await busan.GetStringAsync($"/api/v1/audit?case={vague}");
        Assert.Contains("followUpId", trail, StringComparison.Ordinal);
    }

    /// <summary>Submits a report, carries it across, and returns the one new case.</summary>
    private static async Task<string> NewCaseAsync(
        TestPlatform platform,
        HttpClient staff,
        string text,
        string region
    ) => (await NewCaseWithReceiptAsync(platform, staff, text, region)).CaseId;

    private static async Task<(string CaseId, string Receipt)> NewCaseWithReceiptAsync(
        TestPlatform platform,
        HttpClient staff,
        string text,
        string region
    )
    {
        await using var db = platform.OpenCaseworkDb();
        var known = await db.Cases.Select(c => c.Id).ToListAsync();
        var receipt = await platform.SubmitAsync(text, region);
        await platform.TransferAsync();
        var added = await db.Cases.Where(c => !known.Contains(c.Id)).Select(c => c.Id).ToListAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/cases/{Assert.Single(added)}")).StatusCode);
        return (added[0], receipt);
    }

    private static async Task FollowUpAsync(TestPlatform platform, string receipt, string text)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<JsonElement> ProposalsAsync(HttpClient staff) =>
        await staff.GetFromJsonAsync<JsonElement>("/api/v1/queues/merge-proposals");

    /// <summary>The reasons of a related case or a pair, by code.</summary>
    private static Dictionary<string, List<string>> Reasons(JsonElement related) =>
        related
            .GetProperty("reasons")
            .EnumerateArray()
            .ToDictionary(
                r => r.GetProperty("code").GetString()!,
                r => r.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList()
            );

    private static List<string> Describe(IReadOnlyList<RelatedClue> related) =>
        [
            .. related
                .Select(r => $"{r.CaseId} {r.NearDuplicate} {string.Join(",", r.Reasons.Select(m => m.Code))}")
                .Order(StringComparer.Ordinal),
        ];
}
