using System.Net;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Lifecycle;

/// <summary>Case state is a projection of the audit log: after a long random walk of actions the replay equals what is
/// stored, and a case row changed behind the application's back is named by <c>jebo audit rebuild</c>.</summary>
public sealed class CaseProjectionTests
{
    private static readonly string[] Regions =
    [
        "26380",
        "26380",
        "26",
        "11110",
        "11",
        "unclear",
        "unclear",
        "26380",
        "11110",
        "unclear",
    ];
    private static readonly string[] Offices = ["national", "26", "26380", "26110", "11", "11110"];

    private static async Task<List<string>> CasesAsync(TestPlatform platform, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await platform.SubmitAsync(
                $"조직 사건 {i} 보호비 갈취",
                Regions[i % Regions.Length],
                i % 3 == 0
                    ? new
                    {
                        anonymous = false,
                        name = "제보자" + i,
                        phone = "010-1234-000" + (i % 10),
                        contactConsent = true,
                    }
                    : null
            );
        }

        await platform.TransferAsync();
        await using var db = platform.OpenCaseworkDb();
        return await db.Cases.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }

    /// <summary>A body for <paramref name="action"/> on the case, with inputs drawn from <paramref name="random"/>
    /// (some of them wrong on purpose: refusals must leave no trace either).</summary>
    private static object Body(string action, JsonElement c, IReadOnlyList<string> cases, Random random)
    {
        string Pick(IReadOnlyList<string> from) => from[random.Next(from.Count)];
        switch (action)
        {
            case "reject":
                return new { action, reason = Pick(CaseAction.RejectionReasons) };
            case "assign":
                return new { action, office = Pick(Offices) };
            case "transfer":
                return new
                {
                    action,
                    office = Pick(Offices),
                    reason = "routing",
                };
            case "record-contact":
                return new
                {
                    action,
                    channel = Pick(CaseAction.ContactChannels),
                    outcome = "reached",
                };
            case "record-result":
                return new
                {
                    action,
                    result = Pick(CaseAction.Results),
                    summary = "found " + random.Next(100),
                };
            case "review":
                return random.Next(3) == 0
                    ? new
                    {
                        action,
                        decision = "return",
                        reason = "verify again",
                    }
                    : new { action };
            case "publish-status":
                return new { action, message = "진행 상황 안내" };
            case "merge":
                return new { action, into = Pick(cases) };
            case "supervise":
                return random.Next(2) == 0
                    ? new { action, reason = "follow" }
                    : new
                    {
                        action,
                        progressBy = DateTime
                            .UtcNow.AddDays(60)
                            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        reason = "by then",
                    };
            case "reopen":
                return new { action, reason = "new facts" };
            case "revert":
                var steps = c.GetProperty("history")
                    .EnumerateArray()
                    .Where(h =>
                        CaseLifecycle.Revertible.Any(a => AuditActions.OfCase(a) == h.GetProperty("action").GetString())
                    )
                    .Select(h => h.GetProperty("sequence").GetInt64())
                    .ToList();
                return new
                {
                    action,
                    @event = steps.Count == 0 ? 1 : steps[random.Next(steps.Count)],
                    reason = "taken by mistake",
                };
            default:
                return new { action };
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task After_hundreds_of_random_actions_the_replayed_log_equals_the_stored_cases(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock },
            "--rate-limits",
            "off"
        );
        HttpClient[] staff =
        [
            await platform.StaffClientAsync("nat-a", "national", "supervisor"),
            await platform.StaffClientAsync("nat-b", "national", "supervisor"),
            await platform.StaffClientAsync("busan-sup", "26", "supervisor"),
            await platform.StaffClientAsync("busan-scr", "26", "screener"),
            await platform.StaffClientAsync("saha-inv", "26380", "investigator"),
        ];
        var cases = await CasesAsync(platform, 16);
        var random = new Random(20261205);
        var done = new Dictionary<string, int>(StringComparer.Ordinal);
        const int steps = 500;
        for (var i = 0; i < steps; i++)
        {
            if (i % 40 == 39)
            {
                // Time passes: deadlines lapse and the watch escalates, which the replay must follow too.
                clock.Advance(TimeSpan.FromDays(random.Next(1, 6)));
                await platform
                    .CaseworkApp.Services.GetRequiredService<EscalationWatch>()
                    .RunOnceAsync(CancellationToken.None);
            }

            var client = staff[random.Next(staff.Length)];
            var id = cases[random.Next(cases.Count)];
            var shown = await client.GetAsync($"/api/v1/cases/{id}");
            if (shown.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            var c = JsonDocument.Parse(await shown.Content.ReadAsStringAsync()).RootElement;
            // A note changes nothing the replay reads (CaseTransitionTests takes it in every state); correcting and
            // passing on are replayed in CaseReferralTests; dismissing a merge proposal changes nothing of the case
            // (RelatedCaseScoringTests). Leaving them out keeps the walk's draws, and so what it covers, as they were.
            var allowed = c.GetProperty("allowedActions")
                .EnumerateArray()
                .Select(a => a.GetString()!)
                .Where(a =>
                    a
                        is not (
                            CaseAction.Note
                            or CaseAction.Reclassify
                            or CaseAction.Refer
                            or CaseAction.DismissDuplicate
                        )
                )
                .ToList();
            if (allowed.Count == 0)
            {
                continue;
            }

            // Walk cases forward often enough to reach results, reviews and closing; favour the steps that move cases
            // around and undo them; otherwise any allowed action.
            var forward = allowed
                .Where(a =>
                    a
                        is "accept"
                            or "reject"
                            or "assign"
                            or "start-verification"
                            or "record-result"
                            or "review"
                            or "publish-status"
                            or "close"
                )
                .ToList();
            var favoured = allowed.Where(a => a is "revert" or "transfer" or "merge" or "unmerge" or "reopen").ToList();
            var draw = random.Next(10);
            // A step asked for (reject, merge, unmerge, revert) waits for a second person: confirm it most of the time.
            var confirm =
                c.GetProperty("pending").ValueKind == JsonValueKind.Object
                && allowed.Contains("review")
                && random.Next(5) > 0;
            var action =
                confirm ? "review"
                : draw < 4 && forward.Count > 0 ? forward[random.Next(forward.Count)]
                : draw < 6 && favoured.Count > 0 ? favoured[random.Next(favoured.Count)]
                : allowed[random.Next(allowed.Count)];
            var answer = await client.ActAsync(id, confirm ? new { action } : Body(action, c, cases, random));
            Assert.True(
                answer.StatusCode
                    is HttpStatusCode.OK
                        or HttpStatusCode.BadRequest
                        or HttpStatusCode.Conflict
                        or HttpStatusCode.Forbidden,
                $"step {i}: {action} on {id} answered {(int)answer.StatusCode}: "
                    + $"{await answer.Content.ReadAsStringAsync()}"
            );
            if (answer.IsSuccessStatusCode)
            {
                done[action] = done.GetValueOrDefault(action) + 1;
            }
        }

        Assert.True(
            done.Values.Sum() >= 150,
            $"only {done.Values.Sum()} steps went through: {string.Join(", ", done)}"
        );
        foreach (
            var action in new[]
            {
                "accept",
                "transfer",
                "merge",
                "unmerge",
                "revert",
                "reopen",
                "close",
                "review",
                "supervise",
            }
        )
        {
            Assert.True(done.ContainsKey(action), $"the walk never took {action}: {string.Join(", ", done)}");
        }

        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.True(
                await db.AuditEntries.AnyAsync(e => e.Action == "case.escalated"),
                "the walk never escalated a case"
            );
            Assert.True(
                await db.AuditEntries.AnyAsync(e => e.Action == "case.revert" && e.Details.Contains("case.merge")),
                "the walk never reverted a merge"
            );
        }

        var (exit, output, error) = await platform.TryCliAsync(null, "audit", "rebuild");
        Assert.True(exit == 0, output + error);
        Assert.Contains($"{cases.Count} case(s) replayed", output, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_case_row_or_report_changed_by_hand_is_named_by_case_and_field(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var supervisor = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var cases = await CasesAsync(platform, 4);
        var (edited, later, moved, other) = (cases[0], cases[1], cases[2], cases[3]);
        await supervisor.StepAsync(edited, new { action = "accept" });
        await supervisor.StepAsync(later, new { action = "accept" });
        Assert.Equal(0, (await platform.TryCliAsync(null, "audit", "rebuild")).Exit);

        await using (var db = platform.OpenCaseworkDb())
        {
            // Someone with database access closes a case, flags another for supervision, and moves a report.
            await db
                .Cases.Where(c => c.Id == edited)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CaseStatus.Closed));
            await db.Cases.Where(c => c.Id == later).ExecuteUpdateAsync(s => s.SetProperty(c => c.OfficeCode, "11"));
            await db.Reports.Where(r => r.CaseId == moved).ExecuteUpdateAsync(s => s.SetProperty(r => r.CaseId, other));
        }

        // A step taken after the hidden change starts from a state the log never left the case in: named even after the
        // field is put back by that step.
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        await national.StepAsync(
            later,
            new
            {
                action = "transfer",
                office = "26",
                reason = "back home",
            }
        );

        var (exit, output, error) = await platform.TryCliAsync(null, "audit", "rebuild");
        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"case {edited}: status stored 'closed', log says 'accepted'", lines);
        Assert.Contains(lines, l =>
            l.StartsWith($"case {later}: entry ", StringComparison.Ordinal)
            && l.Contains("office '11'", StringComparison.Ordinal)
        );
        Assert.Contains(lines, l =>
            l.StartsWith($"case {other}: report ", StringComparison.Ordinal)
            && l.Contains($"log says 'in case {moved}'", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(lines, l => l.Contains("version", StringComparison.Ordinal));
        Assert.Contains("3 case(s)", error, StringComparison.Ordinal);

        // Read-only: the rebuild changed nothing.
        await using var check = platform.OpenCaseworkDb();
        Assert.Equal(CaseStatus.Closed, (await check.Cases.SingleAsync(c => c.Id == edited)).Status);
    }
}
