using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Screening;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>Reads cases within the caller's jurisdiction; every showing of a case or an identity is audited.</summary>
/// <remarks>Security: a case outside the caller's office subtree is reported as not found, never as forbidden, so its
/// existence is not revealed.</remarks>
public sealed class CaseQueries(CaseworkDb db, OfficeTree offices, AuditLog audit, ClueIndex clues)
{
    public const int PageSize = 50;

    /// <summary>The cases of the caller's office and every office below it: the one place jurisdiction is decided.</summary>
    public IQueryable<CaseRecord> Visible(StaffPrincipal staff)
    {
        if (staff.OfficeCode == Reference.Regions.RegionDataset.National)
        {
            return db.Cases.AsNoTracking();
        }

        var subtree = offices.Subtree(staff.OfficeCode);
        return db.Cases.AsNoTracking().Where(c => subtree.Contains(c.OfficeCode));
    }

    public async Task<CasePage> ListAsync(StaffPrincipal staff, string? status, string? office, string? query, int page, CancellationToken cancellationToken)
    {
        var cases = Visible(staff);
        if (!string.IsNullOrEmpty(status))
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (!string.IsNullOrEmpty(office))
        {
            var subtree = offices.Subtree(office);
            cases = cases.Where(c => subtree.Contains(c.OfficeCode));
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim();
            var asId = q.ToUpperInvariant();
            cases = cases.Where(c => c.Id == asId || db.Reports.Any(r => r.CaseId == c.Id && r.Content.Contains(q)));
        }

        page = Math.Max(page, 1);
        var total = await cases.CountAsync(cancellationToken);
        var items = await cases.OrderByDescending(c => c.ReceivedAt).ThenBy(c => c.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(c => new CaseSummary(c.Id, c.Status, c.OfficeCode, c.Category, c.Region, c.ReceivedAt, c.UpdatedAt, c.Supervised, c.ContactDueAt))
            .ToListAsync(cancellationToken);
        return new CasePage(items, total, page, PageSize);
    }

    /// <summary>The case, or null when it does not exist or lies outside the caller's jurisdiction.</summary>
    public async Task<CaseDetail?> GetAsync(StaffPrincipal staff, string id, bool withIdentity, CancellationToken cancellationToken)
    {
        var caseRecord = await Visible(staff).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (caseRecord is null)
        {
            return null;
        }

        var showIdentity = withIdentity && Roles.MaySeeIdentity(staff.Role);
        var reports = await db.Reports.AsNoTracking().Where(r => r.CaseId == id).OrderBy(r => r.ReceivedAt).ToListAsync(cancellationToken);
        var reportIds = reports.Select(r => r.Id).ToList();
        var identities = showIdentity
            ? await db.ReporterIdentities.AsNoTracking().Where(i => reportIds.Contains(i.ReportId)).ToDictionaryAsync(i => i.ReportId, cancellationToken)
            : [];
        var followUps = await db.FollowUps.AsNoTracking().Where(f => reportIds.Contains(f.ReportId)).OrderBy(f => f.ReceivedAt)
            .Select(f => new FollowUpView(f.Id, f.ReportId, f.ReceivedAt, f.Text)).ToListAsync(cancellationToken);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.ImportedAt).ThenBy(a => a.FileName)
            .Select(a => new { a.Id, a.ReportId, a.FileName, a.ContentType, a.Length, a.Sha256, a.Cleaning }).ToListAsync(cancellationToken);
        var messages = await db.CaseMessages.AsNoTracking().Where(m => m.CaseId == id).OrderBy(m => m.At)
            .Select(m => new MessageView(m.At, m.Text, m.Author)).ToListAsync(cancellationToken);

        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            await audit.AppendAsync(staff.Login, staff.OfficeCode, "case.viewed", id, null, cancellationToken);
            foreach (var shown in identities.Keys)
            {
                await audit.AppendAsync(staff.Login, staff.OfficeCode, "identity.viewed", id, new { reportId = shown }, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var visibleRelated = new List<RelatedCase>();
        foreach (var related in await clues.RelatedToCaseAsync(db, id, cancellationToken))
        {
            // A related case in another office's jurisdiction is not revealed, not even its id.
            if (await Visible(staff).AnyAsync(c => c.Id == related.CaseId, cancellationToken))
            {
                visibleRelated.Add(new RelatedCase(related.CaseId, related.Similarity, related.SharedEntities));
            }
        }

        var screening = await db.ReportScreenings.AsNoTracking().Where(s => s.CaseId == id)
            .Select(s => new { s.ReportId, s.Scope, s.Completeness, s.Reasons, s.Entities }).ToListAsync(cancellationToken);
        var history = await db.AuditEntries.AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.Sequence)
            .Select(a => new { a.Sequence, a.At, a.Actor, a.Action, a.Details }).ToListAsync(cancellationToken);
        return new CaseDetail(
            caseRecord.Id,
            caseRecord.Status,
            caseRecord.OfficeCode,
            caseRecord.Category,
            caseRecord.Region,
            caseRecord.ReceivedAt,
            caseRecord.UpdatedAt,
            caseRecord.Supervised,
            caseRecord.Result,
            caseRecord.ResultSummary,
            caseRecord.ReviewedBy,
            caseRecord.MergedInto,
            caseRecord.PublicStatus,
            new CaseDeadlines(caseRecord.ContactDueAt, caseRecord.ContactedAt),
            [.. reports.Select(r => new CaseReportView(
                r.Id,
                r.ReceivedAt,
                JsonDocument.Parse(r.Content).RootElement,
                r.Marks.Length == 0 ? [] : r.Marks.Split(','),
                r.HasIdentity,
                identities.TryGetValue(r.Id, out var identity) ? new IdentityView(identity.Name, identity.Phone, identity.ContactConsent) : null))],
            followUps,
            messages,
            visibleRelated,
            [.. screening.Select(s => new ScreeningView(s.ReportId, s.Scope, s.Completeness,
                JsonSerializer.Deserialize<List<string>>(s.Reasons) ?? [], JsonSerializer.Deserialize<List<string>>(s.Entities) ?? []))],
            [.. history.Select(h => new HistoryEntry(h.Sequence, h.At, h.Actor, h.Action, JsonDocument.Parse(h.Details).RootElement))],
            [.. attachments.Select(a => new AttachmentView(a.Id, a.ReportId, a.FileName, a.ContentType, a.Length, a.Sha256, a.Cleaning,
                Attachments.AttachmentsApi.DownloadPath(id, a.Id)))]);
    }
}
