using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Transfer;

/// <summary>
/// Puts sealed reports and follow-ups into signed, numbered bundles in the outbound spool.
/// </summary>
/// <remarks>
/// A bundle's number and contents are fixed in the database before its file is written (reserve, then write), and
/// the file is a deterministic function of those rows (Ed25519 signatures are deterministic), so a crash between the
/// two is repaired by writing the same bytes again: a sequence number is never reused for different contents.
/// Several intake nodes may share one database and one spool. Reservations are taken one at a time across all of them
/// (<see cref="ExclusiveTransaction"/>), so numbers are contiguous and a report joins exactly one bundle. Writing is
/// not serialised: a node that reserved bundle N+1 may find N reserved by another node and not yet written; it then
/// writes N itself before N+1 (same rows, same key, same bytes), so the chain never waits on a slow or dead node, and
/// two nodes writing the same bundle at once write identical files.
/// </remarks>
public sealed class IntakeOutbox(IntakeDb db, IntakeKeys keys, IntakeOptions options, TimeProvider time)
{
    public const string Sender = "intake";

    /// <summary>Serialises reservations across intake nodes.</summary>
    public static readonly long ReserveLockKey = ExclusiveTransaction.Key("JEBOOUTB");

    /// <summary>A temporary file older than this in the spool is a crash's leftover, not another node's write.</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(15);

    /// <summary>Writes any reserved bundle whose file is missing, then bundles everything waiting. Returns the sequences
    /// this call reserved.</summary>
    public async Task<IReadOnlyList<long>> FlushAsync(CancellationToken cancellationToken)
    {
        AtomicFile.RemoveLeftovers(options.OutboundSpool, LeftoverAge);
        await WriteThroughAsync(long.MaxValue, cancellationToken);
        var reserved = new List<long>();
        while (await ReserveAsync(cancellationToken) is { } sequence)
        {
            await WriteThroughAsync(sequence, cancellationToken);
            reserved.Add(sequence);
        }

        return reserved;
    }

    /// <summary>The bytes of a bundle not yet acknowledged, rebuilt from the database (identical to the file written).</summary>
    public async Task<byte[]> BuildAsync(long sequence, CancellationToken cancellationToken)
    {
        var bundle = await db.OutboundBundles.AsNoTracking().SingleAsync(b => b.Sequence == sequence, cancellationToken);
        var previousHash = sequence == 1
            ? ""
            : await db.OutboundBundles.AsNoTracking().Where(b => b.Sequence == sequence - 1).Select(b => b.Hash).SingleAsync(cancellationToken)
              ?? throw new InvalidOperationException($"bundle {sequence - 1} was never written; repair it first");
        var reports = await db.Reports.AsNoTracking().Where(r => r.BundleSequence == sequence)
            .Select(r => new { r.Id, r.Sealed }).ToListAsync(cancellationToken);
        var followUps = await db.FollowUps.AsNoTracking().Where(f => f.BundleSequence == sequence)
            .Select(f => new { f.Id, f.ReportId, f.Sealed }).ToListAsync(cancellationToken);
        if (reports.Any(r => r.Sealed is null) || followUps.Any(f => f.Sealed is null))
        {
            throw new InvalidOperationException($"bundle {sequence} was acknowledged and its sealed copies deleted");
        }

        var records = reports.OrderBy(r => r.Id).Select(r => new BundleRecord(RecordType.SealedReport, r.Id, r.Sealed!))
            .Concat(followUps.OrderBy(f => f.Id).Select(f => new BundleRecord(RecordType.SealedFollowUp, f.Id, [.. f.ReportId.ToByteArray(bigEndian: true), .. f.Sealed!])))
            .ToList();
        var header = new BundleHeader(BundleFormat.CurrentVersion, BundleKind.Reports, Sender, keys.SigningKeyId, sequence, previousHash, bundle.CreatedAt, records.Count, null);
        return BundleFormat.Write(header, records, keys.SigningKey);
    }

    /// <summary>The sequences of bundles casework has not yet acknowledged, in order.</summary>
    public async Task<IReadOnlyList<long>> UnacknowledgedAsync(CancellationToken cancellationToken) =>
        await db.OutboundBundles.AsNoTracking().Where(b => b.AcknowledgedAt == null).OrderBy(b => b.Sequence)
            .Select(b => b.Sequence).ToListAsync(cancellationToken);

    /// <summary>Writes, in order, every reserved bundle up to <paramref name="through"/> whose file is not yet written,
    /// whichever node reserved it: bundle N's file names N-1's hash, so N-1 must be written first.</summary>
    private async Task WriteThroughAsync(long through, CancellationToken cancellationToken)
    {
        var unwritten = await db.OutboundBundles.AsNoTracking().Where(b => b.WrittenAt == null && b.Sequence <= through)
            .OrderBy(b => b.Sequence).Select(b => b.Sequence).ToListAsync(cancellationToken);
        foreach (var sequence in unwritten)
        {
            await WriteAsync(sequence, cancellationToken);
        }
    }

    private async Task<long?> ReserveAsync(CancellationToken cancellationToken)
    {
        var limit = options.MaxRecordsPerBundle;
        db.ChangeTracker.Clear();
        await using var transaction = await ExclusiveTransaction.BeginAsync(db, ReserveLockKey, cancellationToken);
        // Read inside the lock: what another node reserved a moment ago is visible now and not taken twice.
        var reportIds = await db.Reports.Where(r => r.BundleSequence == null && r.Sealed != null)
            .OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id).Select(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        // A follow-up never travels before its report: one whose report is still waiting outside this bundle (left
        // out by the limit, or committed after the query above) waits too.
        var followUpIds = await db.FollowUps.Where(f => f.BundleSequence == null && f.Sealed != null)
            .Where(f => !db.Reports.Any(r => r.Id == f.ReportId && r.BundleSequence == null && !reportIds.Contains(r.Id)))
            .OrderBy(f => f.ReceivedAt).ThenBy(f => f.Id).Select(f => f.Id).Take(limit - reportIds.Count).ToListAsync(cancellationToken);
        if (reportIds.Count + followUpIds.Count == 0)
        {
            return null;
        }

        var sequence = (await db.OutboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0) + 1;
        db.OutboundBundles.Add(new OutboundBundle { Sequence = sequence, CreatedAt = time.GetUtcNow(), RecordCount = reportIds.Count + followUpIds.Count });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var taken = await db.Reports.Where(r => r.BundleSequence == null && reportIds.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.BundleSequence, sequence), cancellationToken);
        taken += await db.FollowUps.Where(f => f.BundleSequence == null && followUpIds.Contains(f.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.BundleSequence, sequence), cancellationToken);
        if (taken != reportIds.Count + followUpIds.Count)
        {
            // Cannot happen while every reservation holds the lock; if it does, give the number back rather than
            // write a bundle whose record count is wrong.
            await transaction.RollbackAsync(cancellationToken);
            throw new InvalidOperationException($"bundle {sequence}: {reportIds.Count + followUpIds.Count - taken} record(s) were bundled by someone else during the reservation");
        }

        await transaction.CommitAsync(cancellationToken);
        return sequence;
    }

    private async Task WriteAsync(long sequence, CancellationToken cancellationToken)
    {
        if (await db.OutboundBundles.AnyAsync(b => b.Sequence == sequence && b.WrittenAt != null, cancellationToken))
        {
            return; // another node wrote it since we looked
        }

        var bytes = await BuildAsync(sequence, cancellationToken);
        AtomicFile.Write(Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence)), bytes);
        var hash = BundleFormat.Hash(bytes);
        // Another node may have written the same bundle meanwhile: the bytes, and so the hash, are the same.
        await db.OutboundBundles.Where(b => b.Sequence == sequence && b.WrittenAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Hash, hash).SetProperty(b => b.WrittenAt, time.GetUtcNow()), cancellationToken);
    }
}
