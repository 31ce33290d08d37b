namespace Jebo.Casework.Data;

/// <summary>A report bundle from intake that was imported.</summary>
public sealed class InboundBundle
{
    public long Sequence { get; set; }
    public required string Hash { get; set; }

    /// <summary>The hash its header named before it, to check a late bundle that fills a gap below it.</summary>
    public string PreviousHash { get; set; } = "";

    public DateTimeOffset ImportedAt { get; set; }
    public int RecordCount { get; set; }

    /// <summary>It arrived after an operator had acknowledged it as lost.</summary>
    public bool Late { get; set; }
}

/// <summary>Report bundles an operator declared lost (<c>jebo transfer acknowledge-gap</c>), so that later ones are
/// imported. Never acknowledged back to intake, which keeps their sealed copies; one that turns up is still
/// imported.</summary>
public sealed class AcknowledgedGap
{
    public Guid Id { get; set; }
    public long From { get; set; }
    public long Through { get; set; }
    public required string Reason { get; set; }

    /// <summary>Who acknowledged it: the operating-system account that ran the command.</summary>
    public required string By { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A bundle refused by a check; shown to administrators and auditors as an alert until someone resolves
/// it.</summary>
public sealed class QuarantinedBundle
{
    public Guid Id { get; set; }
    public required string FileName { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
    public long? Sequence { get; set; }

    /// <summary>SHA-256 of the quarantined file; the same bytes imported later resolve the alert by
    /// themselves.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The quarantine folder holding the file and its reason, relative to the zone's folder.</summary>
    public string Folder { get; set; } = "";

    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }
}

/// <summary>A status bundle casework wrote for intake. Its bytes are kept for a while (message encryption is
/// randomised, so the file could not be rebuilt identically): to repair a crash between commit and file, and so that
/// <c>jebo transfer export --zone casework</c> can carry recent ones by hand again.</summary>
public sealed class OutboundStatusBundle
{
    public long Sequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Hash { get; set; }
    public int RecordCount { get; set; }
    public long AcknowledgedThrough { get; set; }

    /// <summary>How many report bundles the acknowledgement covered; a status bundle is due when this grows.</summary>
    public long AcknowledgedCount { get; set; }

    public byte[]? Content { get; set; }
    public DateTimeOffset? WrittenAt { get; set; }
}
