namespace Jebo.Casework.Data;

/// <summary>What retention knows of one case: a legal hold that keeps it, and what of it has been purged. A case has
/// a row only once a hold was set or something was purged (<c>Retention/</c>).</summary>
public sealed class CaseRetention
{
    public required string CaseId { get; set; }

    /// <summary>When the legal hold was set; null when the case is not held.</summary>
    public DateTimeOffset? HeldAt { get; set; }

    /// <summary>Who set the hold (a login, or <c>cli</c> on the casework machine).</summary>
    public string? HeldBy { get; set; }

    /// <summary>The office of the person who set the hold: only that office or one above it lifts it.</summary>
    public string? HeldOffice { get; set; }

    public string? HoldReason { get; set; }

    /// <summary>When the reporters' identities of the case's reports were deleted.</summary>
    public DateTimeOffset? IdentitiesPurgedAt { get; set; }

    /// <summary>When the case's readable content (reports, follow-ups, files, messages, result summary) was
    /// purged.</summary>
    public DateTimeOffset? ContentPurgedAt { get; set; }
}
