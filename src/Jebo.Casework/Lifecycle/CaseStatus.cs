using Jebo.Transfer.Status;

namespace Jebo.Casework.Lifecycle;

/// <summary>The states of the case lifecycle (DESIGN.md), as stored and as the API names them. Which action leads
/// from which state to which is decided in <see cref="CaseLifecycle"/>.</summary>
public static class CaseStatus
{
    public const string Received = "received";
    public const string Screened = "screened";
    public const string Accepted = "accepted";
    public const string NotAccepted = "not-accepted";
    public const string Assigned = "assigned";
    public const string InVerification = "in-verification";
    public const string ResultRecorded = "result-recorded";
    public const string Reviewed = "reviewed";
    public const string FeedbackGiven = "feedback-given";
    public const string Closed = "closed";
    public const string Merged = "merged";

    public static readonly IReadOnlyList<string> All =
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
        Closed,
        Merged,
    ];

    /// <summary>States in which a case is still being worked: its deadlines run and it can be supervised.</summary>
    public static readonly IReadOnlyList<string> Open =
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

    public static bool IsOpen(string status) => status is not (Closed or Merged);

    /// <summary>What the reporter is told about a case: a closed case that was never accepted stays "not
    /// accepted".</summary>
    public static PublicStatus ToPublic(string status, bool everAccepted) =>
        status == Closed && !everAccepted ? PublicStatus.NotAccepted : ToPublic(status);

    /// <summary>What the reporter is told for a case in this state.</summary>
    public static PublicStatus ToPublic(string status) =>
        status switch
        {
            Accepted or Assigned => PublicStatus.Accepted,
            NotAccepted => PublicStatus.NotAccepted,
            InVerification or ResultRecorded or Reviewed => PublicStatus.InVerification,
            FeedbackGiven or Closed => PublicStatus.Completed,
            _ => PublicStatus.Received,
        };
}
