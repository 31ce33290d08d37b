using Jebo.Transfer.Bundles;

namespace Jebo.Intake.Transfer;

/// <summary>How many bytes a report or follow-up with its files takes in a bundle: the one sum both intake's refusal of
/// one too large to travel (<c>AttachmentClaims</c>) and the outbox's packing (<see cref="IntakeOutbox"/>)
/// use.</summary>
public static class ReportSize
{
    /// <summary>An attachment's record starts with its report's (or follow-up's) id, as a follow-up's starts with its
    /// report's.</summary>
    public const int AttachmentPrefix = 16;

    /// <summary>The record payload of a stored attachment: the report id, the sealed header, the sealed
    /// chunks.</summary>
    public static long AttachmentRecord(long headerLength, long sealedLength) =>
        AttachmentPrefix + headerLength + sealedLength;

    /// <summary>The record payload of a sealed follow-up: the report id, then the sealed box.</summary>
    public static long FollowUpRecord(long sealedFollowUpLength) => AttachmentPrefix + sealedFollowUpLength;

    /// <summary>The report's (or follow-up's) record and its attachments' records, each with the format's per-record
    /// overhead.</summary>
    public static long InBundle(long sealedReportLength, IEnumerable<long> attachmentRecords) =>
        sealedReportLength + BundleFormat.RecordOverhead + attachmentRecords.Sum(a => a + BundleFormat.RecordOverhead);
}
