namespace Jebo.Casework.Deadlines;

/// <summary>The deadlines a case runs against, in calendar days of the platform's time zone
/// (docs/casework.md).</summary>
public sealed record DeadlineOptions
{
    /// <summary>Reporters who left a name or contact are contacted within this many days of receipt (the founding
    /// document's 30 days).</summary>
    public int ContactDays { get; init; } = 30;

    /// <summary>A received case is accepted or not accepted within this many days of receipt.</summary>
    public int AcceptanceDays { get; init; } = 7;

    /// <summary>An accepted case has its result recorded within this many days of acceptance.</summary>
    public int VerificationDays { get; init; } = 60;

    /// <summary>Feedback reaches the reporter within this many days of the result being recorded (review
    /// included).</summary>
    public int FeedbackDays { get; init; } = 15;

    /// <summary>A reporter's request for protection is acknowledged by staff within this many hours of arriving at
    /// intake (the only deadline in hours: a threat cannot wait for the end of a calendar day).</summary>
    public int ProtectionHours { get; init; } = 24;

    /// <summary>A deadline is "due soon" when it falls within this many days.</summary>
    public int DueSoonDays { get; init; } = 3;

    /// <summary>An escalated case still overdue climbs to the next office up after this many calendar days, until the
    /// national office holds it or someone acts.</summary>
    public int EscalationStepDays { get; init; } = 3;

    /// <summary>How often overdue cases are looked for and escalated; null: only on demand (tests, one-off
    /// runs).</summary>
    public TimeSpan? EscalationInterval { get; init; }

    /// <summary>Why the options cannot be used, or null.</summary>
    public string? Problem() =>
        new[] { ContactDays, AcceptanceDays, VerificationDays, FeedbackDays }.Any(d => d is < 1 or > 3650)
            ? "deadline days must be between 1 and 3650"
        : DueSoonDays is < 0 or > 365 ? "due-soon days must be between 0 and 365"
        : ProtectionHours is < 1 or > 720 ? "protection hours must be between 1 and 720"
        : EscalationStepDays is < 1 or > 365 ? "escalation step days must be between 1 and 365"
        : null;
}
