using Jebo.Casework.Lifecycle;

namespace Jebo.Casework.Tests.Lifecycle;

/// <summary>The state machine, cell by cell: every action in every state is either allowed, leading where the design
/// says, or refused with a reason. The expected table is written out here apart from the implementation.</summary>
public sealed class CaseLifecycleTests
{
    internal const string Same = "(same)";
    internal const string Restored = "(restored)";
    internal const string Reopened = "(reopened)";

    /// <summary>action → (state it is allowed from → state it leads to).</summary>
    internal static readonly Dictionary<string, Dictionary<string, string>> Expected = new(StringComparer.Ordinal)
    {
        ["accept"] = new() { ["received"] = "accepted", ["screened"] = "accepted" },
        ["reject"] = new() { ["received"] = "not-accepted", ["screened"] = "not-accepted" },
        ["assign"] = new() { ["accepted"] = "assigned", ["assigned"] = "assigned" },
        ["transfer"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
        },
        ["start-verification"] = new() { ["accepted"] = "in-verification", ["assigned"] = "in-verification" },
        ["record-contact"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["not-accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
            ["result-recorded"] = Same,
            ["reviewed"] = Same,
            ["feedback-given"] = Same,
        },
        ["acknowledge-protection"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["not-accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
            ["result-recorded"] = Same,
            ["reviewed"] = Same,
            ["feedback-given"] = Same,
        },
        ["record-result"] = new() { ["in-verification"] = "result-recorded", ["result-recorded"] = "result-recorded" },
        ["review"] = new() { ["result-recorded"] = "reviewed" },
        ["publish-status"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["not-accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
            ["reviewed"] = "feedback-given",
            ["feedback-given"] = Same,
        },
        ["merge"] = new()
        {
            ["received"] = "merged",
            ["screened"] = "merged",
            ["accepted"] = "merged",
            ["assigned"] = "merged",
            ["in-verification"] = "merged",
        },
        ["unmerge"] = new() { ["merged"] = Restored },
        ["supervise"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
            ["result-recorded"] = Same,
            ["reviewed"] = Same,
            ["feedback-given"] = Same,
        },
        ["close"] = new()
        {
            ["reviewed"] = "closed",
            ["feedback-given"] = "closed",
            ["not-accepted"] = "closed",
        },
        ["reopen"] = new()
        {
            ["closed"] = Reopened,
            ["feedback-given"] = Reopened,
            ["not-accepted"] = Reopened,
        },
        ["revert"] = CaseStatus.All.ToDictionary(s => s, _ => Restored),
        // Oversight (issue 16): none changes the state; a callback and a conclusion also on a closed case.
        ["record-callback"] = CaseStatus.All.Where(s => s != "merged").ToDictionary(s => s, _ => Same),
        ["report-progress"] = CaseStatus
            .All.Where(s => s is not ("merged" or "closed"))
            .ToDictionary(s => s, _ => Same),
        ["conclude-supervision"] = CaseStatus.All.Where(s => s != "merged").ToDictionary(s => s, _ => Same),
        ["note"] = CaseStatus.All.ToDictionary(s => s, _ => Same),
        // Correcting and passing on (issue 15): a correction until the result, as a transfer; a referral once accepted
        // and before the result, which gives the feedback (the reporter reads "referred").
        ["reclassify"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
        },
        ["refer"] = new()
        {
            ["accepted"] = "feedback-given",
            ["assigned"] = "feedback-given",
            ["in-verification"] = "feedback-given",
        },
        ["decide-reward"] = new()
        {
            ["reviewed"] = Same,
            ["feedback-given"] = Same,
            ["closed"] = Same,
        },
        // Duplicates across provinces (issue 16): asking to join while the case could be merged; dismissing a
        // relation in any state, since it changes nothing of the case.
        ["ask-join"] = new()
        {
            ["received"] = Same,
            ["screened"] = Same,
            ["accepted"] = Same,
            ["assigned"] = Same,
            ["in-verification"] = Same,
        },
        ["dismiss-related"] = CaseStatus.All.ToDictionary(s => s, _ => Same),
        // Near-duplicates (issue 17): dismissing a merge proposal changes nothing of the case either.
        ["dismiss-duplicate"] = CaseStatus.All.ToDictionary(s => s, _ => Same),
    };

    public static TheoryData<string, string> EveryActionInEveryState()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in CaseAction.All)
        {
            foreach (var state in CaseStatus.All)
            {
                data.Add(action, state);
            }
        }

        return data;
    }

    [Fact]
    public void The_expected_table_names_every_action_and_every_state()
    {
        Assert.Equal(CaseAction.All.Order(), Expected.Keys.Order());
        Assert.All(Expected.Values.SelectMany(v => v.Keys), s => Assert.Contains(s, CaseStatus.All));
        Assert.Equal(11, CaseStatus.All.Count);
    }

    [Theory]
    [MemberData(nameof(EveryActionInEveryState))]
    public void An_action_is_allowed_exactly_where_the_lifecycle_says_and_leads_where_it_says(
        string action,
        string state
    )
    {
        var decision = CaseLifecycle.Decide(action, state);
        if (!Expected[action].TryGetValue(state, out var to))
        {
            Assert.False(decision.IsAllowed, $"{action} in {state} should be refused");
            Assert.Contains(state, decision.Refusal, StringComparison.Ordinal);
            Assert.Contains(action, decision.Refusal, StringComparison.Ordinal);
            return;
        }

        Assert.True(decision.IsAllowed, $"{action} in {state} should be allowed: {decision.Refusal}");
        var transition = decision.Transition!;
        switch (to)
        {
            case Same:
                Assert.Equal(TransitionTarget.Unchanged, transition.Target);
                Assert.Equal(state, transition.Next(state));
                break;
            case Restored:
                Assert.Equal(TransitionTarget.Restored, transition.Target);
                break;
            case Reopened:
                Assert.Equal(TransitionTarget.Reopened, transition.Target);
                break;
            default:
                Assert.Equal(to, transition.Next(state));
                break;
        }
    }

    [Fact]
    public void A_review_that_returns_the_result_sends_the_case_back_to_verification()
    {
        Assert.Equal(
            "in-verification",
            CaseLifecycle.Decide("review", "result-recorded", "return").Transition!.Next("result-recorded")
        );
        Assert.Equal(
            "reviewed",
            CaseLifecycle.Decide("review", "result-recorded", "approve").Transition!.Next("result-recorded")
        );
        Assert.False(CaseLifecycle.Decide("review", "in-verification", "return").IsAllowed);
    }

    [Fact]
    public void Closing_before_the_review_is_refused_with_the_double_check_as_the_reason()
    {
        foreach (var state in new[] { "received", "accepted", "in-verification", "result-recorded" })
        {
            var decision = CaseLifecycle.Decide("close", state);
            Assert.False(decision.IsAllowed);
            Assert.Contains("reviewed by an office above", decision.Refusal, StringComparison.Ordinal);
        }

        Assert.Contains(
            "reviewed by an office above",
            CaseLifecycle.Decide("publish-status", "result-recorded").Refusal,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_reopened_case_goes_back_to_verification_when_it_was_accepted_once_and_to_received_otherwise()
    {
        Assert.Equal("in-verification", CaseLifecycle.ReopenTarget(everAccepted: true));
        Assert.Equal("received", CaseLifecycle.ReopenTarget(everAccepted: false));
    }

    [Fact]
    public void Closed_and_merged_cases_say_what_to_do_instead()
    {
        Assert.Contains("reopen it first", CaseLifecycle.Decide("accept", "closed").Refusal, StringComparison.Ordinal);
        Assert.Contains("unmerge", CaseLifecycle.Decide("accept", "merged").Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_action_is_refused()
    {
        Assert.False(CaseLifecycle.Decide("delete", "received").IsAllowed);
    }

    [Fact]
    public void The_actions_offered_in_a_state_are_those_the_table_allows()
    {
        foreach (var state in CaseStatus.All)
        {
            var expected = Expected.Where(e => e.Value.ContainsKey(state)).Select(e => e.Key).Order();
            Assert.Equal(expected, CaseLifecycle.ActionsFrom(state).Order());
        }
    }
}
