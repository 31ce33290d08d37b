using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Keys;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>
/// Writes signed status bundles for intake: per report only the public status, its time, the office's messages, the
/// published result (<see cref="StatusPublication.PublishedResult"/>) and, for a reporter who asked for protection,
/// where it stands (<see cref="StatusPublication.PublishedProtection"/>), and for a reporter who claimed a reward where
/// that stands (<see cref="StatusPublication.PublishedReward"/>), encrypted to the reporter's receipt key; for a clue
/// entered by hand whose reporter was handed a receipt, that receipt's registration
/// (<see cref="ReceiptRegistration"/>); plus which report bundles casework holds, so intake can delete sealed copies,
/// and which an operator acknowledged as lost, so intake stops waiting for them.
/// </summary>
/// <remarks>Security: this is the only data that leaves the confidential zone. A bundle's number, bytes and the queue
/// it drains are committed together, then the file is written: a crash in between is repaired by writing the stored
/// bytes, so a number is never used for two different bundles. With status return off nothing at all is
/// written.</remarks>
public sealed class StatusOutbox(
    CaseworkDb db,
    CaseworkKeys keys,
    AuditLog audit,
    CaseworkOptions options,
    TimeProvider time
)
{
    public const string Sender = "casework";

    /// <summary>How long a status bundle's bytes stay available to be carried by hand again.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    /// <summary>Writes what a crash left unwritten, then every status bundle that is due. Returns the new
    /// numbers.</summary>
    public async Task<IReadOnlyList<long>> FlushAsync(CancellationToken cancellationToken)
    {
        using var writer = await SpoolLock.AcquireAsync(options.OutboxLockFile, LockWait, cancellationToken);
        await RepairAsync(cancellationToken);
        await PruneAsync(cancellationToken);
        var written = new List<long>();
        if (!options.StatusReturn)
        {
            return written;
        }

        while (await ReserveAsync(cancellationToken) is { } reserved)
        {
            await WriteFileAsync(reserved.Sequence, reserved.Bytes, cancellationToken);
            written.Add(reserved.Sequence);
            if (!reserved.More)
            {
                break;
            }
        }

        return written;
    }

    /// <summary>Copies the status bundles still kept (the last <see cref="Retention"/>) from <paramref name="from"/> on
    /// to a folder, for carrying by hand; intake skips those it has applied. Returns the file names written.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(string folder, long from, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var kept = await db
            .OutboundStatusBundles.AsNoTracking()
            .Where(b => b.Sequence >= from && b.Content != null)
            .OrderBy(b => b.Sequence)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var sequence in kept)
        {
            var content = await db
                .OutboundStatusBundles.AsNoTracking()
                .Where(b => b.Sequence == sequence)
                .Select(b => b.Content)
                .SingleAsync(cancellationToken);
            var name = BundleFormat.FileName(BundleKind.Status, sequence);
            AtomicFile.Write(Path.Combine(folder, name), content);
            names.Add(name);
        }

        return names;
    }

    private sealed record Reserved(long Sequence, byte[] Bytes, bool More);

    private async Task<Reserved?> ReserveAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var limit = Math.Max(1, options.MaxRecordsPerBundle);
        var pending = await db
            .PendingStatuses.OrderBy(p => p.Since)
            .ThenBy(p => p.ReportId)
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var (acknowledgement, count) = await InboundLedger.AcknowledgementAsync(db, cancellationToken);
        var last = await db
            .OutboundStatusBundles.AsNoTracking()
            .OrderByDescending(b => b.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending.Count == 0 && count == (last?.AcknowledgedCount ?? 0))
        {
            return null;
        }

        var records = await BuildRecordsAsync(pending.Take(limit).Select(p => p.ReportId).ToList(), cancellationToken);
        var chosen = new List<BundleRecord>();
        long bytes = 0;
        var taken = 0;
        foreach (var item in pending.Take(limit))
        {
            if (records.TryGetValue(item.ReportId, out var ofReport))
            {
                var size = ofReport.Sum(r => (long)r.Payload.Length + BundleFormat.RecordOverhead);
                if (chosen.Count > 0 && bytes + size > options.MaxBundleBytes)
                {
                    break;
                }

                chosen.AddRange(ofReport);
                bytes += size;
            }

            taken++; // a pending report that no longer exists (merged away) is dropped from the queue
        }

        var sequence = (last?.Sequence ?? 0) + 1;
        var signing = keys.Signing;
        var header = new BundleHeader(
            BundleFormat.CurrentVersion,
            BundleKind.Status,
            Sender,
            signing.Id,
            sequence,
            last?.Hash ?? "",
            time.GetUtcNow(),
            chosen.Count,
            acknowledgement.Through,
            acknowledgement.Also.Count == 0 ? null : acknowledgement.Also,
            acknowledgement.Lost.Count == 0 ? null : acknowledgement.Lost
        );
        var content = BundleFormat.Write(header, chosen, signing.Key);
        var hash = BundleFormat.Hash(content);
        db.OutboundStatusBundles.Add(
            new OutboundStatusBundle
            {
                Sequence = sequence,
                CreatedAt = header.CreatedAt,
                Hash = hash,
                RecordCount = chosen.Count,
                AcknowledgedThrough = acknowledgement.Through,
                AcknowledgedCount = count,
                Content = content,
            }
        );
        db.PendingStatuses.RemoveRange(pending.Take(taken));
        await audit.AppendAsync(
            AuditLog.TransferActor,
            null,
            AuditActions.TransferStatusWritten,
            null,
            new
            {
                sequence,
                hash,
                records = chosen.Count,
                acknowledgedThrough = acknowledgement.Through,
                acknowledgedAlso = acknowledgement.Also,
                acknowledgedLost = acknowledgement.Lost,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new Reserved(sequence, content, pending.Count > taken);
    }

    /// <summary>The records of each report: its status, after the registration of its receipt for a clue entered by
    /// hand, which goes with every status of the report so that a lost bundle is made good by the next; intake applies
    /// a registration only for a report it does not hold yet (<c>Intake/Transfer/StatusInbox</c>).</summary>
    private async Task<Dictionary<Guid, IReadOnlyList<BundleRecord>>> BuildRecordsAsync(
        List<Guid> reportIds,
        CancellationToken cancellationToken
    )
    {
        var reports = await db
            .Reports.AsNoTracking()
            .Where(r => reportIds.Contains(r.Id))
            .Select(r => new ReportRecord
            {
                Id = r.Id,
                CaseId = r.CaseId,
                OriginCaseId = r.OriginCaseId,
                JoinedAt = r.JoinedAt,
                FeedbackKey = r.FeedbackKey,
                ProtectionRequestedAt = r.ProtectionRequestedAt,
                ReceiptRegistration = r.ReceiptRegistration,
                Content = "",
            })
            .ToListAsync(cancellationToken);
        // The newest claim of each report (a report claims once; intake refuses a second claim).
        var rewards = (
            await db
                .RewardClaims.AsNoTracking()
                .Where(r => reportIds.Contains(r.ReportId))
                .Select(r => new RewardClaimRecord
                {
                    Id = r.Id,
                    ReportId = r.ReportId,
                    CaseId = r.CaseId,
                    ClaimedAt = r.ClaimedAt,
                    State = r.State,
                    Amount = r.Amount,
                    Reason = r.Reason,
                    DecidedAt = r.DecidedAt,
                    Name = "",
                    Phone = "",
                    Bank = "",
                    Account = "",
                })
                .ToListAsync(cancellationToken)
        ).GroupBy(r => r.ReportId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.ClaimedAt)!);
        var caseIds = reports.Select(r => r.CaseId).Distinct().ToList();
        var cases = await db
            .Cases.AsNoTracking()
            .Where(c => caseIds.Contains(c.Id))
            .Select(c => new CaseRecord
            {
                Id = c.Id,
                Status = c.Status,
                OfficeCode = c.OfficeCode,
                PublicStatus = c.PublicStatus,
                PublicStatusAt = c.PublicStatusAt,
                Result = c.Result,
                ResultAgency = c.ResultAgency,
                ReviewedAt = c.ReviewedAt,
                FeedbackAt = c.FeedbackAt,
                ProtectionAcknowledgedAt = c.ProtectionAcknowledgedAt,
            })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        // A merged report hears the messages of the case it arrived in and those the case holding it sent since
        // (StatusPublication.Heard).
        var messageCaseIds = caseIds
            .Concat(reports.Where(r => r.OriginCaseId != null).Select(r => r.OriginCaseId!))
            .Distinct()
            .ToList();
        var messages = (
            await db
                .CaseMessages.AsNoTracking()
                .Where(m => messageCaseIds.Contains(m.CaseId))
                .ToListAsync(cancellationToken)
        ).ToLookup(m => m.CaseId);
        var records = new Dictionary<Guid, IReadOnlyList<BundleRecord>>();
        foreach (var report in reports)
        {
            if (!cases.TryGetValue(report.CaseId, out var caseRecord))
            {
                continue;
            }

            var status = new StatusRecord(
                PublicStatusCodes.Parse(caseRecord.PublicStatus) ?? PublicStatus.Received,
                caseRecord.PublicStatusAt,
                // The newest messages only, within what intake accepts: a case flooded with messages must not make the
                // bundle carrying every other reporter's status one that intake refuses.
                [
                    .. StatusPublication
                        .Heard(report, messages)
                        .TakeLast(StatusRecord.MaxMessages)
                        .Select(m => new StatusMessage(
                            m.At,
                            FeedbackCipher.Encrypt(report.FeedbackKey, report.Id, m.Text)
                        )),
                ],
                StatusPublication.PublishedResult(report, caseRecord)?.Encrypt(report.FeedbackKey, report.Id),
                StatusPublication.PublishedProtection(report, caseRecord)?.Encrypt(report.FeedbackKey, report.Id),
                StatusPublication
                    .PublishedReward(rewards.GetValueOrDefault(report.Id))
                    ?.Encrypt(report.FeedbackKey, report.Id)
            );
            var statusRecord = new BundleRecord(RecordType.Status, report.Id, TransferJson.Serialize(status));
            records[report.Id] = report.ReceiptRegistration is { } registration
                ? [ReceiptRegistration.Record(report.Id, registration), statusRecord]
                : [statusRecord];
        }

        return records;
    }

    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        AtomicFile.RemoveLeftovers(options.OutboundSpool);
        var unwritten = await db
            .OutboundStatusBundles.AsNoTracking()
            .Where(b => b.WrittenAt == null && b.Content != null)
            .OrderBy(b => b.Sequence)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var sequence in unwritten)
        {
            var content = await db
                .OutboundStatusBundles.AsNoTracking()
                .Where(b => b.Sequence == sequence)
                .Select(b => b.Content!)
                .SingleAsync(cancellationToken);
            await WriteFileAsync(sequence, content, cancellationToken);
        }
    }

    /// <summary>Forgets the bytes of status bundles older than <see cref="Retention"/>, and their spool files if no
    /// carrier took them: later status bundles carry each report's latest state anyway.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Retention;
        var old = await db
            .OutboundStatusBundles.AsNoTracking()
            .Where(b => b.WrittenAt != null && b.Content != null && b.CreatedAt < before)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var sequence in old)
        {
            BundleSpool.Remove(Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Status, sequence)));
        }

        await db
            .OutboundStatusBundles.Where(b => old.Contains(b.Sequence))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Content, (byte[]?)null), cancellationToken);
    }

    private async Task WriteFileAsync(long sequence, byte[] bytes, CancellationToken cancellationToken)
    {
        AtomicFile.Write(
            Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Status, sequence)),
            bytes
        );
        await db
            .OutboundStatusBundles.Where(b => b.Sequence == sequence)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.WrittenAt, time.GetUtcNow()), cancellationToken);
    }
}
