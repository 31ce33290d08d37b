using Jebo.Transfer.Attachments;

namespace Jebo.Casework.Transfer;

/// <summary>An attachment whose every chunk opened at import; kept sealed (header and chunks) for storage.</summary>
/// <param name="Id">The attachment's id.</param>
/// <param name="ReportId">The report the file was sent with; for a follow-up's file (<paramref name="FollowUpId"/>),
/// empty until the writer takes it from the follow-up, which alone names its report.</param>
/// <param name="Metadata">What the file is, its key wiped.</param>
/// <param name="Length">Plaintext bytes.</param>
/// <param name="Sha256">SHA-256 of the plaintext (hex).</param>
/// <param name="Header">The sealed header as it came.</param>
/// <param name="Chunks">The sealed chunks as they came.</param>
/// <param name="FollowUpId">The follow-up the file was sent with, or null for a report's file.</param>
public sealed record OpenedAttachment(
    Guid Id,
    Guid ReportId,
    AttachmentMetadata Metadata,
    long Length,
    string Sha256,
    byte[] Header,
    IReadOnlyList<byte[]> Chunks,
    Guid? FollowUpId = null
);
