namespace Jebo.Casework.Data;

/// <summary>A case: one or more reports about the same matter, held by one office, moving through the
/// lifecycle.</summary>
public sealed class CaseRecord
{
    public required string Id { get; set; }
    public required string Status { get; set; }
    public required string OfficeCode { get; set; }
    public string Category { get; set; } = "unclear";
    public string Region { get; set; } = "unclear";
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>True when a reporter gave a phone and consented to be contacted
    /// (<c>Jebo.Transfer.Reports.ReporterContent.MayBeContacted</c>): the 30-day contact deadline applies and the
    /// case may be drawn for a callback.</summary>
    public bool HasContact { get; set; }

    /// <summary>How the clue reached casework: <c>online</c> (through intake), or entered by hand from a
    /// <c>phone</c> call, <c>letter</c>, <c>visit</c>, another <c>agency</c> or <c>other</c>
    /// (<c>Cases/CaseSources</c>).</summary>
    public string Source { get; set; } = "online";

    /// <summary>The login of the person in the case's office the case is assigned to; null when no one is.</summary>
    public string? Assignee { get; set; }

    /// <summary>When the reporters who gave a phone and consented must be contacted by (exclusive, see
    /// <c>Deadlines/DeadlineCalendar</c>); the earliest among reporters not yet contacted.</summary>
    public DateTimeOffset? ContactDueAt { get; set; }

    /// <summary>When the last reporter still waiting was contacted; null while one is waiting.</summary>
    public DateTimeOffset? ContactedAt { get; set; }

    /// <summary>By when the case must be accepted or not accepted.</summary>
    public DateTimeOffset? AcceptanceDueAt { get; set; }

    /// <summary>When it was accepted or not accepted.</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>When it was accepted; null for a case never accepted.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>Why a case was not accepted (<c>out-of-scope</c>, <c>insufficient</c>, <c>abusive</c>).</summary>
    public string? RejectionReason { get; set; }

    /// <summary>By when the result must be recorded.</summary>
    public DateTimeOffset? VerificationDueAt { get; set; }

    /// <summary><c>substantiated</c>, <c>partly</c>, <c>unsubstantiated</c> or <c>referred</c> once recorded
    /// (<c>Jebo.Transfer.Status.PublicResult</c>).</summary>
    public string? Result { get; set; }

    /// <summary>For a <c>referred</c> result, the kind of body the case went to (<c>prosecution</c>,
    /// <c>police</c>, ...).</summary>
    public string? ResultAgency { get; set; }

    /// <summary>For a case passed on with <c>refer</c>, the name of the body it went to (<c>부산지방검찰청</c>); staff
    /// read it, the reporter learns only the kind (<see cref="ResultAgency"/>).</summary>
    public string? ReferredTo { get; set; }

    public string? ResultSummary { get; set; }
    public DateTimeOffset? ResultAt { get; set; }

    /// <summary>Who recorded the result: they may not review it themselves.</summary>
    public string? ResultBy { get; set; }

    /// <summary>The office of the person who recorded the result: its reviewer sits in an office above it
    /// (<c>Staff/FourEyes</c>).</summary>
    public string? ResultOffice { get; set; }

    public string? ReviewedBy { get; set; }
    public string? ReviewerOffice { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>By when feedback must reach the reporter.</summary>
    public DateTimeOffset? FeedbackDueAt { get; set; }

    public DateTimeOffset? FeedbackAt { get; set; }

    /// <summary>Marked by an office above (督办/독촉): the case is followed from there.</summary>
    public bool Supervised { get; set; }

    public string? SupervisedBy { get; set; }
    public DateTimeOffset? SupervisedAt { get; set; }

    /// <summary>Whose supervision it is: <c>office</c> (the case's own office), <c>province</c>, or <c>national</c>
    /// (listed supervision); null when not supervised (<c>Staff/CasePermissions.SupervisionLevel</c>).</summary>
    public string? SupervisionLevel { get; set; }

    /// <summary>The office above asked to hear of progress by this time (exclusive); null when it set no
    /// date.</summary>
    public DateTimeOffset? ProgressDueAt { get; set; }

    /// <summary>When the case's office took its next step after the request.</summary>
    public DateTimeOffset? ProgressMetAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When a reporter called back in the monthly sample disputed the result; stays as the case's
    /// flag.</summary>
    public DateTimeOffset? DisputedAt { get; set; }

    /// <summary>The office above that re-verifies a disputed result; null when none is waiting (cleared when that
    /// office, or one above it, records a result again).</summary>
    public string? ReverifyOffice { get; set; }

    /// <summary>The earliest deadline still open, for the due-soon and overdue queues; null when none runs.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>Which deadline <see cref="NextDueAt"/> is (<c>contact</c>, <c>acceptance</c>, ...).</summary>
    public string? NextDueKind { get; set; }

    /// <summary>The office above that an overdue case was escalated to; null when not escalated.</summary>
    public string? EscalatedTo { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>The deadline whose lapse escalated the case.</summary>
    public string? EscalatedFor { get; set; }

    /// <summary>The case this one was merged into, if any.</summary>
    public string? MergedInto { get; set; }

    /// <summary>A step that ends or hides the clue (reject, merge, unmerge, a revert), asked for and not yet confirmed
    /// by a second person above (<c>Staff/FourEyes</c>): the request as JSON; null when none waits.</summary>
    public string? PendingRequest { get; set; }

    /// <summary>Who asked for the pending step; they may not confirm it.</summary>
    public string? PendingBy { get; set; }

    /// <summary>The office of the person who asked for the pending step.</summary>
    public string? PendingOffice { get; set; }

    public DateTimeOffset? PendingAt { get; set; }

    /// <summary>A reporter asked for protection because they are threatened over the report: the case is urgent and
    /// stays marked so.</summary>
    public bool Urgent { get; set; }

    /// <summary>When the request for protection now waiting was made (the earliest not yet acknowledged); null when
    /// none was ever made.</summary>
    public DateTimeOffset? ProtectionRequestedAt { get; set; }

    /// <summary>By when staff must act on the waiting request (<c>Deadlines/DeadlineOptions.ProtectionHours</c>
    /// after it).</summary>
    public DateTimeOffset? ProtectionDueAt { get; set; }

    /// <summary>When staff acknowledged the request (<c>acknowledge-protection</c>); null while it waits.</summary>
    public DateTimeOffset? ProtectionAcknowledgedAt { get; set; }

    /// <summary>When the oldest follow-up from a reporter that nobody working the case has read yet arrived; null
    /// when every follow-up was read (<c>Cases/CaseQueries.GetAsync</c> clears it; the <c>follow-ups</c>
    /// queue lists the cases that hold one).</summary>
    public DateTimeOffset? FollowUpsUnreadSince { get; set; }

    /// <summary>Since when a reporter's reward claim waits for a decision (the oldest still waiting); null when none
    /// waits. The claims themselves are kept apart (<see cref="RewardClaimRecord"/>).</summary>
    public DateTimeOffset? RewardClaimedAt { get; set; }

    /// <summary>The screening queue's priority, 0–7 (<c>Jebo.Screening.Scoring.Triage</c>: in scope 4, urgent 2,
    /// complete 1), over the reports the case holds; null until its reports were judged (the <c>screening</c> queue
    /// lists judged cases only). Nullable, as every column added since the search triggers: SQLite adds a column that
    /// may not be null only with a default, and the schema keeps no defaults (dropping one would rebuild the
    /// table).</summary>
    public int? ScreeningPriority { get; set; }

    /// <summary>Since when screening suggests not accepting the case as out of scope (every report it holds looks so);
    /// null when it does not. A person confirms with <c>reject</c> (<c>out-of-scope</c>) or overrides it; nothing is
    /// applied by itself.</summary>
    public DateTimeOffset? OutOfScopeSuggestedAt { get; set; }

    /// <summary>Since when the case is flagged as possible malicious repetition (<c>Screening/RepetitionWatch</c>);
    /// null when not flagged, or once a person judged it.</summary>
    public DateTimeOffset? RepetitionFlaggedAt { get; set; }

    /// <summary>Why it was flagged: <c>contact</c> (many reports from one contact) or <c>follow-ups</c> (follow-ups
    /// flooding one receipt).</summary>
    public string? RepetitionKind { get; set; }

    /// <summary>How many reports (or follow-ups) the flag counted, within the office holding the case.</summary>
    public int? RepetitionCount { get; set; }

    /// <summary>When a person last judged a flag genuine; a later flag needs new repetition since then.</summary>
    public DateTimeOffset? RepetitionJudgedAt { get; set; }

    /// <summary>The public status last published to the reporter.</summary>
    public string PublicStatus { get; set; } = "received";

    public DateTimeOffset PublicStatusAt { get; set; }

    /// <summary>Optimistic concurrency: two people acting at once cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>A message published to the reporter of a case; sent encrypted to each report's receipt key.</summary>
public sealed class CaseMessage
{
    public Guid Id { get; set; }
    public required string CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
}

/// <summary>An internal note on a case by a member of staff: shown to staff on the case, never sent to the
/// reporter.</summary>
public sealed class CaseNote
{
    public Guid Id { get; set; }
    public required string CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
    public required string AuthorOffice { get; set; }
}

/// <summary>A report whose public status must go out in the next status bundle.</summary>
public sealed class PendingStatus
{
    public Guid ReportId { get; set; }
    public DateTimeOffset Since { get; set; }
}
