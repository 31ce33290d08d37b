using Jebo.Casework.Localization;
using static Jebo.Casework.Lifecycle.CaseStatus;

namespace Jebo.Casework.Lifecycle;

/// <summary>Where an allowed action leaves the case's state.</summary>
public enum TransitionTarget
{
    /// <summary>The state named by <see cref="Transition.To"/>.</summary>
    Fixed,

    /// <summary>The state does not change (a transfer, a contact, a message, a supervision flag).</summary>
    Unchanged,

    /// <summary>The state before the event being undone (unmerge, revert), read from that event's audit
    /// entry.</summary>
    Restored,

    /// <summary>Back to work: <c>in-verification</c> for a case that was accepted once, <c>received</c>
    /// otherwise.</summary>
    Reopened,
}

/// <summary>One row of the lifecycle: <paramref name="Action"/> (with <paramref name="Variant"/>, e.g. a review that
/// returns the result) is allowed from the states in <paramref name="From"/> and leads to
/// <paramref name="To"/>.</summary>
public sealed record Transition(
    string Action,
    string? Variant,
    IReadOnlyList<string> From,
    TransitionTarget Target,
    string? To = null
)
{
    /// <summary>The state after the action, when it does not depend on the case's history.</summary>
    public string? Next(string current) =>
        Target switch
        {
            TransitionTarget.Fixed => To,
            TransitionTarget.Unchanged => current,
            _ => null,
        };

    /// <summary>The state after the action on a case in <paramref name="current"/>, with what its history decides:
    /// whether it was <paramref name="everAccepted"/> (for a reopen) and the state before the event being undone
    /// (<paramref name="restored"/>, for an unmerge or a revert that changed the state; a revert that did not leaves
    /// it).</summary>
    public string Leads(string current, bool everAccepted, string? restored = null) =>
        Target switch
        {
            TransitionTarget.Fixed => To!,
            TransitionTarget.Unchanged => current,
            TransitionTarget.Reopened => CaseLifecycle.ReopenTarget(everAccepted),
            _ => restored ?? current,
        };
}

/// <summary>The answer of <see cref="CaseLifecycle.Decide"/>: the transition to take, or why none is allowed.</summary>
public sealed record LifecycleDecision(Transition? Transition, string? Refusal)
{
    public bool IsAllowed => Transition is not null;
}

/// <summary>
/// The case lifecycle of DESIGN.md as an explicit state machine: the only place that says which action is allowed in
/// which state and where it leads, including which steps a revert undoes and where it leads. The steps
/// (<c>Cases/CaseTransitions</c> and the others <c>Cases/CaseActions</c> dispatches to) set the state this table names;
/// <see cref="CaseProjection"/> beside it replays it from the trail. Who may take an action is decided apart, in
/// <c>Staff/CasePermissions</c>.
/// </summary>
/// <remarks>
/// <code>
/// received ─┬─ accept ──► accepted ─┬─ assign ──► assigned ─┐
/// screened ─┘               │       └───────────────────────┴─ start-verification ──► in-verification
///           └─ reject ──► not-accepted ── close ──► closed      record-result ──► result-recorded
/// result-recorded ── review (office above) ──► reviewed ── publish-status ──► feedback-given ── close ──► closed
///                 └─ review decision=return ──► in-verification
/// open states ── merge ──► merged ── unmerge ──► (state before the merge)
/// closed, feedback-given, not-accepted ── reopen ──► in-verification (accepted once) | received
/// transfer, record-contact, acknowledge-protection, supervise, note, publish-status (before the result),
/// record-callback, report-progress, conclude-supervision, reclassify and decide-reward (on a reviewed case, once
/// confirmed by a second person above) leave the state as it is;
/// accepted, assigned, in-verification ── refer (confirmed above) ──► feedback-given (the reporter reads "referred");
/// ask-join (until a result is recorded) and dismiss-related (any state) leave the state as it is;
/// revert undoes an accept, reject, assign, transfer, start-verification, merge, supervise or close.
/// </code>
/// Security: feedback cannot reach the reporter, and a case cannot be closed, before a result was reviewed by the level
/// above (the double check): <c>publish-status</c> is refused in <c>result-recorded</c> and <c>close</c> is refused
/// before <c>reviewed</c>, except for a case that was never accepted.
/// </remarks>
public static class CaseLifecycle
{
    private static readonly string[] Undecided = [Received, Screened];
    private static readonly string[] BeforeResult = [Received, Screened, Accepted, Assigned, InVerification];
    private static readonly string[] Working =
    [
        Received,
        Screened,
        Accepted,
        NotAccepted,
        Assigned,
        InVerification,
        ResultRecorded,
        Reviewed,
        FeedbackGiven,
    ];

    public static readonly IReadOnlyList<Transition> Transitions =
    [
        new(CaseAction.Accept, null, Undecided, TransitionTarget.Fixed, Accepted),
        new(CaseAction.Reject, null, Undecided, TransitionTarget.Fixed, NotAccepted),
        new(CaseAction.Assign, null, [Accepted, Assigned], TransitionTarget.Fixed, Assigned),
        new(CaseAction.Transfer, null, BeforeResult, TransitionTarget.Unchanged),
        new(CaseAction.StartVerification, null, [Accepted, Assigned], TransitionTarget.Fixed, InVerification),
        new(CaseAction.RecordContact, null, Working, TransitionTarget.Unchanged),
        new(CaseAction.AcknowledgeProtection, null, Working, TransitionTarget.Unchanged),
        new(CaseAction.RecordResult, null, [InVerification, ResultRecorded], TransitionTarget.Fixed, ResultRecorded),
        new(CaseAction.Review, CaseAction.ReviewApprove, [ResultRecorded], TransitionTarget.Fixed, Reviewed),
        new(CaseAction.Review, CaseAction.ReviewReturn, [ResultRecorded], TransitionTarget.Fixed, InVerification),
        new(CaseAction.PublishStatus, null, [Reviewed], TransitionTarget.Fixed, FeedbackGiven),
        new(
            CaseAction.PublishStatus,
            null,
            [Received, Screened, Accepted, NotAccepted, Assigned, InVerification, FeedbackGiven],
            TransitionTarget.Unchanged
        ),
        new(CaseAction.Merge, null, BeforeResult, TransitionTarget.Fixed, Merged),
        new(CaseAction.Unmerge, null, [Merged], TransitionTarget.Restored),
        new(
            CaseAction.Supervise,
            null,
            [Received, Screened, Accepted, Assigned, InVerification, ResultRecorded, Reviewed, FeedbackGiven],
            TransitionTarget.Unchanged
        ),
        new(CaseAction.Close, null, [Reviewed, FeedbackGiven, NotAccepted], TransitionTarget.Fixed, Closed),
        new(CaseAction.Reopen, null, [Closed, FeedbackGiven, NotAccepted], TransitionTarget.Reopened),
        new(CaseAction.Revert, null, All, TransitionTarget.Restored),
        new(CaseAction.RecordCallback, null, [.. Working, Closed], TransitionTarget.Unchanged),
        new(CaseAction.ReportProgress, null, Working, TransitionTarget.Unchanged),
        new(CaseAction.ConcludeSupervision, null, [.. Working, Closed], TransitionTarget.Unchanged),
        // A reward is decided once the result was reviewed, also after the case was answered or closed.
        new(CaseAction.DecideReward, null, [Reviewed, FeedbackGiven, Closed], TransitionTarget.Unchanged),
        // A note for colleagues may be written whatever the state: it changes nothing and reaches no reporter.
        new(CaseAction.Note, null, All, TransitionTarget.Unchanged),
        // Correcting category or region is part of working a case, until its result is recorded (as a transfer).
        new(CaseAction.Reclassify, null, BeforeResult, TransitionTarget.Unchanged),
        // Passed on to another body: the platform's work ends, and the reporter is told (as feedback) where it went.
        new(CaseAction.Refer, null, [Accepted, Assigned, InVerification], TransitionTarget.Fixed, FeedbackGiven),
        // Asking the national office to join a case with one held in another province: while it could be merged.
        new(CaseAction.AskJoin, null, BeforeResult, TransitionTarget.Unchanged),
        // Dismissing a relation changes nothing of the case, and a stale pair must be dismissable whatever the state.
        new(CaseAction.DismissRelated, null, All, TransitionTarget.Unchanged),
        new(CaseAction.DismissDuplicate, null, All, TransitionTarget.Unchanged),
    ];

    /// <summary>Decides whether <paramref name="action"/> (with <paramref name="variant"/>) may be taken in
    /// <paramref name="status"/>; when not, why, in the reader's language (<c>Refusal.Hint.*</c>, one for every action
    /// some state refuses).</summary>
    public static LifecycleDecision Decide(string action, string status, string? variant = null)
    {
        var rows = Transitions
            .Where(t => t.Action == action && (t.Variant is null || t.Variant == (variant ?? CaseAction.ReviewApprove)))
            .ToList();
        if (rows.Count == 0)
        {
            return new LifecycleDecision(null, $"'{action}' is not an action of the case lifecycle");
        }

        if (rows.FirstOrDefault(t => t.From.Contains(status)) is { } transition)
        {
            return new LifecycleDecision(transition, null);
        }

        var hint = Refusals.Text("Refusal.Hint." + (status is Closed or Merged ? status : action));
        return new LifecycleDecision(
            null,
            Refusals.Text("Refusal.State", Refusals.Name("Action", action), Refusals.Name("Status", status), hint)
        );
    }

    /// <summary>The actions the lifecycle allows in <paramref name="status"/>, whoever takes them.</summary>
    public static IReadOnlyList<string> ActionsFrom(string status) =>
        [.. CaseAction.All.Where(a => Transitions.Any(t => t.Action == a && t.From.Contains(status)))];

    /// <summary>The state a reopened case returns to.</summary>
    public static string ReopenTarget(bool everAccepted) => everAccepted ? InVerification : Received;

    /// <summary>Actions whose effect <see cref="CaseAction.Revert"/> can undo with a compensating event; the others
    /// record facts (a contact, a result, a review, a message sent) that are corrected by recording anew, never
    /// unsaid.</summary>
    public static readonly IReadOnlyList<string> Revertible =
    [
        CaseAction.Accept,
        CaseAction.Reject,
        CaseAction.Assign,
        CaseAction.Transfer,
        CaseAction.StartVerification,
        CaseAction.Merge,
        CaseAction.Supervise,
        CaseAction.Close,
    ];

    /// <summary>The state a revert leads to: the state before the reverted step when that step changed it (see
    /// <see cref="CaseSnapshot.ChangedFrom"/>), the current state otherwise.</summary>
    public static string RevertTarget(CaseSnapshot before, CaseSnapshot after, string current) =>
        after.ChangedFrom(before).Contains("status") ? before.Status : current;
}
