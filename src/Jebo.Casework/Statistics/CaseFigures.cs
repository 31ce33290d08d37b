using System.Linq.Expressions;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;

namespace Jebo.Casework.Statistics;

/// <summary>How one deadline of one case stands: none set, met in time, met late, running in time, running overdue,
/// or stopped unmet (the case left the states in which it runs).</summary>
public enum DeadlineOutcome
{
    None,
    MetOnTime,
    MetLate,
    Running,
    Overdue,
    Stopped,
}

/// <summary>The columns of a case that statistics and the ledger judge, read in one projection; and the one rule for
/// how each deadline stands.</summary>
public sealed record CaseFigures(
    string Office,
    string Status,
    DateTimeOffset ReceivedAt,
    bool HasContact,
    DateTimeOffset? ContactDueAt,
    DateTimeOffset? ContactedAt,
    DateTimeOffset? AcceptanceDueAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? VerificationDueAt,
    DateTimeOffset? ResultAt,
    string? Result,
    DateTimeOffset? ReviewedAt,
    DateTimeOffset? FeedbackDueAt,
    DateTimeOffset? FeedbackAt,
    bool Supervised,
    DateTimeOffset? ProgressDueAt,
    DateTimeOffset? ProgressMetAt,
    DateTimeOffset? ClosedAt
)
{
    public static readonly Expression<Func<CaseRecord, CaseFigures>> Projection = c => new CaseFigures(
        c.OfficeCode,
        c.Status,
        c.ReceivedAt,
        c.HasContact,
        c.ContactDueAt,
        c.ContactedAt,
        c.AcceptanceDueAt,
        c.DecidedAt,
        c.AcceptedAt,
        c.VerificationDueAt,
        c.ResultAt,
        c.Result,
        c.ReviewedAt,
        c.FeedbackDueAt,
        c.FeedbackAt,
        c.Supervised,
        c.ProgressDueAt,
        c.ProgressMetAt,
        c.ClosedAt
    );

    /// <summary>The same projection for a case already read.</summary>
    public static readonly Func<CaseRecord, CaseFigures> Of = Projection.Compile();

    /// <summary>A result that confirms the clue, wholly or in part.</summary>
    public static bool Confirms(string? result) => result is "substantiated" or "partly";

    /// <summary>How the deadline of <paramref name="kind"/> stands at <paramref name="now"/>: met in time when met
    /// before it fell due (deadlines are exclusive); running while unmet in a state where it runs, overdue once
    /// due.</summary>
    public DeadlineOutcome Outcome(string kind, DateTimeOffset now)
    {
        var (due, met, runs) = kind switch
        {
            DeadlineKind.Contact => (HasContact ? ContactDueAt : null, ContactedAt, CaseStatus.IsOpen(Status)),
            DeadlineKind.Acceptance => (
                AcceptanceDueAt,
                DecidedAt,
                Status is CaseStatus.Received or CaseStatus.Screened
            ),
            DeadlineKind.Verification => (
                VerificationDueAt,
                ResultAt,
                Status is CaseStatus.Accepted or CaseStatus.Assigned or CaseStatus.InVerification
            ),
            DeadlineKind.Feedback => (
                FeedbackDueAt,
                FeedbackAt,
                Status is CaseStatus.ResultRecorded or CaseStatus.Reviewed
            ),
            DeadlineKind.Progress => (Supervised ? ProgressDueAt : null, ProgressMetAt, CaseStatus.IsOpen(Status)),
            _ => ((DateTimeOffset?)null, (DateTimeOffset?)null, false),
        };
        return (due, met) switch
        {
            (null, _) => DeadlineOutcome.None,
            ({ } d, { } m) => m < d ? DeadlineOutcome.MetOnTime : DeadlineOutcome.MetLate,
            ({ } d, null) when runs => d <= now ? DeadlineOutcome.Overdue : DeadlineOutcome.Running,
            _ => DeadlineOutcome.Stopped,
        };
    }
}
