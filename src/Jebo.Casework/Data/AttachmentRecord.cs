namespace Jebo.Casework.Data;

/// <summary>A file sent with a report or with a reporter's follow-up, as casework keeps it: what it is (opened and
/// checked at import), and the file itself still sealed (header here, chunks in <see cref="AttachmentChunkRecord"/>),
/// opened only when staff download it.</summary>
/// <remarks>Security: files are the reporter's most revealing material and the bulkiest; kept sealed, a copy of the
/// casework database without the sealing key does not reveal them, and every opening is an audited download.</remarks>
public sealed class AttachmentRecord
{
    public Guid Id { get; set; }
    public Guid ReportId { get; set; }

    /// <summary>The follow-up the file was sent with (its report is <see cref="ReportId"/>); null for a file sent with
    /// the report itself.</summary>
    public Guid? FollowUpId { get; set; }

    /// <summary>The case the report was first filed in; the report's current case (after a merge) is where the file
    /// shows.</summary>
    public required string CaseId { get; set; }

    /// <summary>The name the reporter's device gave, reduced to a plain name by intake.</summary>
    public required string FileName { get; set; }

    /// <summary>The type intake recognised from the bytes.</summary>
    public required string ContentType { get; set; }

    /// <summary>What intake removed: <c>metadata-removed</c> or <c>none</c>.</summary>
    public required string Cleaning { get; set; }

    /// <summary>Plaintext length in bytes, counted when the file was opened at import.</summary>
    public long Length { get; set; }

    /// <summary>SHA-256 of the plaintext (hex), for staff to match copies of the same file.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The sealed attachment header (sealed key and metadata).</summary>
    public required byte[] Header { get; set; }

    public int ChunkCount { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>One sealed chunk of an attachment, as intake sealed it.</summary>
public sealed class AttachmentChunkRecord
{
    public Guid AttachmentId { get; set; }
    public int Index { get; set; }
    public required byte[] Data { get; set; }
}
