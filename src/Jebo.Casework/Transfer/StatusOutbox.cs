using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>
/// Writes signed status bundles for intake: per report only the public status, its time and the office's messages
/// encrypted to the reporter's receipt key, plus "imported through bundle N" so intake can delete sealed copies.
/// </summary>
/// <remarks>Security: this is the only data that leaves the confidential zone. A bundle's bytes are committed with the
/// queue it drains, then written; a crash in between is repaired by writing the stored bytes.</remarks>
public sealed class StatusOutbox(CaseworkDb db, CaseworkKeys keys, AuditLog audit, CaseworkOptions options, TimeProvider time)
{
    public const string Sender = "casework";
    public const int MaxRecords = 10_000;

    public async Task<long?> FlushAsync(CancellationToken cancellationToken)
    {
        await RepairAsync(cancellationToken);
        if (!options.StatusReturn)
        {
            return null;
        }

        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var pending = await db.PendingStatuses.OrderBy(p => p.Since).Take(MaxRecords).ToListAsync(cancellationToken);
        var importedThrough = await db.InboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
        var last = await db.OutboundStatusBundles.AsNoTracking().OrderByDescending(b => b.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (pending.Count == 0 && importedThrough == (last?.AcknowledgedThrough ?? 0))
        {
            return null;
        }

        var records = await BuildRecordsAsync(pending.Select(p => p.ReportId).ToList(), cancellationToken);
        var sequence = (last?.Sequence ?? 0) + 1;
        var header = new BundleHeader(BundleFormat.CurrentVersion, BundleKind.Status, Sender, keys.SigningKeyId, sequence, last?.Hash ?? "",
            time.GetUtcNow(), records.Count, importedThrough);
        var bytes = BundleFormat.Write(header, records, keys.SigningKey);
        var hash = BundleFormat.Hash(bytes);
        db.OutboundStatusBundles.Add(new OutboundStatusBundle
        {
            Sequence = sequence,
            CreatedAt = header.CreatedAt,
            Hash = hash,
            RecordCount = records.Count,
            AcknowledgedThrough = importedThrough,
            Content = bytes,
        });
        db.PendingStatuses.RemoveRange(pending);
        await audit.AppendAsync(AuditLog.TransferActor, null, "transfer.status-written", null,
            new { sequence, hash, records = records.Count, acknowledgedThrough = importedThrough }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await WriteFileAsync(sequence, bytes, cancellationToken);
        return sequence;
    }

    private async Task<List<BundleRecord>> BuildRecordsAsync(List<Guid> reportIds, CancellationToken cancellationToken)
    {
        var reports = await db.Reports.AsNoTracking().Where(r => reportIds.Contains(r.Id))
            .Select(r => new { r.Id, r.CaseId, r.OriginCaseId, r.FeedbackKey }).ToListAsync(cancellationToken);
        var caseIds = reports.Select(r => r.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        // A merged report hears the messages of the case holding it and of the case it arrived in.
        var messageCaseIds = caseIds.Concat(reports.Where(r => r.OriginCaseId != null).Select(r => r.OriginCaseId!)).Distinct().ToList();
        var messages = (await db.CaseMessages.AsNoTracking().Where(m => messageCaseIds.Contains(m.CaseId)).ToListAsync(cancellationToken))
            .ToLookup(m => m.CaseId);
        var records = new List<BundleRecord>(reports.Count);
        foreach (var report in reports.OrderBy(r => r.Id))
        {
            var caseRecord = cases[report.CaseId];
            var status = new StatusRecord(
                Enum.Parse<PublicStatus>(caseRecord.PublicStatus.Replace("-", "", StringComparison.Ordinal), ignoreCase: true),
                caseRecord.PublicStatusAt,
                [.. messages[report.CaseId].Concat(report.OriginCaseId is null ? [] : messages[report.OriginCaseId]).OrderBy(m => m.At).Select(m => new StatusMessage(m.At, FeedbackCipher.Encrypt(report.FeedbackKey, report.Id, m.Text)))]);
            records.Add(new BundleRecord(RecordType.Status, report.Id, TransferJson.Serialize(status)));
        }

        return records;
    }

    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        AtomicFile.RemoveLeftovers(options.OutboundSpool);
        var unwritten = await db.OutboundStatusBundles.AsNoTracking().Where(b => b.WrittenAt == null && b.Content != null)
            .OrderBy(b => b.Sequence).Select(b => new { b.Sequence, b.Content }).ToListAsync(cancellationToken);
        foreach (var bundle in unwritten)
        {
            await WriteFileAsync(bundle.Sequence, bundle.Content!, cancellationToken);
        }
    }

    private async Task WriteFileAsync(long sequence, byte[] bytes, CancellationToken cancellationToken)
    {
        AtomicFile.Write(Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Status, sequence)), bytes);
        await db.OutboundStatusBundles.Where(b => b.Sequence == sequence)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.WrittenAt, time.GetUtcNow()).SetProperty(b => b.Content, (byte[]?)null), cancellationToken);
    }
}
