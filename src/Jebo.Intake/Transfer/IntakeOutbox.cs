using System.Runtime.CompilerServices;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Transfer;

/// <summary>
/// Puts sealed reports, their sealed attachments and follow-ups into signed, numbered bundles in the outbound spool,
/// and rebuilds any bundle casework has not acknowledged yet, byte for byte, for carrying again.
/// </summary>
/// <remarks>
/// A bundle's number and records are fixed in the database first (reserve); then it is signed and its signature and
/// hash are stored (seal); then the file is written atomically (write). A crash at any point is repaired from the
/// database with the same bytes, so a number never names two different bundles — the receiver would refuse the second —
/// and no sealed report is deleted before a status bundle says casework holds it.
/// Several intake nodes may share one database and one spool. Reservations are taken one at a time across all of them
/// (<see cref="ExclusiveTransaction"/>), so numbers are contiguous and a record joins exactly one bundle. Writing is
/// not serialised across machines: a node that reserved bundle N+1 may find N reserved by another node and not yet
/// written; it then writes N itself before N+1 (same rows, same key, same bytes), so the chain never waits on a slow
/// or dead node, and two nodes writing the same bundle at once write identical files.
/// </remarks>
public sealed class IntakeOutbox(
    IntakeDb db,
    IntakeKeys keys,
    IntakeOptions options,
    TimeProvider time,
    WriterTurns turns,
    ILogger<IntakeOutbox> logger
)
{
    public const string Sender = "intake";
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    /// <summary>Serialises reservations across intake nodes.</summary>
    public static readonly long ReserveLockKey = ExclusiveTransaction.Key("JEBOOUTB");

    /// <summary>A temporary file older than this in the spool is a crash's leftover, not another node's
    /// write.</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(15);

    /// <summary>Writes any reserved bundle whose file is missing (whichever node reserved it), then bundles everything
    /// waiting. Returns the sequences this call reserved.</summary>
    public async Task<IReadOnlyList<long>> FlushAsync(CancellationToken cancellationToken)
    {
        // One writer per machine (the lock file); across machines the database decides (see the remarks).
        using var writer = await SpoolLock.AcquireAsync(options.OutboxLockFile, LockWait, cancellationToken);
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

    /// <summary>Writes, in order, every reserved bundle up to <paramref name="through"/> whose file is not yet written,
    /// whichever node reserved it: bundle N names N-1's hash, so N-1 must be sealed first.</summary>
    private async Task WriteThroughAsync(long through, CancellationToken cancellationToken)
    {
        var unwritten = await db
            .OutboundBundles.AsNoTracking()
            .Where(b => b.WrittenAt == null && b.Sequence <= through)
            .OrderBy(b => b.Sequence)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var sequence in unwritten)
        {
            await WriteAsync(sequence, cancellationToken);
        }
    }

    /// <summary>The bytes of a bundle not yet acknowledged, rebuilt from the database: identical to the file first
    /// written, because the records, header and signature are all stored.</summary>
    public async Task<byte[]> BuildAsync(long sequence, CancellationToken cancellationToken)
    {
        var bundle = await db
            .OutboundBundles.AsNoTracking()
            .SingleAsync(b => b.Sequence == sequence, cancellationToken);
        var previousHash =
            sequence == 1
                ? ""
                : await db
                    .OutboundBundles.AsNoTracking()
                    .Where(b => b.Sequence == sequence - 1)
                    .Select(b => b.Hash)
                    .SingleAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"bundle {sequence - 1} was never sealed; write it first");
        var reports = await db
            .Reports.AsNoTracking()
            .Where(r => r.BundleSequence == sequence)
            .Select(r => new { r.Id, r.Sealed })
            .ToListAsync(cancellationToken);
        var followUps = await db
            .FollowUps.AsNoTracking()
            .Where(f => f.BundleSequence == sequence)
            .Select(f => new
            {
                f.Id,
                f.ReportId,
                f.Sealed,
            })
            .ToListAsync(cancellationToken);
        if (reports.Any(r => r.Sealed is null) || followUps.Any(f => f.Sealed is null))
        {
            throw new InvalidOperationException(
                $"bundle {sequence} was acknowledged by casework and its sealed copies deleted"
            );
        }

        var records = reports
            .OrderBy(r => r.Id)
            .Select(r => new BundleRecord(RecordType.SealedReport, r.Id, r.Sealed!))
            .Concat(
                followUps
                    .OrderBy(f => f.Id)
                    .Select(f => new BundleRecord(
                        RecordType.SealedFollowUp,
                        f.Id,
                        [.. f.ReportId.ToByteArray(bigEndian: true), .. f.Sealed!]
                    ))
            )
            .ToList();
        await foreach (var attachment in AttachmentRecordsAsync(sequence, cancellationToken))
        {
            records.Add(attachment);
        }

        var signing = keys.Signing;
        var header = new BundleHeader(
            BundleFormat.CurrentVersion,
            BundleKind.Reports,
            Sender,
            bundle.KeyId ?? signing.Id,
            sequence,
            previousHash,
            bundle.CreatedAt,
            records.Count,
            null
        );
        return bundle.Signature is { } signature
            ? BundleFormat.Write(header, records, signature)
            : BundleFormat.Write(header, records, signing.Key);
    }

    /// <summary>The sequences of written bundles casework has not yet acknowledged, in order.</summary>
    public async Task<IReadOnlyList<long>> UnacknowledgedAsync(CancellationToken cancellationToken) =>
        await db
            .OutboundBundles.AsNoTracking()
            .Where(b => b.AcknowledgedAt == null && b.WrittenAt != null)
            .OrderBy(b => b.Sequence)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);

    /// <summary>The most records one step of a reservation takes on SQLite, each step in its own transaction.</summary>
    /// <remarks>SQLite admits one writer at a time, and marking a record rewrites its row, sealed report and all:
    /// reserving 10,000 records in one transaction held the write lock for 0.7–2.6 s, and every submission waited for
    /// it (p99 2–3 s under <c>jebo up</c>; docs/benchmarks.md). In steps, submissions are committed between them. A
    /// bundle is filled by one process at a time (the spool's lock file, and SQLite is one machine's), and each step
    /// adds its records and its count together, so a crash between steps leaves a smaller bundle that is whole, which
    /// the next round writes as it is. PostgreSQL's writers do not wait for one another: there a bundle is reserved
    /// in one step, so that nodes sharing the database never see one being filled.</remarks>
    public const int SqliteReserveStep = 500;

    /// <summary>Fixes the next bundle's number and records, in one transaction or, on SQLite, in steps of
    /// <see cref="SqliteReserveStep"/> records; null when nothing waits.</summary>
    private async Task<long?> ReserveAsync(CancellationToken cancellationToken)
    {
        var limit = Math.Max(1, options.MaxRecordsPerBundle);
        var step = db.Database.IsSqlite() ? SqliteReserveStep : limit;
        var packing = new Packing(limit, options, logger);
        long? sequence = null;
        while (!packing.Full && packing.Room > 0)
        {
            if (await ReserveStepAsync(packing, sequence, step, cancellationToken) is not { } reserved)
            {
                break;
            }

            sequence = reserved;
        }

        return sequence;
    }

    /// <summary>One step of a reservation, in one transaction: up to <paramref name="step"/> more records that fit
    /// <paramref name="packing"/>, into bundle <paramref name="sequence"/> or, when null, a new bundle. Returns the
    /// bundle's number, or null when no record was taken.</summary>
    private async Task<long?> ReserveStepAsync(
        Packing packing,
        long? sequence,
        int step,
        CancellationToken cancellationToken
    )
    {
        var limit = Math.Min(step, packing.Room);
        var (countBefore, filesBefore) = (packing.Count, packing.Attachments.Count);
        db.ChangeTracker.Clear();
        using var turn = await turns.TakeAsync(db, cancellationToken);
        await using var transaction = await ExclusiveTransaction.BeginAsync(db, ReserveLockKey, cancellationToken);
        // Read inside the lock: what another node reserved a moment ago is visible now and not taken twice.
        var reports = await db
            .Reports.AsNoTracking()
            .Where(r => r.BundleSequence == null && r.Sealed != null)
            .OrderBy(r => r.ReceivedAt)
            .ThenBy(r => r.Id)
            .Select(r => new { r.Id, Length = (long)r.Sealed!.Length })
            .Take(limit)
            .ToListAsync(cancellationToken);
        var waiting = reports.Select(r => r.Id).ToList();
        var files = (
            await db
                .Attachments.AsNoTracking()
                .Where(a =>
                    a.ReportId != null
                    && a.FollowUpId == null
                    && a.BundleSequence == null
                    && waiting.Contains(a.ReportId.Value)
                )
                .Select(a => new
                {
                    a.Id,
                    ReportId = a.ReportId!.Value,
                    a.Header.Length,
                    a.SealedLength,
                })
                .ToListAsync(cancellationToken)
        ).ToLookup(a => a.ReportId);

        // Fill the bundle up to the record and byte limits, reports first, each with all its files; one report (with
        // its files) or follow-up larger than the byte limit still travels, alone, so nothing can be stuck for being
        // big.
        var reportIds = new List<Guid>();
        foreach (var report in reports)
        {
            var own = files[report.Id].Select(f => (f.Id, ReportSize.AttachmentRecord(f.Length, f.SealedLength)));
            if (packing.TryTake("Report", report.Id, report.Length, [.. own]))
            {
                reportIds.Add(report.Id);
            }
            else if (packing.Full)
            {
                break;
            }
        }

        // A follow-up never travels before its report: one whose report is still waiting outside this bundle (left
        // out by a limit, or committed after the query above) waits too.
        var followUps = await db
            .FollowUps.AsNoTracking()
            .Where(f => f.BundleSequence == null && f.Sealed != null)
            .Where(f =>
                !db.Reports.Any(r => r.Id == f.ReportId && r.BundleSequence == null && !reportIds.Contains(r.Id))
            )
            .OrderBy(f => f.ReceivedAt)
            .ThenBy(f => f.Id)
            .Select(f => new { f.Id, SealedLength = (long)f.Sealed!.Length })
            .Take(Math.Max(0, limit - (packing.Count - countBefore)))
            .ToListAsync(cancellationToken);
        var candidates = followUps.Select(f => f.Id).ToList();
        var followUpFiles = (
            await db
                .Attachments.AsNoTracking()
                .Where(a => a.FollowUpId != null && a.BundleSequence == null && candidates.Contains(a.FollowUpId.Value))
                .Select(a => new
                {
                    a.Id,
                    FollowUpId = a.FollowUpId!.Value,
                    a.Header.Length,
                    a.SealedLength,
                })
                .ToListAsync(cancellationToken)
        ).ToLookup(a => a.FollowUpId);
        var followUpIds = new List<Guid>();
        foreach (var followUp in followUps)
        {
            // A follow-up travels with all its files, as a report does.
            var own = followUpFiles[followUp.Id]
                .Select(f => (f.Id, ReportSize.AttachmentRecord(f.Length, f.SealedLength)));
            if (packing.TryTake("Follow-up", followUp.Id, ReportSize.FollowUpRecord(followUp.SealedLength), [.. own]))
            {
                followUpIds.Add(followUp.Id);
            }
            else if (packing.Full)
            {
                break;
            }
        }

        var count = packing.Count - countBefore;
        var attachmentIds = packing.Attachments[filesBefore..];
        if (count == 0)
        {
            return null;
        }

        long bundle;
        if (sequence is { } filling)
        {
            bundle = filling;
            var grown = await db
                .OutboundBundles.Where(b => b.Sequence == bundle && b.WrittenAt == null && b.Signature == null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.RecordCount, b => b.RecordCount + count),
                    cancellationToken
                );
            if (grown != 1)
            {
                // Only its filler writes a bundle being filled; if another did, it is sealed as it was.
                await transaction.RollbackAsync(cancellationToken);
                throw new InvalidOperationException($"bundle {bundle} was sealed while it was being filled");
            }
        }
        else
        {
            bundle = (await db.OutboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0) + 1;
            db.OutboundBundles.Add(
                new OutboundBundle
                {
                    Sequence = bundle,
                    CreatedAt = time.GetUtcNow(),
                    RecordCount = count,
                }
            );
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var taken = await db
            .Reports.Where(r => r.BundleSequence == null && reportIds.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.BundleSequence, bundle), cancellationToken);
        taken += await db
            .Attachments.Where(a => a.BundleSequence == null && attachmentIds.Contains(a.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.BundleSequence, bundle), cancellationToken);
        taken += await db
            .FollowUps.Where(f => f.BundleSequence == null && followUpIds.Contains(f.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.BundleSequence, bundle), cancellationToken);
        if (taken != count)
        {
            // Cannot happen while every reservation holds the lock; if it does, give the number (or the step) back
            // rather than write a bundle whose record count is wrong.
            await transaction.RollbackAsync(cancellationToken);
            throw new InvalidOperationException(
                $"bundle {bundle}: {count - taken} record(s) were bundled by someone else during the reservation"
            );
        }

        await transaction.CommitAsync(cancellationToken);
        return bundle;
    }

    /// <summary>Fills one bundle in order, each report or follow-up with all its files, up to the record and byte
    /// limits; the first record always fits, so nothing is stuck for being big, unless it could not travel in any
    /// bundle.</summary>
    private sealed class Packing(int limit, IntakeOptions options, ILogger logger)
    {
        public int Count { get; private set; }
        public long Bytes { get; private set; }

        /// <summary>How many more records the bundle may take.</summary>
        public int Room => Math.Max(0, limit - Count);
        public List<Guid> Attachments { get; } = [];

        /// <summary>The bundle has no room for the record last offered: stop offering.</summary>
        public bool Full { get; private set; }

        /// <summary>Takes the record with its files when they fit; false when the bundle is full, or when the record
        /// is held back for being too large to travel at all.</summary>
        public bool TryTake(string kind, Guid id, long recordLength, IReadOnlyList<(Guid Id, long Record)> files)
        {
            var size = ReportSize.InBundle(recordLength, files.Select(f => f.Record));
            if (size > options.MaxTravelBytes)
            {
                // Intake refuses such a report or follow-up (413), so this is one stored under other limits: it stays,
                // sealed, for an operator, and never stops those behind it (a bundle above the format's maximum
                // cannot be written).
                logger.LogError(
                    "{Kind} {Id} takes {Size} bytes with its files, above the {Limit} a bundle can carry; it is held "
                        + "back",
                    kind,
                    id,
                    size,
                    options.MaxTravelBytes
                );
                return false;
            }

            if (Count > 0 && (Count + 1 + files.Count > limit || Bytes + size > options.MaxBundleBytes))
            {
                Full = true;
                return false;
            }

            Attachments.AddRange(files.Select(f => f.Id));
            Count += 1 + files.Count;
            Bytes += size;
            return true;
        }
    }

    /// <summary>The sealed attachments a bundle carries, as records: the id of the report or follow-up it was sent
    /// with, then the sealed attachment exactly as intake stored it (header, chunks).</summary>
    private async IAsyncEnumerable<BundleRecord> AttachmentRecordsAsync(
        long sequence,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        var attachments = await db
            .Attachments.AsNoTracking()
            .Where(a => a.BundleSequence == sequence)
            .OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id,
                a.ReportId,
                a.FollowUpId,
                a.Header,
                a.SealedLength,
                a.ChunkCount,
            })
            .ToListAsync(cancellationToken);
        foreach (var attachment in attachments)
        {
            var payload = new byte[16 + attachment.Header.Length + attachment.SealedLength];
            (attachment.FollowUpId ?? attachment.ReportId!.Value).TryWriteBytes(
                payload.AsSpan(0, 16),
                bigEndian: true,
                out _
            );
            attachment.Header.CopyTo(payload, 16);
            var at = 16 + attachment.Header.Length;
            var chunks = 0;
            await foreach (
                var chunk in db
                    .AttachmentChunks.AsNoTracking()
                    .Where(c => c.AttachmentId == attachment.Id)
                    .OrderBy(c => c.Index)
                    .Select(c => c.Data)
                    .AsAsyncEnumerable()
                    .WithCancellation(cancellationToken)
            )
            {
                chunk.CopyTo(payload, at);
                at += chunk.Length;
                chunks++;
            }

            if (at != payload.Length || chunks != attachment.ChunkCount)
            {
                throw new InvalidOperationException(
                    $"attachment {attachment.Id} of bundle {sequence} is incomplete in the database"
                );
            }

            yield return new BundleRecord(
                attachment.FollowUpId is null ? RecordType.SealedAttachment : RecordType.SealedFollowUpAttachment,
                attachment.Id,
                payload
            );
        }
    }

    /// <summary>Seals (signs and stores signature and hash) if not yet sealed, then writes the file
    /// atomically.</summary>
    private async Task WriteAsync(long sequence, CancellationToken cancellationToken)
    {
        if (await db.OutboundBundles.AnyAsync(b => b.Sequence == sequence && b.WrittenAt != null, cancellationToken))
        {
            return; // another node wrote it since we looked
        }

        var bytes = await BuildAsync(sequence, cancellationToken);
        var stored = await db
            .OutboundBundles.AsNoTracking()
            .Where(b => b.Sequence == sequence)
            .Select(b => b.Signature)
            .SingleAsync(cancellationToken);
        if (stored is null)
        {
            var hash = BundleFormat.Hash(bytes);
            var signature = BundleFormat.SignatureOf(bytes).ToArray();
            var keyId = BundleFormat.ReadHeaderUnverified(bytes).KeyId;
            await db
                .OutboundBundles.Where(b => b.Sequence == sequence)
                .ExecuteUpdateAsync(
                    s =>
                        s.SetProperty(b => b.Hash, hash)
                            .SetProperty(b => b.Signature, signature)
                            .SetProperty(b => b.KeyId, keyId),
                    cancellationToken
                );
        }

        AtomicFile.Write(
            Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence)),
            bytes
        );
        // Another node may have written the same bundle meanwhile: the bytes are the same.
        await db
            .OutboundBundles.Where(b => b.Sequence == sequence && b.WrittenAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.WrittenAt, time.GetUtcNow()), cancellationToken);
    }
}
