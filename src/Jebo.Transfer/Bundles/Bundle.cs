namespace Jebo.Transfer.Bundles;

/// <summary>What a bundle carries: sealed reports and follow-ups towards casework, or status towards intake.</summary>
public enum BundleKind
{
    Reports = 1,
    Status = 2,
}

/// <summary>
/// The kind of one record in a bundle. The byte on the wire is open-ended: types 1–127 must be understood by the
/// receiver (a bundle holding one it does not know is refused, so nothing is silently dropped), types 128–255 may be
/// skipped by a receiver that does not know them. See docs/transfer-format.md.
/// </summary>
public enum RecordType : byte
{
    /// <summary>A report sealed to casework; the id is the report's id.</summary>
    SealedReport = 1,

    /// <summary>A follow-up sealed to casework; the id is the follow-up's id, the payload starts with the report's
    /// id.</summary>
    SealedFollowUp = 2,

    /// <summary>A report's public status, written by casework; the id is the report's id.</summary>
    Status = 3,

    /// <summary>A file sent with a report, sealed with <see cref="Attachments.AttachmentFormat"/>; the id is the
    /// attachment's id, the payload starts with the report's id. Travels in the same bundle as its report.</summary>
    SealedAttachment = 4,

    /// <summary>A file sent with a follow-up, sealed like a report's; the id is the attachment's id, the payload starts
    /// with the follow-up's id. Travels in the same bundle as its follow-up.</summary>
    SealedFollowUpAttachment = 5,

    // 6–127 are reserved for later must-understand types; 128–255 for optional ones.

    /// <summary>The receipt casework issued for a clue entered by hand (<see cref="Receipts.ReceiptRegistration"/>),
    /// written by casework in a status bundle; the id is the report's id. Optional: an intake that does not know it
    /// skips it and, holding no such report, ignores its status too, as before.</summary>
    ReceiptRegistration = 128,
}

/// <summary>Rules about record types that every receiver applies the same way.</summary>
public static class RecordTypes
{
    /// <summary>The first type a receiver may skip when it does not know it.</summary>
    public const byte FirstOptional = 128;

    /// <summary>True when a receiver that does not know <paramref name="type"/> may ignore the record.</summary>
    public static bool MayBeSkipped(RecordType type) => (byte)type >= FirstOptional;

    /// <summary>How a type is named in messages: its name when this build knows it, else its number.</summary>
    public static string Name(RecordType type) => Enum.IsDefined(type) ? type.ToString() : $"type {(byte)type}";
}

/// <summary>One record: a type, an id unique within its type and bundle, and opaque bytes.</summary>
public sealed record BundleRecord(RecordType Type, Guid Id, byte[] Payload);

/// <summary>A closed range of bundle sequence numbers.</summary>
public sealed record SequenceRange(long From, long Through);

/// <summary>Report bundles an operator at casework acknowledged as lost (<c>jebo transfer acknowledge-gap</c>) and
/// casework still does not hold, with when the gap was acknowledged.</summary>
/// <remarks>Only numbers and a time cross: the operator's reason stays in casework's audit log.</remarks>
public sealed record LostRange(long From, long Through, DateTimeOffset At);

/// <summary>The signed header of a bundle (see docs/transfer-format.md).</summary>
/// <param name="Version">Format version; this code writes 1 and reads 1.</param>
/// <param name="Kind">What the records are.</param>
/// <param name="Sender">The zone that wrote it: <c>intake</c> or <c>casework</c>.</param>
/// <param name="KeyId">Id of the Ed25519 key that signed it.</param>
/// <param name="Sequence">1, 2, 3, ... per sender and kind, never reused.</param>
/// <param name="PreviousHash">SHA-256 (hex) of the previous bundle file of this sender and kind; empty for the
/// first.</param>
/// <param name="CreatedAt">When it was written (UTC).</param>
/// <param name="RecordCount">How many records follow.</param>
/// <param name="AcknowledgedThrough">Status bundles only: every report bundle up to this number has been
/// imported.</param>
/// <param name="AcknowledgedAlso">Status bundles only: report bundles imported beyond a hole below them (after an
/// operator acknowledged a gap), as ranges; intake may forget exactly these and those through
/// <paramref name="AcknowledgedThrough"/>, never a bundle in the hole.</param>
/// <param name="AcknowledgedLost">Status bundles only: report bundles in a hole that an operator at casework
/// acknowledged as lost, as ranges with the time of the acknowledgement; intake stops waiting for them but keeps their
/// sealed copies (docs/transfer-format.md, "Acknowledgement and forgetting").</param>
public sealed record BundleHeader(
    int Version,
    BundleKind Kind,
    string Sender,
    string KeyId,
    long Sequence,
    string PreviousHash,
    DateTimeOffset CreatedAt,
    int RecordCount,
    long? AcknowledgedThrough,
    IReadOnlyList<SequenceRange>? AcknowledgedAlso = null,
    IReadOnlyList<LostRange>? AcknowledgedLost = null
);

/// <summary>A bundle that was read and whose signature holds.</summary>
public sealed record Bundle(BundleHeader Header, IReadOnlyList<BundleRecord> Records, string Hash);

/// <summary>A bundle refused by a check, with a reason an operator can act on.</summary>
public class BundleRejectedException(string reason) : Exception(reason);

/// <summary>A bundle this zone cannot check yet — signed by a key it does not know, or in a format version newer than
/// this build — which may become readable after an operator installs keys or upgrades.</summary>
/// <remarks>Security: nothing in such a bundle is believed; the receiver only waits for it instead of quarantining
/// it.</remarks>
public sealed class BundleNotYetReadableException(string reason) : BundleRejectedException(reason);
