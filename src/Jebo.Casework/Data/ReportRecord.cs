namespace Jebo.Casework.Data;

/// <summary>An original report as it arrived, opened; its content immutable (only where it is held, whether its
/// reporter became reachable and asked for protection change). The reporter's identity is kept apart in
/// <see cref="ReporterIdentity"/>.</summary>
public sealed class ReportRecord
{
    public Guid Id { get; set; }

    /// <summary>The case holding the report now.</summary>
    public required string CaseId { get; set; }

    /// <summary>The case the report arrived in, while a merge has it held by another case; null when at home.</summary>
    public string? OriginCaseId { get; set; }

    /// <summary>When a merge brought the report into the case holding it; null while at home. The reporter hears only
    /// the messages that case published from then on, never its earlier history.</summary>
    public DateTimeOffset? JoinedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public long BundleSequence { get; set; }

    /// <summary>The report as JSON, with the reporter block reduced to "anonymous or not".</summary>
    public required string Content { get; set; }

    /// <summary>The receipt-derived key messages to this reporter are encrypted with.</summary>
    public required byte[] FeedbackKey { get; set; }

    /// <summary>For a clue entered by hand whose reporter was handed a receipt, the receipt's registration
    /// (<c>Jebo.Transfer.Receipts.ReceiptDerivation.Registration</c>, a one-way hash), sent to intake with every status
    /// of the report so the receipt finds it there; null for every other report. The receipt itself is never kept.
    /// </summary>
    public byte[]? ReceiptRegistration { get; set; }

    /// <summary>Intake's spam and abuse marks, comma-separated.</summary>
    public string Marks { get; set; } = "";

    /// <summary>True once the reporter gave a name or contact, with the report or later
    /// (<see cref="ContactSince"/>).</summary>
    public bool HasIdentity { get; set; }

    /// <summary>When a reporter who reported anonymously gave a name and phone with consent (their contact deadline
    /// runs from then); null when given with the report, or never.</summary>
    public DateTimeOffset? ContactSince { get; set; }

    /// <summary>When this report's reporter last asked for protection; null when they never did. Only a reporter who
    /// asked hears where protection stands.</summary>
    public DateTimeOffset? ProtectionRequestedAt { get; set; }

    /// <summary>The reporter gave a phone and consented to be contacted: their contact deadline runs and they may be
    /// called back (<c>Jebo.Transfer.Reports.ReporterContent.MayBeContacted</c>).</summary>
    public bool Contactable { get; set; }
}

/// <summary>Who reported, for reports made under a name: stored apart, shown only to roles allowed to see it.</summary>
public sealed class ReporterIdentity
{
    public Guid ReportId { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public bool ContactConsent { get; set; }

    /// <summary>A keyed hash of the normalised phone (<c>Screening/ContactHashing</c>), by which reports from one
    /// contact are counted for possible malicious repetition (lower-case hex); null without a phone, or until
    /// hashed.</summary>
    /// <remarks>Security: keyed with a secret of the zone, so the column cannot be reversed by hashing every phone
    /// number; it is deleted with the identity when retention purges it.</remarks>
    public string? ContactHash { get; set; }
}

/// <summary>More words from the reporter, sent with the receipt.</summary>
public sealed class FollowUpRecord
{
    public Guid Id { get; set; }
    public Guid ReportId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string Text { get; set; }
}

/// <summary>A follow-up's related-clue features, as <see cref="ReportScreening"/> keeps a report's: the follow-up's
/// words join its report's case in the related-clue index, so a follow-up naming a gang relates the case.</summary>
public sealed class FollowUpScreening
{
    public Guid FollowUpId { get; set; }
    public Guid ReportId { get; set; }
    public required byte[] Signature { get; set; }

    /// <summary>As <see cref="ReportScreening.Keys"/>.</summary>
    public required string Keys { get; set; }

    /// <summary>As <see cref="ReportScreening.Terms"/>.</summary>
    public required byte[] Terms { get; set; }

    public required string Script { get; set; }
    public DateTimeOffset ScreenedAt { get; set; }
}

/// <summary>Which reports belong to a case, said once for every query that needs it.</summary>
public static class CaseReports
{
    /// <summary>The reports a case holds now: the only ones whose content, files, follow-ups and identities it shows. A
    /// merged-away case reads nothing more of the reports that left it.</summary>
    public static IQueryable<ReportRecord> HeldBy(this IQueryable<ReportRecord> reports, string caseId) =>
        reports.Where(r => r.CaseId == caseId);

    /// <summary>The reports a case holds, and for a merged case also those it brought into the case it was merged into:
    /// for the trail (who was shown which identity), never for content.</summary>
    public static IQueryable<ReportRecord> OfCase(this IQueryable<ReportRecord> reports, string caseId) =>
        reports.Where(r => r.CaseId == caseId || r.OriginCaseId == caseId);
}
