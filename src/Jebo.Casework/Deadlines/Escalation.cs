using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Deadlines;

/// <summary>Escalates overdue cases to the office above: a case whose earliest open deadline has passed is flagged for
/// the parent of its office (the national office for a national case), where it appears in the escalated queue. The
/// flag is lifted by the step that meets the deadline (<c>Cases/CaseActions</c>). Every escalation is
/// audited.</summary>
public sealed class Escalation(CaseworkDb db, OfficeTree offices, AuditLog audit, TimeProvider time)
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
        foreach (var c in overdue)
        {
            var to = offices.ParentOf(c.OfficeCode) ?? RegionDataset.National;
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
        return overdue.Count;
    }
}
