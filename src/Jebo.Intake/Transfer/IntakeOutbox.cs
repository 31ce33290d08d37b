using Jebo.Intake.Data;
using Jebo.Intake.Keys;
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
/// </remarks>
public sealed class IntakeOutbox(IntakeDb db, IntakeKeys keys, IntakeOptions options, TimeProvider time)
{
    public const string Sender = "intake";

    /// <summary>Sealed attachment bytes one bundle may carry beyond its reports; a report with more goes alone.</summary>
    public const long AttachmentBudget = 256L * 1024 * 1024;

    /// <summary>Writes any reserved bundle whose file is missing, then bundles everything waiting. Returns the new sequences.</summary>
    public async Task<IReadOnlyList<long>> FlushAsync(CancellationToken cancellationToken)
    {
        await RepairAsync(cancellationToken);
        var written = new List<long>();
        while (await ReserveAsync(cancellationToken) is { } sequence)
        {
            await WriteAsync(sequence, cancellationToken);
            written.Add(sequence);
        }

        return written;
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
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.BundleSequence == sequence).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.ReportId, a.Header, a.SealedLength, a.ChunkCount }).ToListAsync(cancellationToken);
        foreach (var attachment in attachments)
        {
            // Record payload: the report's id, then the sealed attachment exactly as intake stored it (header, chunks).
            var payload = new byte[16 + attachment.Header.Length + attachment.SealedLength];
            attachment.ReportId!.Value.TryWriteBytes(payload.AsSpan(0, 16), bigEndian: true, out _);
            attachment.Header.CopyTo(payload, 16);
            var at = 16 + attachment.Header.Length;
            var chunks = 0;
            await foreach (var chunk in db.AttachmentChunks.AsNoTracking().Where(c => c.AttachmentId == attachment.Id).OrderBy(c => c.Index)
                .Select(c => c.Data).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                chunk.CopyTo(payload, at);
                at += chunk.Length;
                chunks++;
            }

            if (at != payload.Length || chunks != attachment.ChunkCount)
            {
                throw new InvalidOperationException($"attachment {attachment.Id} of bundle {sequence} is incomplete in the database");
            }

            records.Add(new BundleRecord(RecordType.SealedAttachment, attachment.Id, payload));
        }

        var header = new BundleHeader(BundleFormat.CurrentVersion, BundleKind.Reports, Sender, keys.SigningKeyId, sequence, previousHash, bundle.CreatedAt, records.Count, null);
        return BundleFormat.Write(header, records, keys.SigningKey);
    }

    /// <summary>The sequences of bundles casework has not yet acknowledged, in order.</summary>
    public async Task<IReadOnlyList<long>> UnacknowledgedAsync(CancellationToken cancellationToken) =>
        await db.OutboundBundles.AsNoTracking().Where(b => b.AcknowledgedAt == null).OrderBy(b => b.Sequence)
            .Select(b => b.Sequence).ToListAsync(cancellationToken);

    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        AtomicFile.RemoveLeftovers(options.OutboundSpool);
        var unwritten = await db.OutboundBundles.AsNoTracking().Where(b => b.WrittenAt == null).OrderBy(b => b.Sequence)
            .Select(b => b.Sequence).ToListAsync(cancellationToken);
        foreach (var sequence in unwritten)
        {
            await WriteAsync(sequence, cancellationToken);
        }
    }

    private async Task<long?> ReserveAsync(CancellationToken cancellationToken)
    {
        var limit = options.MaxRecordsPerBundle;
        var candidates = await db.Reports.Where(r => r.BundleSequence == null && r.Sealed != null)
            .OrderBy(r => r.ReceivedAt).Select(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        var files = await db.Attachments.Where(a => a.ReportId != null && candidates.Contains(a.ReportId.Value))
            .Select(a => new { a.Id, ReportId = a.ReportId!.Value, a.SealedLength }).ToListAsync(cancellationToken);
        var reportIds = new List<Guid>();
        var attachmentIds = new List<Guid>();
        var bytes = 0L;
        foreach (var candidate in candidates)
        {
            // A report travels with all its files; files fill a bundle up to the budget (one report may exceed it alone).
            var own = files.Where(f => f.ReportId == candidate).ToList();
            var size = own.Sum(f => f.SealedLength);
            if (reportIds.Count > 0 && (bytes + size > AttachmentBudget || reportIds.Count + attachmentIds.Count + own.Count + 1 > limit))
            {
                break;
            }

            reportIds.Add(candidate);
            attachmentIds.AddRange(own.Select(f => f.Id));
            bytes += size;
        }

        var followUpIds = await db.FollowUps.Where(f => f.BundleSequence == null && f.Sealed != null)
            .OrderBy(f => f.ReceivedAt).Select(f => f.Id).Take(Math.Max(0, limit - reportIds.Count - attachmentIds.Count)).ToListAsync(cancellationToken);
        if (reportIds.Count + followUpIds.Count == 0)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sequence = (await db.OutboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0) + 1;
        db.OutboundBundles.Add(new OutboundBundle { Sequence = sequence, CreatedAt = time.GetUtcNow(), RecordCount = reportIds.Count + followUpIds.Count + attachmentIds.Count });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var taken = await db.Reports.Where(r => r.BundleSequence == null && reportIds.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.BundleSequence, sequence), cancellationToken);
        taken += await db.FollowUps.Where(f => f.BundleSequence == null && followUpIds.Contains(f.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.BundleSequence, sequence), cancellationToken);
        taken += await db.Attachments.Where(a => a.BundleSequence == null && attachmentIds.Contains(a.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.BundleSequence, sequence), cancellationToken);
        if (taken != reportIds.Count + followUpIds.Count + attachmentIds.Count)
        {
            // Another intake node bundled some of them first: give the number back and try again next time.
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return sequence;
    }

    private async Task WriteAsync(long sequence, CancellationToken cancellationToken)
    {
        var bytes = await BuildAsync(sequence, cancellationToken);
        AtomicFile.Write(Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence)), bytes);
        var hash = BundleFormat.Hash(bytes);
        await db.OutboundBundles.Where(b => b.Sequence == sequence)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Hash, hash).SetProperty(b => b.WrittenAt, time.GetUtcNow()), cancellationToken);
    }
}
