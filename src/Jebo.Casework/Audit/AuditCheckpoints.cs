using System.Globalization;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Audit;

/// <summary>Makes a signed checkpoint of the chain's head when it has grown since the last one, and records it both in
/// the file outside the database (first, durably) and in the database.</summary>
/// <remarks>Security: a checkpoint is signed only for a chain that still continues from the last checkpoint in the
/// file, so someone who deletes the database's checkpoints and rehashes the chain cannot have the platform sign the
/// rewritten head and bury the break under a fresh checkpoint.</remarks>
public sealed class AuditCheckpoints(CaseworkDb db, CaseworkKeys keys, AuditCheckpointFile file, TimeProvider time)
{
    /// <summary>Signs the current head unless the last checkpoint already covers it; returns the new checkpoint or
    /// null.</summary>
    /// <exception cref="InvalidDataException">The chain no longer continues from the last checkpoint in the file, or
    /// the file is damaged: nothing is signed.</exception>
    public async Task<AuditCheckpoint?> MakeAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var head = await db
            .AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var filed = file.ReadLast(keys.OwnSigning);
        var last = Math.Max(
            await db.AuditCheckpoints.AsNoTracking().MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0,
            filed?.Sequence ?? 0
        );
        if (head is null || head.Sequence <= last)
        {
            return null;
        }

        if (await BreakSinceAsync(db, filed, cancellationToken) is { } problem)
        {
            throw new InvalidDataException($"no checkpoint signed: {problem}");
        }

        var checkpoint = AuditCheckpoint.Sign(keys, head.Sequence, head.Hash, time.GetUtcNow());
        // The file first: a checkpoint in the file whose database row was lost still vouches for an entry that exists.
        file.Append(checkpoint);
        db.AuditCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return checkpoint;
    }

    /// <summary>Checks the chain from a signed checkpoint to the head (at most <paramref name="limit"/> entries); null
    /// when it holds, otherwise a sentence naming the break.</summary>
    public static async Task<string?> BreakSinceAsync(
        CaseworkDb db,
        AuditCheckpoint? checkpoint,
        CancellationToken cancellationToken,
        int limit = 50_000
    )
    {
        var start = checkpoint?.Sequence ?? 0;
        var anchor =
            start == 0
                ? null
                : await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Sequence == start, cancellationToken);
        if (
            checkpoint is not null
            && (anchor is null || anchor.Hash != checkpoint.Hash || AuditChain.HashOf(anchor) != checkpoint.Hash)
        )
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"entry {start} no longer matches its signed checkpoint of {checkpoint.At:u}"
            );
        }

        var tail = await db
            .AuditEntries.AsNoTracking()
            .Where(e => e.Sequence > start)
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return AuditChain.FirstBreak(tail, start + 1, anchor?.Hash ?? AuditChain.Genesis);
    }
}
