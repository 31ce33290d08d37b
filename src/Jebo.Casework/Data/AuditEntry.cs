namespace Jebo.Casework.Data;

/// <summary>One entry of the append-only, hash-chained audit log.</summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The staff login, or <c>system</c> / <c>transfer</c> for the platform itself.</summary>
    public required string Actor { get; set; }

    public string? ActorOffice { get; set; }

    /// <summary>What happened, e.g. <c>case.viewed</c>, <c>case.accept</c>, <c>identity.viewed</c>.</summary>
    public required string Action { get; set; }

    public string? CaseId { get; set; }

    /// <summary>The details as JSON.</summary>
    public required string Details { get; set; }

    /// <summary>The hash of the entry before (hex); 64 zeros for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 over the previous hash and this entry's fields (see <c>AuditChain</c>).</summary>
    public required string Hash { get; set; }
}
