namespace Jebo.Casework.Transfer;

/// <summary>A report bundle from intake that was imported.</summary>
public sealed class InboundBundle
{
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int RecordCount { get; set; }
}

/// <summary>A bundle refused by a check; shown to staff as an alert until someone deals with it.</summary>
public sealed class QuarantinedBundle
{
    public Guid Id { get; set; }
    public required string FileName { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
    public long? Sequence { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A status bundle casework wrote for intake. Its bytes are kept until written, because message encryption
/// is randomised and the file could not be rebuilt identically after a crash.</summary>
public sealed class OutboundStatusBundle
{
    public long Sequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Hash { get; set; }
    public int RecordCount { get; set; }
    public long AcknowledgedThrough { get; set; }
    public byte[]? Content { get; set; }
    public DateTimeOffset? WrittenAt { get; set; }
}
