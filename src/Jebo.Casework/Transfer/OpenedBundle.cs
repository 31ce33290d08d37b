using Jebo.Transfer.Bundles;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Transfer;

/// <summary>A report bundle whose every record has been opened and checked, ready to be written.</summary>
public sealed record OpenedBundle(
    Bundle Bundle,
    IReadOnlyList<OpenedReport> Reports,
    IReadOnlyList<SealedFollowUpPlaintext> FollowUps,
    IReadOnlyList<OpenedAttachment> Attachments
);
