using Jebo.Transfer.Status;

namespace Jebo.Casework.Lifecycle;

/// <summary>The actions of <c>POST /api/v1/cases/{id}/actions</c> (CONTRACT.md), by their API names.</summary>
public static class CaseAction
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string Assign = "assign";
    public const string Transfer = "transfer";
    public const string StartVerification = "start-verification";
    public const string RecordContact = "record-contact";
    public const string RecordResult = "record-result";
    public const string Review = "review";
    public const string PublishStatus = "publish-status";
    public const string Merge = "merge";
    public const string Unmerge = "unmerge";
    public const string Supervise = "supervise";
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string Revert = "revert";
    public const string AcknowledgeProtection = "acknowledge-protection";

    // Oversight (issue 16): the monthly callback and supervision that ends.
    public const string RecordCallback = "record-callback";
    public const string ReportProgress = "report-progress";
    public const string ConcludeSupervision = "conclude-supervision";
    public const string Note = "note";

    // Correcting and passing on (issue 15).
    public const string Reclassify = "reclassify";
    public const string Refer = "refer";

    // Rewards (issue 21): one person proposes, a second one above confirms with review.
    public const string DecideReward = "decide-reward";

    // Duplicates across provinces (issue 16): an office asks the national office to join a pair; the national office
    // joins them (merge) or dismisses the relation.
    public const string AskJoin = "ask-join";
    public const string DismissRelated = "dismiss-related";

    // Near-duplicates (issue 17): screening proposes a pair for merging; whoever sees both cases merges them (merge)
    // or dismisses the proposal, which is then not made again.
    public const string DismissDuplicate = "dismiss-duplicate";

    public static readonly IReadOnlyList<string> All =
    [
        Accept,
        Reject,
        Assign,
        Transfer,
        StartVerification,
        RecordContact,
        RecordResult,
        Review,
        PublishStatus,
        Merge,
        Unmerge,
        Supervise,
        Close,
        Reopen,
        Revert,
        AcknowledgeProtection,
        RecordCallback,
        ReportProgress,
        ConcludeSupervision,
        Note,
        Reclassify,
        Refer,
        DecideReward,
        AskJoin,
        DismissRelated,
        DismissDuplicate,
    ];

    /// <summary>Reasons a case is not accepted (DESIGN.md).</summary>
    public static readonly IReadOnlyList<string> RejectionReasons = ["out-of-scope", "insufficient", "abusive"];

    /// <summary>What a rejection through the API without a reason records (the staff pages always ask for
    /// one).</summary>
    public const string ReasonNotGiven = "not-given";

    /// <summary>The results <c>record-result</c> takes, as the reporter is told them (<see cref="PublicResult"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> Results = PublicResult.All;

    /// <summary>The kinds of body a <c>referred</c> result and a <c>refer</c> name (<c>agency</c>).</summary>
    public static readonly IReadOnlyList<string> ReferralAgencies = PublicResult.Agencies;

    public static readonly IReadOnlyList<string> ContactChannels = ["phone", "sms", "in-person"];

    /// <summary>What a <c>record-contact</c> was for: checking the clue with the reporter, or telling them the
    /// outcome (which meets the feedback deadline once the result was reviewed).</summary>
    public static readonly IReadOnlyList<string> ContactPurposes = [ContactVerification, ContactFeedback];

    public const string ContactVerification = "verification";
    public const string ContactFeedback = "feedback";

    /// <summary>The decisions <c>decide-reward</c> proposes: grant with an amount, or refuse with a reason.</summary>
    public static readonly IReadOnlyList<string> RewardDecisions = [RewardGrant, RewardRefuse];

    public const string RewardGrant = "grant";
    public const string RewardRefuse = "refuse";

    public const string ReviewApprove = "approve";
    public const string ReviewReturn = "return";
}
