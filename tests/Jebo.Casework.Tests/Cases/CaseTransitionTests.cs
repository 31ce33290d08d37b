using System.Net;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Tests.Lifecycle;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Every action in every state through <c>POST /api/v1/cases/{id}/actions</c>: 200 with the case in the state
/// <see cref="CaseLifecycle"/> names, and a trail entry with the state before and after; or 409 naming why, with
/// nothing recorded. The lifecycle's table itself is checked against the design, written out, in
/// <see cref="CaseLifecycleTests"/>.</summary>
public sealed class CaseTransitionTests
{
    private static object BodyFor(string action, string mergeTarget, Guid? relation = null) =>
        action switch
        {
            CaseAction.Reject => new { action, reason = "insufficient" },
            CaseAction.Assign => new { action, office = "26380" },
            CaseAction.Transfer => new
            {
                action,
                office = "11",
                reason = "the matter lies in Seoul",
            },
            CaseAction.RecordContact => new
            {
                action,
                channel = "sms",
                outcome = "reached",
            },
            CaseAction.RecordResult => new
            {
                action,
                result = "unsubstantiated",
                summary = "nothing found",
            },
            CaseAction.PublishStatus => new { action, message = "thank you" },
            CaseAction.Merge => new { action, into = mergeTarget },
            CaseAction.Reopen => new { action, reason = "new information" },
            CaseAction.RecordCallback => new
            {
                action,
                reached = false,
                channel = "phone",
            },
            CaseAction.ReportProgress => new { action, text = "witness heard" },
            CaseAction.Note => new { action, text = "내부 메모" },
            CaseAction.ConcludeSupervision => new { action, assessment = "done well" },
            CaseAction.Reclassify => new
            {
                action,
                category = "gambling",
                reason = "도박 사건으로 정정",
            },
            CaseAction.Refer => new
            {
                action,
                agency = "prosecution",
                name = "부산지방검찰청",
                reason = "검찰 직접 수사 대상",
            },
            CaseAction.DecideReward => new
            {
                action,
                decision = "refuse",
                reason = "already under investigation",
            },
            CaseAction.AskJoin => new
            {
                action,
                relation,
                reason = "같은 칠성파 사건",
            },
            CaseAction.DismissRelated or CaseAction.DismissDuplicate => new
            {
                action,
                relation,
                reason = "다른 조직",
            },
            _ => new { action },
        };

    [Theory]
    [DatabaseProviders]
    public async Task Every_action_in_every_state_is_taken_or_refused_as_the_lifecycle_says(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var reviewer = await platform.StaffClientAsync("nat-sup2", "national", "supervisor");
        var failures = new List<string>();
        foreach (var action in CaseAction.All.Where(a => a != CaseAction.Revert))
        {
            foreach (var state in CaseStatus.All)
            {
                string id;
                if (state == CaseStatus.Merged)
                {
                    id = await CaseSeeds.AddAsync(platform);
                    await national.ConfirmedAsync(
                        reviewer,
                        id,
                        new { action = "merge", into = await CaseSeeds.AddAsync(platform) }
                    );
                }
                else
                {
                    // The oversight steps act on a sampled or supervised case, acknowledge-protection on a case
                    // whose reporter's request for protection waits.
                    var supervised = action is CaseAction.ReportProgress or CaseAction.ConcludeSupervision;
                    id = await CaseSeeds.AddAsync(
                        platform,
                        status: state,
                        shape: supervised ? CaseSeeds.SupervisedBy("national")
                            : action == CaseAction.AcknowledgeProtection ? CaseSeeds.ProtectionRequested()
                            : null
                    );
                    if (action == CaseAction.RecordCallback)
                    {
                        await CaseSeeds.SampleAsync(platform, id);
                    }

                    if (action == CaseAction.DecideReward)
                    {
                        await CaseSeeds.ClaimRewardAsync(platform, id);
                    }
                }

                var target = await CaseSeeds.AddAsync(platform);
                var earlier = await EntriesAsync(national, id, action);
                var gated = Jebo.Casework.Staff.FourEyes.Gated.Contains(action);
                // ask-join and dismiss-related name a relation between provinces of the case; dismiss-duplicate a
                // merge proposal.
                var relation =
                    action is CaseAction.AskJoin or CaseAction.DismissRelated
                        ? await CaseSeeds.RelateAsync(platform, id, await CaseSeeds.AddAsync(platform, "11"), 0.8)
                    : action is CaseAction.DismissDuplicate
                        ? await CaseSeeds.RelateAsync(platform, id, await CaseSeeds.AddAsync(platform), 0.9, true)
                    : (Guid?)null;
                var response = await national.ActAsync(id, BodyFor(action, target, relation));
                if (gated && response.StatusCode == HttpStatusCode.OK)
                {
                    // Asked for, then confirmed by a second person: only then does the step take effect.
                    response = await reviewer.ActAsync(id, new { action = "review" });
                }

                var text = await response.Content.ReadAsStringAsync();
                var answer = JsonDocument.Parse(text).RootElement;
                var trail = await national.GetStringAsync($"/api/v1/audit?case={id}");
                var recorded = await EntriesAsync(national, id, action) > earlier;
                var decision = CaseLifecycle.Decide(action, state);
                if (!decision.IsAllowed)
                {
                    if (
                        response.StatusCode != HttpStatusCode.Conflict
                        || !answer.GetProperty("detail").GetString()!.Contains(state, StringComparison.Ordinal)
                        || recorded
                    )
                    {
                        failures.Add(
                            $"{action} in {state}: expected 409 naming the state and no trail entry, got "
                                + $"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}"
                        );
                    }

                    continue;
                }

                // Where the lifecycle leads, with the seeds' history: the merged cases were merged from received, and
                // only the cases seeded as not accepted were never accepted.
                var expected = decision.Transition!.Leads(
                    state,
                    everAccepted: state != CaseStatus.NotAccepted,
                    restored: CaseStatus.Received
                );
                if (
                    response.StatusCode != HttpStatusCode.OK
                    || answer.GetProperty("status").GetString() != expected
                    || !recorded
                )
                {
                    failures.Add(
                        $"{action} in {state}: expected 200 → {expected} with a trail entry, got "
                            + $"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}"
                    );
                    continue;
                }

                var entry = JsonDocument
                    .Parse(trail)
                    .RootElement.EnumerateArray()
                    .Last(e => e.GetProperty("action").GetString() == AuditActions.OfCase(action));
                var details = JsonDocument.Parse(entry.GetProperty("details").GetString()!).RootElement;
                if (
                    details.GetProperty("before").GetProperty("status").GetString() != state
                    || details.GetProperty("after").GetProperty("status").GetString() != expected
                    || entry.GetProperty("actor").GetString() != (gated ? "nat-sup2" : "nat-sup")
                    || entry.GetProperty("actorOffice").GetString() != "national"
                    || (gated && details.GetProperty("requestedBy").GetString() != "nat-sup")
                )
                {
                    failures.Add(
                        $"{action} in {state}: the trail entry does not hold actor, office, before and after: {entry}"
                    );
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static async Task<int> EntriesAsync(HttpClient client, string id, string action) =>
        JsonDocument
            .Parse(await client.GetStringAsync($"/api/v1/audit?case={id}"))
            .RootElement.EnumerateArray()
            .Count(e => e.GetProperty("action").GetString() == AuditActions.OfCase(action));
}
