using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Audit;

/// <summary>Makes a signed checkpoint of the chain's head when it has grown since the last one.</summary>
public sealed class AuditCheckpoints(CaseworkDb db, CaseworkKeys keys, TimeProvider time)
{
    /// <summary>Signs the current head unless the last checkpoint already covers it; returns the new checkpoint or null.</summary>
    public async Task<AuditCheckpoint?> MakeAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var last = await db.AuditCheckpoints.AsNoTracking().MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
        if (head is null || head.Sequence <= last)
        {
            return null;
        }

        var checkpoint = AuditCheckpoint.Sign(keys, head.Sequence, head.Hash, time.GetUtcNow());
        db.AuditCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return checkpoint;
    }
}
