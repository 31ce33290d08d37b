using Jebo.Transfer.Attachments;

namespace Jebo.Casework.Transfer;

/// <summary>An attachment whose every chunk opened at import; kept sealed (header and chunks) for storage.</summary>
public sealed record OpenedAttachment(
    Guid Id,
    Guid ReportId,
    AttachmentMetadata Metadata,
    long Length,
    string Sha256,
    byte[] Header,
    IReadOnlyList<byte[]> Chunks
);
