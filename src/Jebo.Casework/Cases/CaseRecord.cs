namespace Jebo.Casework.Cases;

/// <summary>A case: one or more reports about the same matter, held by one office, moving through the lifecycle.</summary>
public sealed class CaseRecord
{
    public required string Id { get; set; }
    public required string Status { get; set; }
    public required string OfficeCode { get; set; }
    public string Category { get; set; } = "unclear";
    public string Region { get; set; } = "unclear";
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>True when a reporter left a name or contact: the 30-day contact deadline applies.</summary>
    public bool HasContact { get; set; }

    public DateTimeOffset? ContactDueAt { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }

    /// <summary><c>substantiated</c>, <c>partly</c> or <c>unsubstantiated</c> once recorded.</summary>
    public string? Result { get; set; }

    public string? ResultSummary { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public bool Supervised { get; set; }

    /// <summary>The case this one was merged into, if any.</summary>
    public string? MergedInto { get; set; }

    /// <summary>Why a case was not accepted (<c>out-of-scope</c>, <c>insufficient</c>, <c>abusive</c>).</summary>
    public string? RejectionReason { get; set; }

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

/// <summary>A report whose public status must go out in the next status bundle.</summary>
public sealed class PendingStatus
{
    public Guid ReportId { get; set; }
    public DateTimeOffset Since { get; set; }
}
