using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Feedback;
using Jebo.Casework.Screening;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>
/// Merging a case into another about the same matter, and undoing it. The merged case's reports move into the target
/// case (each remembering the case it arrived in), so the target shows every report, follow-up and reporter; unmerging
/// moves back exactly the reports that came from the merged case and from cases merged into it.
/// </summary>
/// <remarks>Reports themselves are never changed or deleted; only which case holds them.</remarks>
public sealed class CaseMerging(
    CaseworkDb db,
    ReporterContacts contacts,
    StatusPublication publication,
    AuditLog audit,
    ClueIndex clues,
    ScreeningMarks marks
)
{
    /// <summary>Moves the reports of <paramref name="source"/> into <paramref name="target"/>; both are
    /// tracked, and their screening marks follow the reports (<see cref="ScreeningMarks"/>).</summary>
    public async Task<MergeMove> MergeAsync(
        CaseRecord source,
        CaseRecord target,
        StaffPrincipal staff,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var reports = await db.Reports.Where(r => r.CaseId == source.Id).ToListAsync(cancellationToken);
        foreach (var report in reports)
        {
            report.OriginCaseId ??= source.Id;
            report.CaseId = target.Id;
            report.JoinedAt = now;
        }

        // Unread follow-ups travel with their reports: the case holding them now is where someone must read them.
        if (source.FollowUpsUnreadSince is { } unread && !(target.FollowUpsUnreadSince <= unread))
        {
            target.FollowUpsUnreadSince = unread;
        }

        source.FollowUpsUnreadSince = null;
        source.MergedInto = target.Id;
        var protection = CaseClock.CarryProtection(source, target);
        await db.SaveChangesAsync(cancellationToken);
        await MoveScreeningsAsync([.. reports.Select(r => r.Id)], target.Id, cancellationToken);
        await ReceiveAsync(
            target,
            staff,
            AuditActions.CaseMergeReceived,
            new
            {
                from = source.Id,
                reports = reports.Count,
                protectionDueAt = protection ? target.ProtectionDueAt : null,
            },
            now,
            cancellationToken
        );
        var marked = await marks.RecomputeAsync([source, target], cancellationToken);
        await publication.QueueAsync([.. reports.Select(r => r.Id)], now, cancellationToken);
        return new MergeMove(reports.Count, marked);
    }

    /// <summary>Takes back into <paramref name="caseRecord"/> the reports that arrived in it or in a case merged into
    /// it, wherever they are now; the cases they leave are updated and their trails say so, and the screening marks of
    /// every case involved follow the reports (<see cref="ScreeningMarks"/>).</summary>
    public async Task<MergeMove> UnmergeAsync(
        CaseRecord caseRecord,
        StaffPrincipal staff,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var reports = await (await ReturningAsync(caseRecord.Id, cancellationToken)).ToListAsync(cancellationToken);
        var leaving = reports
            .GroupBy(r => r.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var report in reports)
        {
            report.CaseId = caseRecord.Id;
            report.JoinedAt = now;
            if (report.OriginCaseId == caseRecord.Id)
            {
                (report.OriginCaseId, report.JoinedAt) = (null, null);
            }
        }

        caseRecord.MergedInto = null;
        await db.SaveChangesAsync(cancellationToken);
        await MoveScreeningsAsync([.. reports.Select(r => r.Id)], caseRecord.Id, cancellationToken);
        await contacts.RecomputeAsync(
            caseRecord,
            await contacts.IdentifiedReportsAsync(caseRecord.Id, cancellationToken),
            cancellationToken
        );
        var holders = new List<CaseRecord>();
        foreach (var (holderId, count) in leaving)
        {
            var holder = await db.Cases.FirstAsync(c => c.Id == holderId, cancellationToken);
            holders.Add(holder);
            await ReceiveAsync(
                holder,
                staff,
                AuditActions.CaseMergeUndone,
                new { to = caseRecord.Id, reports = count },
                now,
                cancellationToken
            );
        }

        var marked = await marks.RecomputeAsync([caseRecord, .. holders], cancellationToken);
        await publication.QueueAsync([.. reports.Select(r => r.Id)], now, cancellationToken);
        return new MergeMove(reports.Count, marked);
    }

    /// <summary>The offices of the cases that hold the reports an unmerge of <paramref name="caseRecord"/> would take
    /// back: the person unmerging must see every one of them.</summary>
    public async Task<IReadOnlyList<string>> HoldersAsync(CaseRecord caseRecord, CancellationToken cancellationToken)
    {
        var returning = await ReturningAsync(caseRecord.Id, cancellationToken);
        var holders = returning.Select(r => r.CaseId).Distinct();
        return await db
            .Cases.AsNoTracking()
            .Where(c => holders.Contains(c.Id))
            .Select(c => c.OfficeCode)
            .Distinct()
            .ToListAsync(cancellationToken);
    }

    /// <summary>The reports that arrived in <paramref name="caseId"/> or in a case merged into it and are held
    /// elsewhere now.</summary>
    private async Task<IQueryable<ReportRecord>> ReturningAsync(string caseId, CancellationToken cancellationToken)
    {
        var members = new HashSet<string>(StringComparer.Ordinal) { caseId };
        var frontier = new List<string> { caseId };
        while (frontier.Count > 0)
        {
            var children = await db
                .Cases.AsNoTracking()
                .Where(c => c.MergedInto != null && frontier.Contains(c.MergedInto))
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
            frontier = [.. children.Where(members.Add)];
        }

        var memberList = members.ToList();
        return db.Reports.Where(r =>
            r.OriginCaseId != null && memberList.Contains(r.OriginCaseId) && r.CaseId != caseId
        );
    }

    /// <summary>Screening results follow their reports, so related-case hints name the case that holds a report
    /// now.</summary>
    private async Task MoveScreeningsAsync(
        IReadOnlyList<Guid> reports,
        string caseId,
        CancellationToken cancellationToken
    )
    {
        await db
            .ReportScreenings.Where(s => reports.Contains(s.ReportId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CaseId, caseId), cancellationToken);
        clues.Move(reports, caseId);
    }

    /// <summary>Brings a case whose reports changed up to date (contact deadline, clock, version) and records why in
    /// its trail.</summary>
    private async Task ReceiveAsync(
        CaseRecord holder,
        StaffPrincipal staff,
        string action,
        object details,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        await contacts.RecomputeAsync(
            holder,
            await contacts.IdentifiedReportsAsync(holder.Id, cancellationToken),
            cancellationToken
        );
        CaseClock.Recompute(holder);
        holder.Version++;
        holder.UpdatedAt = now;
        await audit.AppendAsync(staff.Login, staff.OfficeCode, action, holder.Id, details, cancellationToken);
    }
}

/// <summary>What a merge or an unmerge moved: how many reports, and the screening marks it changed.</summary>
public sealed record MergeMove(int Reports, IReadOnlyList<ScreeningMarksChange> Screening);
