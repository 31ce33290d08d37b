using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Transfer;

/// <summary>What became of one status bundle.</summary>
public sealed record StatusApplyResult(string File, long Sequence, string Outcome);

/// <summary>
/// Applies status bundles from casework: the public status and encrypted messages of each report, and the
/// acknowledgement that lets intake delete the sealed copies casework has imported.
/// </summary>
/// <remarks>Security: a status bundle is believed only when casework's signing key verifies it, its number follows the
/// last one applied and it names the last one's hash; anything else is moved to quarantine, never applied.
/// Several intake nodes may read one inbound spool: each bundle is read, checked and applied inside one exclusive
/// transaction (<see cref="ExclusiveTransaction"/>), so a second node finds it applied (or its file gone) and skips it.
/// </remarks>
public sealed class StatusInbox(IntakeDb db, IntakeKeys keys, IntakeOptions options, TimeProvider time, ILogger<StatusInbox> logger)
{
    /// <summary>Serialises applying status bundles across intake nodes.</summary>
    public static readonly long ApplyLockKey = ExclusiveTransaction.Key("JEBOSTIN");

    public async Task<IReadOnlyList<StatusApplyResult>> ApplyAsync(CancellationToken cancellationToken)
    {
        var results = new List<StatusApplyResult>();
        if (!Directory.Exists(options.InboundSpool))
        {
            return results;
        }

        var files = Directory.EnumerateFiles(options.InboundSpool, "status-*" + BundleFormat.FileExtension).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var result = await ApplyFileAsync(file, cancellationToken);
            results.Add(result);
            if (result.Outcome == "gap")
            {
                break;
            }
        }

        return results;
    }

    private async Task<StatusApplyResult> ApplyFileAsync(string file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        db.ChangeTracker.Clear();
        await using var transaction = await ExclusiveTransaction.BeginAsync(db, ApplyLockKey, cancellationToken);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Another node applied (and removed) it while this one waited for the lock.
            return new StatusApplyResult(name, 0, "already applied");
        }

        Bundle bundle;
        try
        {
            bundle = BundleFormat.Read(bytes, (sender, keyId) =>
                sender == "casework" && keyId == keys.CaseworkSigningKeyId ? keys.CaseworkSigning : null);
            if (bundle.Header.Kind != BundleKind.Status)
            {
                throw new BundleRejectedException("not a status bundle");
            }
        }
        catch (BundleRejectedException e)
        {
            Quarantine(file, e.Message);
            return new StatusApplyResult(name, 0, "rejected: " + e.Message);
        }

        var last = await db.InboundStatusBundles.AsNoTracking().OrderByDescending(b => b.Sequence).FirstOrDefaultAsync(cancellationToken);
        var expected = (last?.Sequence ?? 0) + 1;
        if (bundle.Header.Sequence < expected)
        {
            var seen = await db.InboundStatusBundles.AnyAsync(b => b.Sequence == bundle.Header.Sequence && b.Hash == bundle.Hash, cancellationToken);
            if (!seen)
            {
                Quarantine(file, $"status bundle {bundle.Header.Sequence} differs from the one already applied under that number");
                return new StatusApplyResult(name, bundle.Header.Sequence, "rejected: replaced an applied bundle");
            }

            File.Delete(file);
            return new StatusApplyResult(name, bundle.Header.Sequence, "already applied");
        }

        if (bundle.Header.Sequence > expected)
        {
            return new StatusApplyResult(name, bundle.Header.Sequence, "gap");
        }

        if (bundle.Header.PreviousHash != (last?.Hash ?? ""))
        {
            Quarantine(file, $"status bundle {bundle.Header.Sequence} does not follow the last one applied (chain broken)");
            return new StatusApplyResult(name, bundle.Header.Sequence, "rejected: chain broken");
        }

        var ids = bundle.Records.Where(r => r.Type == RecordType.Status).Select(r => r.Id).ToList();
        var reports = await db.Reports.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var record in bundle.Records.Where(r => r.Type == RecordType.Status))
        {
            if (!reports.TryGetValue(record.Id, out var report))
            {
                continue;
            }

            var status = TransferJson.Deserialize<StatusRecord>(record.Payload);
            if (status.UpdatedAt >= report.StatusUpdatedAt || report.Status == "received")
            {
                report.Status = status.Status.Code();
                report.StatusUpdatedAt = status.UpdatedAt;
                report.Messages = status.Messages.Count == 0 ? null : TransferJson.Serialize(status.Messages);
            }
        }

        db.InboundStatusBundles.Add(new InboundStatusBundle
        {
            Sequence = bundle.Header.Sequence,
            Hash = bundle.Hash,
            AppliedAt = time.GetUtcNow(),
            RecordCount = bundle.Records.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (bundle.Header.AcknowledgedThrough is { } through)
        {
            await ForgetImportedAsync(through, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        File.Delete(file);
        return new StatusApplyResult(name, bundle.Header.Sequence, "applied");
    }

    /// <summary>Casework holds everything up to <paramref name="through"/>: the sealed copies here are no longer needed.</summary>
    private async Task ForgetImportedAsync(long through, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Reports.Where(r => r.BundleSequence <= through && r.Sealed != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Sealed, (byte[]?)null), cancellationToken);
        await db.FollowUps.Where(f => f.BundleSequence <= through && f.Sealed != null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Sealed, (byte[]?)null), cancellationToken);
        var acknowledged = await db.OutboundBundles.Where(b => b.Sequence <= through && b.AcknowledgedAt == null)
            .Select(b => b.Sequence).ToListAsync(cancellationToken);
        await db.OutboundBundles.Where(b => b.Sequence <= through && b.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.AcknowledgedAt, now), cancellationToken);
        foreach (var sequence in acknowledged)
        {
            var spooled = Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence));
            if (File.Exists(spooled))
            {
                File.Delete(spooled);
            }
        }
    }

    private void Quarantine(string file, string reason)
    {
        Directory.CreateDirectory(options.QuarantineFolder);
        var target = Path.Combine(options.QuarantineFolder, Path.GetFileName(file) + "." + time.GetUtcNow().ToUnixTimeSeconds());
        File.Move(file, target, overwrite: true);
        File.WriteAllText(target + ".reason", reason + "\n");
        logger.LogWarning("Status bundle {File} quarantined: {Reason}", Path.GetFileName(file), reason);
    }
}
