using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>Casework's record of the report bundles it has imported and the gaps an operator acknowledged: where the
/// stream stands, and what to tell intake it may forget.</summary>
public static class InboundLedger
{
    /// <summary>The highest number imported or acknowledged as lost.</summary>
    public static async Task<long> ThroughAsync(CaseworkDb db, CancellationToken cancellationToken) =>
        Math.Max(
            await db.InboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0,
            await db.AcknowledgedGaps.MaxAsync(g => (long?)g.Through, cancellationToken) ?? 0
        );

    public static async Task<Neighbourhood> NeighbourhoodAsync(
        CaseworkDb db,
        long sequence,
        CancellationToken cancellationToken
    )
    {
        var near = await db
            .InboundBundles.AsNoTracking()
            .Where(b => b.Sequence >= sequence - 1 && b.Sequence <= sequence + 1)
            .Select(b => new AppliedBundle(b.Sequence, b.Hash, b.PreviousHash))
            .ToListAsync(cancellationToken);
        var lost = await db
            .AcknowledgedGaps.AsNoTracking()
            .Where(g => g.From <= sequence && g.Through >= sequence - 1)
            .Select(g => new { g.From, g.Through })
            .ToListAsync(cancellationToken);
        return new Neighbourhood(
            await ThroughAsync(db, cancellationToken),
            near.Find(b => b.Sequence == sequence),
            near.Find(b => b.Sequence == sequence - 1),
            near.Find(b => b.Sequence == sequence + 1),
            lost.Exists(g => g.From <= sequence - 1 && sequence - 1 <= g.Through),
            lost.Exists(g => g.From <= sequence && sequence <= g.Through)
        );
    }

    /// <summary>What the next status bundle tells intake it may forget, and the holes below it acknowledged as lost,
    /// and how many bundles that covers.</summary>
    public static async Task<(Acknowledgement Acknowledgement, long Count)> AcknowledgementAsync(
        CaseworkDb db,
        CancellationToken cancellationToken
    )
    {
        var count = await db.InboundBundles.LongCountAsync(cancellationToken);
        var highest = await db.InboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
        if (count == highest)
        {
            return (new Acknowledgement(highest, []), count); // no hole: the usual case, without reading every number
        }

        var all = await db.InboundBundles.Select(b => b.Sequence).ToListAsync(cancellationToken);
        // Only numbers and the time cross; the reason and who gave it stay here.
        var lost = await db
            .AcknowledgedGaps.AsNoTracking()
            .Where(g => g.From <= highest)
            .Select(g => new
            {
                g.From,
                g.Through,
                g.At,
            })
            .ToListAsync(cancellationToken);
        return (Acknowledgement.Of(all).WithLost(lost.Select(g => new LostRange(g.From, g.Through, g.At))), count);
    }

    /// <summary>
    /// Records an operator's decision that the report bundles after the last one imported, through
    /// <paramref name="through"/>, are lost, so that later bundles are imported. Audited.
    /// </summary>
    /// <param name="db">Casework's database.</param>
    /// <param name="audit">The audit log of that database.</param>
    /// <param name="through">The last bundle declared lost.</param>
    /// <param name="reason">Why, in the operator's words.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <param name="by">Who decided, as the audit log's actor (the CLI passes <c>cli:</c> and the operating-system
    /// account).</param>
    /// <returns>The acknowledged range.</returns>
    public static async Task<SequenceRange> AcknowledgeGapAsync(
        CaseworkDb db,
        AuditLog audit,
        long through,
        string reason,
        string by,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new GapAcknowledgementException("give the reason for acknowledging the gap (--reason)");
        }

        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var from = await ThroughAsync(db, cancellationToken) + 1;
        if (through < from)
        {
            throw new GapAcknowledgementException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"there is no gap through {through}: report bundles through {from - 1} are imported or "
                        + $"acknowledged already"
                )
            );
        }

        var range = new SequenceRange(from, through);
        db.AcknowledgedGaps.Add(
            new AcknowledgedGap
            {
                Id = Guid.NewGuid(),
                From = from,
                Through = through,
                Reason = reason.Trim(),
                By = by,
                At = time.GetUtcNow(),
            }
        );
        await audit.AppendAsync(
            by,
            null,
            AuditActions.TransferGapAcknowledged,
            null,
            new
            {
                from,
                through,
                reason = reason.Trim(),
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return range;
    }
}
