using Jebo.Transfer.Bundles;

namespace Jebo.Intake.Transfer;

/// <summary>How many bytes a report with its files takes in a bundle: the one sum both intake's refusal of a report
/// too large to travel (<c>ReportIntake</c>) and the outbox's packing (<see cref="IntakeOutbox"/>)
/// use.</summary>
public static class ReportSize
{
    /// <summary>An attachment's record starts with its report's id.</summary>
    public const int AttachmentPrefix = 16;

    /// <summary>The record payload of a stored attachment: the report id, the sealed header, the sealed
    /// chunks.</summary>
    public static long AttachmentRecord(long headerLength, long sealedLength) =>
        AttachmentPrefix + headerLength + sealedLength;

    /// <summary>The report's record and its attachments' records, each with the format's per-record overhead.</summary>
    public static long InBundle(long sealedReportLength, IEnumerable<long> attachmentRecords) =>
        sealedReportLength + BundleFormat.RecordOverhead + attachmentRecords.Sum(a => a + BundleFormat.RecordOverhead);
}
