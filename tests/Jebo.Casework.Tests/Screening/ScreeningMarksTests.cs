using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Screening;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Screening;

/// <summary>A case's screening priority, out-of-scope suggestion and repetition flag follow its reports and its
/// office through merge, unmerge and transfer (<see cref="ScreeningMarks"/>), taken through the API as staff take
/// them.</summary>
public sealed class ScreeningMarksTests
{
    private const string Repeated = "010-3456-7890";
    private const string Neighbour = "010-2222-3333";

    [Theory]
    [DatabaseProviders]
    public async Task Merge_unmerge_and_transfer_keep_the_priority_and_the_repetition_flag_right(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var busan = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        // Six reports from one contact (spelled several ways) about a gang's racket: flagged in Busan, in scope.
        string[] spellings = ["010-3456-7890", "01034567890", "+82 10 3456 7890", "010 3456 7890", "010.3456.7890"];
        for (var i = 0; i < 6; i++)
        {
            await SubmitAsync(
                platform,
                "protection-racket",
                spellings[i % spellings.Length],
                $"부산 사하구 괴정시장 상인들에게 칠성파 조직원들이 매달 보호비를 갈취하고 협박합니다. {i}번째 제보입니다."
            );
        }

        // One neighbour's complaint from another number: suggested out of scope, lowest in the queue.
        await SubmitAsync(platform, "unclear", Neighbour, "옆집 층간소음이 너무 심해서 밤에 잠을 잘 수가 없어요.");
        await platform.TransferAsync();

        var racket = await CasesOfAsync(platform, Repeated);
        var complaint = Assert.Single(await CasesOfAsync(platform, Neighbour));
        Assert.Equal(6, racket.Count);
        var marks = await MarksAsync(platform);
        Assert.All(racket, id => Assert.Equal((RepetitionWatch.ByContact, 6), (marks[id].Kind, marks[id].Count)));
        var (racketPriority, complaintPriority) = (marks[racket[0]].Priority!.Value, marks[complaint].Priority!.Value);
        Assert.True(racketPriority > complaintPriority, $"{racketPriority} should outrank {complaintPriority}");
        Assert.True(marks[complaint].Suggested);
        Assert.False(marks[racket[0]].Suggested);
        Assert.Null(marks[complaint].Kind);

        // Transfer: the priority stays, but Seoul counts its own reports from the contact (one), so no flag there.
        var moved = racket[0];
        await busan.StepAsync(
            moved,
            new
            {
                action = "transfer",
                office = "11",
                reason = "서울 사건입니다",
            }
        );
        marks = await MarksAsync(platform);
        Assert.Equal(
            (racketPriority, (string?)null, (int?)null),
            (marks[moved].Priority, marks[moved].Kind, marks[moved].Count)
        );
        var seen = await seoul.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{moved}");
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("repetition").ValueKind);
        var transfer = await LastEntryAsync(platform, moved, "case.transfer");
        Assert.Contains("\"repetitionBefore\":\"contact\"", transfer, StringComparison.Ordinal);

        // Merge (asked by Busan, confirmed by the national office): the complaint's case now holds a racket report,
        // so it takes the strongest priority, loses the out-of-scope suggestion, and is flagged for Busan's five
        // reports from the contact; the case merged away holds nothing and keeps no mark.
        var (merged, into) = (racket[1], complaint);
        var asked = await busan.StepAsync(merged, new { action = "merge", into });
        Assert.Equal(JsonValueKind.Object, asked.GetProperty("pending").ValueKind);
        Assert.Equal(racketPriority, (await MarksAsync(platform))[merged].Priority);
        Assert.Equal(
            "merged",
            (await national.StepAsync(merged, new { action = "review" })).GetProperty("status").GetString()
        );
        marks = await MarksAsync(platform);
        Assert.Equal(racketPriority | complaintPriority, marks[into].Priority);
        Assert.False(marks[into].Suggested);
        Assert.Equal((RepetitionWatch.ByContact, 5), (marks[into].Kind, marks[into].Count));
        Assert.Equal((null, null, false), (marks[merged].Priority, marks[merged].Kind, marks[merged].Suggested));
        Assert.Contains(
            "\"caseId\":\"" + into + "\"",
            await LastEntryAsync(platform, merged, "case.merge"),
            StringComparison.Ordinal
        );
        var queue = await busan.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition");
        Assert.Contains(into, Ids(queue));
        Assert.DoesNotContain(merged, Ids(queue));
        Assert.DoesNotContain(moved, Ids(queue));

        // Unmerge (asked and confirmed): each case gets back its own priority, suggestion and flag.
        await busan.StepAsync(merged, new { action = "unmerge" });
        await national.StepAsync(merged, new { action = "review" });
        marks = await MarksAsync(platform);
        Assert.Equal(
            (complaintPriority, true, (string?)null),
            (marks[into].Priority, marks[into].Suggested, marks[into].Kind)
        );
        Assert.Equal(
            (racketPriority, false, RepetitionWatch.ByContact, 5),
            (marks[merged].Priority, marks[merged].Suggested, marks[merged].Kind, marks[merged].Count)
        );
        queue = await busan.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition");
        Assert.Contains(merged, Ids(queue));
        Assert.DoesNotContain(into, Ids(queue));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_waiting_request_for_protection_goes_with_its_reports_into_the_case_they_are_merged_into(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var busan = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        await SubmitAsync(
            platform,
            "protection-racket",
            Repeated,
            "칠성파 조직원들이 제 가게를 찾아와 보호비를 안 내면 가만두지 않겠다고 협박했습니다. 신변 보호를 부탁드립니다.",
            protection: true
        );
        await SubmitAsync(
            platform,
            "protection-racket",
            Neighbour,
            "부산 사하구 괴정시장 상인들에게 칠성파 조직원들이 매달 보호비를 갈취합니다."
        );
        await platform.TransferAsync();
        var asking = Assert.Single(await CasesOfAsync(platform, Repeated));
        var into = Assert.Single(await CasesOfAsync(platform, Neighbour));
        var due = (await CaseAsync(platform, asking)).ProtectionDueAt;
        Assert.NotNull(due);

        // An insider merging the case away would stop its deadline: the request goes with the report.
        await busan.StepAsync(asking, new { action = "merge", into });
        await national.StepAsync(asking, new { action = "review" });
        var holder = await CaseAsync(platform, into);
        Assert.Equal(
            (true, due, (DateTimeOffset?)null),
            (holder.Urgent, holder.ProtectionDueAt, holder.ProtectionAcknowledgedAt)
        );
        Assert.Equal(("protection", due), (holder.NextDueKind, holder.NextDueAt));
        var urgent = Ids(await busan.GetFromJsonAsync<JsonElement>("/api/v1/queues/urgent"));
        Assert.Contains(into, urgent);
        Assert.DoesNotContain(asking, urgent);
        Assert.Contains(
            "\"protectionDueAt\"",
            await LastEntryAsync(platform, into, "case.merge-received"),
            StringComparison.Ordinal
        );
    }

    private static async Task<Jebo.Casework.Data.CaseRecord> CaseAsync(TestPlatform platform, string id)
    {
        await using var db = platform.OpenCaseworkDb();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static async Task SubmitAsync(
        TestPlatform platform,
        string category,
        string phone,
        string description,
        bool protection = false
    )
    {
        var response = await platform.Intake.PostAsJsonAsync(
            "/api/v1/reports",
            new
            {
                language = "ko",
                category,
                region = "26",
                reporter = new
                {
                    anonymous = false,
                    name = "김민지",
                    phone,
                    contactConsent = true,
                    protection,
                },
                facts = new { description },
            }
        );
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The cases holding reports whose reporter left a phone with the digits of <paramref name="phone"/>,
    /// by id.</summary>
    private static async Task<List<string>> CasesOfAsync(TestPlatform platform, string phone)
    {
        var digits = phone.Replace("-", "", StringComparison.Ordinal)[1..];
        await using var db = platform.OpenCaseworkDb();
        var rows = await (
            from i in db.ReporterIdentities.AsNoTracking()
            join r in db.Reports.AsNoTracking() on i.ReportId equals r.Id
            select new { i.Phone, r.CaseId }
        ).ToListAsync();
        return
        [
            .. rows.Where(r => new string([.. r.Phone!.Where(char.IsDigit)]).EndsWith(digits, StringComparison.Ordinal))
                .Select(r => r.CaseId)
                .Order(StringComparer.Ordinal),
        ];
    }

    private static async Task<Dictionary<string, (int? Priority, bool Suggested, string? Kind, int? Count)>> MarksAsync(
        TestPlatform platform
    )
    {
        await using var db = platform.OpenCaseworkDb();
        return (await db.Cases.AsNoTracking().ToListAsync()).ToDictionary(
            c => c.Id,
            c => (c.ScreeningPriority, c.OutOfScopeSuggestedAt != null, c.RepetitionKind, c.RepetitionCount)
        );
    }

    private static async Task<string> LastEntryAsync(TestPlatform platform, string caseId, string action)
    {
        await using var db = platform.OpenCaseworkDb();
        return await db
            .AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == caseId && a.Action == action)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.Details)
            .FirstAsync();
    }

    private static List<string?> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];
}
