namespace Jebo.Transfer.Bundles;

/// <summary>What a bundle carries: sealed reports and follow-ups towards casework, or status towards intake.</summary>
public enum BundleKind
{
    Reports = 1,
    Status = 2,
}

/// <summary>The kind of one record in a bundle.</summary>
public enum RecordType : byte
{
    /// <summary>A report sealed to casework; the id is the report's id.</summary>
    SealedReport = 1,

    /// <summary>A follow-up sealed to casework; the id is the follow-up's id, the payload starts with the report's id.</summary>
    SealedFollowUp = 2,

    /// <summary>A report's public status, written by casework; the id is the report's id.</summary>
    Status = 3,

    /// <summary>A file sent with a report, sealed with <see cref="Attachments.AttachmentFormat"/>; the id is the
    /// attachment's id, the payload starts with the report's id. Travels in the same bundle as its report.</summary>
    SealedAttachment = 4,
}

/// <summary>One record: a type, an id unique within its type, and opaque bytes.</summary>
public sealed record BundleRecord(RecordType Type, Guid Id, byte[] Payload);

/// <summary>The signed header of a bundle (see docs/transfer-format.md).</summary>
/// <param name="Version">Format version; this code writes 1 and reads 1.</param>
/// <param name="Kind">What the records are.</param>
/// <param name="Sender">The zone that wrote it: <c>intake</c> or <c>casework</c>.</param>
/// <param name="KeyId">Id of the Ed25519 key that signed it.</param>
/// <param name="Sequence">1, 2, 3, ... per sender and kind, never reused.</param>
/// <param name="PreviousHash">SHA-256 (hex) of the previous bundle file of this sender and kind; empty for the first.</param>
/// <param name="CreatedAt">When it was written (UTC).</param>
/// <param name="RecordCount">How many records follow.</param>
/// <param name="AcknowledgedThrough">Status bundles only: the highest report-bundle sequence casework has imported.</param>
public sealed record BundleHeader(
    int Version,
    BundleKind Kind,
    string Sender,
    string KeyId,
    long Sequence,
    string PreviousHash,
    DateTimeOffset CreatedAt,
    int RecordCount,
    long? AcknowledgedThrough);

/// <summary>A bundle that was read and whose signature holds.</summary>
public sealed record Bundle(BundleHeader Header, IReadOnlyList<BundleRecord> Records, string Hash);

/// <summary>A bundle refused by a check, with a reason an operator can act on.</summary>
public sealed class BundleRejectedException(string reason) : Exception(reason);
