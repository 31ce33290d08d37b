using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Pages.Audit;

/// <summary>What an auditor narrows the log to: a case, a user, an office (and those below it), a kind of entry and
/// a period of Seoul days (both ends included). Every part is optional.</summary>
public sealed record AuditFilter(
    string? Case,
    string? User,
    string? Office,
    string? Action,
    DateOnly? From,
    DateOnly? To
);

/// <summary>One page of audit entries, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int PageSize);

/// <summary>One showing of a reporter's identity: who, from which office, when, which report, and the entry saying
/// so.</summary>
public sealed record IdentityShowing(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string? ActorOffice,
    string ShownInCase,
    Guid ReportId
);

/// <summary>
/// Reads the audit log for auditors: filtered by case, user, office, kind and period, within the reader's jurisdiction
/// (<see cref="Jurisdiction.FilterAudit"/>), and the answer to "who saw this reporter's identity, and when".
/// </summary>
public sealed class AuditSearch(CaseworkDb db, Jurisdiction jurisdiction, OfficeTree offices, DeadlineCalendar calendar)
{
    public const int PageSize = 50;

    /// <summary>The most rows one CSV export carries; a wider export is narrowed by period first.</summary>
    public const int MaxExportRows = 100_000;

    /// <summary>The kinds of entry the filter offers, by the prefix of their action.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "case.",
        AuditActions.CaseViewed,
        AuditActions.IdentityViewed,
        "signin.",
        "user.",
        "account.",
        "audit.",
        "transfer.",
    ];

    /// <summary>The entries <paramref name="staff"/> may read that match <paramref name="filter"/>, newest
    /// first.</summary>
    public IQueryable<AuditEntry> Query(StaffPrincipal staff, AuditFilter filter)
    {
        var entries = jurisdiction.FilterAudit(db.AuditEntries.AsNoTracking(), db.Cases.AsNoTracking(), staff);
        if (filter.Case is { } caseId)
        {
            entries = entries.Where(e => e.CaseId == caseId);
        }

        if (filter.User is { } user)
        {
            entries = entries.Where(e => e.Actor == user);
        }

        if (filter.Office is { } office)
        {
            // Entries by the office's staff, and entries about the cases it holds, each with the offices below it.
            var subtree = offices.Subtree(office);
            entries = entries.Where(e =>
                (e.ActorOffice != null && subtree.Contains(e.ActorOffice))
                || (e.CaseId != null && db.Cases.Any(c => c.Id == e.CaseId && subtree.Contains(c.OfficeCode)))
            );
        }

        if (filter.Action is { } kind)
        {
            entries = kind.EndsWith('.')
                ? entries.Where(e => e.Action.StartsWith(kind))
                : entries.Where(e => e.Action == kind);
        }

        if (filter.From is { } from)
        {
            var start = calendar.StartOf(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = calendar.EndOf(to);
            entries = entries.Where(e => e.At < end);
        }

        return entries.OrderByDescending(e => e.Sequence);
    }

    public async Task<AuditPage> PageAsync(
        StaffPrincipal staff,
        AuditFilter filter,
        int page,
        CancellationToken cancellationToken
    )
    {
        page = Math.Clamp(page, 1, 1_000_000);
        var query = Query(staff, filter);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new AuditPage(entries, total, page, PageSize);
    }

    /// <summary>Every showing of the identity of a reporter of the case — in this case, in the case a report came from,
    /// and in any case a report was merged into — oldest first; null when the case lies outside the
    /// jurisdiction.</summary>
    public async Task<IReadOnlyList<IdentityShowing>?> IdentityShowingsAsync(
        StaffPrincipal staff,
        string caseId,
        CancellationToken cancellationToken
    )
    {
        if (!await jurisdiction.Filter(db.Cases.AsNoTracking(), staff).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return null;
        }

        var reports = await db
            .Reports.AsNoTracking()
            .OfCase(caseId)
            .Select(r => new { r.Id, r.OriginCaseId })
            .ToListAsync(cancellationToken);
        var reportIds = reports.Select(r => r.Id).ToHashSet();

        // A report's identity is shown under whichever case held it at the time: follow the merges both ways.
        var holders = new HashSet<string>(StringComparer.Ordinal) { caseId };
        holders.UnionWith(reports.Where(r => r.OriginCaseId is not null).Select(r => r.OriginCaseId!));
        var frontier = holders.ToList();
        while (frontier.Count > 0)
        {
            var merges = await db
                .AuditEntries.AsNoTracking()
                .Where(e =>
                    e.CaseId != null
                    && frontier.Contains(e.CaseId)
                    && (e.Action == AuditActions.CaseMerge || e.Action == AuditActions.CaseMergeReceived)
                )
                .Select(e => e.Details)
                .ToListAsync(cancellationToken);
            frontier = [.. merges.SelectMany(d => Linked(d)).Where(holders.Add)];
        }

        var holderList = holders.ToList();
        var entries = await db
            .AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.IdentityViewed && e.CaseId != null && holderList.Contains(e.CaseId))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return
        [
            .. entries
                .Select(e => (Entry: e, Report: ReportOf(e.Details)))
                .Where(x => x.Report is { } id && reportIds.Contains(id))
                .Select(x => new IdentityShowing(
                    x.Entry.Sequence,
                    x.Entry.At,
                    x.Entry.Actor,
                    x.Entry.ActorOffice,
                    x.Entry.CaseId!,
                    x.Report!.Value
                )),
        ];
    }

    private static IEnumerable<string> Linked(string details)
    {
        using var document = JsonDocument.Parse(details);
        foreach (var name in new[] { "into", "from" })
        {
            if (
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString() is { } id
            )
            {
                yield return id;
            }
        }
    }

    private static Guid? ReportOf(string details)
    {
        using var document = JsonDocument.Parse(details);
        return
            document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("reportId", out var value)
            && value.TryGetGuid(out var id)
            ? id
            : null;
    }
}
