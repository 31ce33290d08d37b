using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Deadlines;

/// <summary>Escalates overdue cases level by level: a case whose earliest open deadline has passed is flagged for the
/// parent of its office (the national office for a national case), where it appears in the escalated queue; while it
/// stays overdue, it climbs to the next office up every <see cref="DeadlineOptions.EscalationStepDays"/> calendar days
/// until the national office holds it. The flag is lifted by the step that meets the deadline
/// (<c>Cases/CaseActions</c>). Every escalation, and every step up, is audited.</summary>
public sealed class Escalation(
    CaseworkDb db,
    OfficeTree offices,
    AuditLog audit,
    DeadlineCalendar calendar,
    DeadlineOptions options,
    TimeProvider time
)
{
    /// <summary>How many cases one round escalates at most, so one transaction stays short; the next round takes the
    /// rest.</summary>
    public const int BatchSize = 500;

    /// <summary>Escalates every overdue case not yet escalated; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var overdue = await db
            .Cases.Where(c => c.EscalatedTo == null && c.NextDueAt != null && c.NextDueAt <= now)
            .OrderBy(c => c.NextDueAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        // Escalated on day D and still overdue: the office it went to had the days up to D + step; then the next one
        // up.
        var climbBefore = calendar.StartOf(calendar.DateOf(now).AddDays(-options.EscalationStepDays));
        var climbing = await db
            .Cases.Where(c =>
                c.EscalatedTo != null
                && c.EscalatedTo != RegionDataset.National
                && c.EscalatedAt < climbBefore
                && c.NextDueAt != null
                && c.NextDueAt <= now
            )
            .OrderBy(c => c.EscalatedAt)
            .Take(BatchSize - overdue.Count)
            .ToListAsync(cancellationToken);
        foreach (var c in overdue.Concat(climbing))
        {
            var from = c.EscalatedTo;
            var to = offices.ParentOf(from ?? c.OfficeCode) ?? RegionDataset.National;
            var before = CaseSnapshot.Of(c);
            (c.EscalatedTo, c.EscalatedAt, c.EscalatedFor) = (to, now, c.NextDueKind);
            await audit.AppendAsync(
                AuditLog.SystemActor,
                null,
                AuditActions.CaseEscalated,
                c.Id,
                new
                {
                    before,
                    after = CaseSnapshot.Of(c),
                    from,
                    to,
                    deadline = c.NextDueKind,
                    dueAt = c.NextDueAt,
                },
                cancellationToken
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return overdue.Count + climbing.Count;
    }
}
