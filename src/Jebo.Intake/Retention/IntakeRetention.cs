using Jebo.Intake.Data;
using Jebo.Intake.Transfer;
using Jebo.Reference.TimeZones;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Retention;

/// <summary>What one retention round removed from intake, or in a dry run would remove.</summary>
/// <param name="DryRun">Nothing was changed.</param>
/// <param name="StatusRows">Status rows of finished reports (their receipts no longer answer).</param>
/// <param name="FollowUps">Follow-up rows casework acknowledged.</param>
/// <param name="SpoolFiles">Report bundle files left in the outbound spool after casework acknowledged them.</param>
/// <param name="Quarantine">Resolved quarantine folders.</param>
/// <param name="LostBundles">Report bundles an operator at casework acknowledged as lost, whose sealed copies
/// went.</param>
public sealed record IntakeRetentionResult(
    bool DryRun,
    int StatusRows,
    int FollowUps,
    int SpoolFiles,
    int Quarantine,
    int LostBundles
)
{
    public int Total => StatusRows + FollowUps + SpoolFiles + Quarantine + LostBundles;
}

/// <summary>
/// Removes what intake keeps past its use, once <see cref="IntakeOptions.RetentionDays"/> calendar days (platform time
/// zone) have passed: the status row of a report whose case finished (<c>completed</c> or <c>not-accepted</c>) and
/// whose sealed copy casework holds, counted from its last status, with the follow-ups casework acknowledged for it;
/// report bundle files still in the outbound spool after their acknowledgement; resolved quarantine folders; the sealed
/// copies of a bundle an operator at casework acknowledged as lost, counted from that acknowledgement (until then
/// intake keeps them, so the bundle can still be carried if it was not lost after all). Other sealed copies go at
/// acknowledgement already (<c>Transfer/StatusInbox</c>). Unresolved quarantine, the bundle logs (sequence numbers and
/// hashes, no content) and anything else not yet acknowledged are never touched.
/// </summary>
/// <remarks>Security: intake has no audit chain of its own; a round is logged with its counts only, never a receipt,
/// id or time of a report. A purged receipt answers a look-up exactly as an unknown one does. Rows are purged through
/// <see cref="SecureDeletion"/>, as casework's are.</remarks>
public sealed class IntakeRetention(
    IntakeDb db,
    IntakeOptions options,
    PlatformTimeZone zone,
    TimeProvider time,
    ILogger<IntakeRetention> logger
)
{
    private static readonly string[] Finished = [PublicStatus.Completed.Code(), PublicStatus.NotAccepted.Code()];

    public async Task<IntakeRetentionResult> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        if (options.RetentionDays is not { } days)
        {
            return new IntakeRetentionResult(dryRun, 0, 0, 0, 0, 0);
        }

        var cutoff = zone.StartOfDaysBefore(time.GetUtcNow(), days);
        var statusRows = db.Reports.Where(r =>
            r.Sealed == null && r.BundleSequence != null && Finished.Contains(r.Status) && r.StatusUpdatedAt < cutoff
        );
        // A follow-up is part of the reporter's conversation (its copy under the receipt key) as long as the report's
        // status is, so it goes with the status row and never on its own.
        var followUps = db.FollowUps.Where(f =>
            f.Sealed == null && f.BundleSequence != null && statusRows.Any(r => r.Id == f.ReportId)
        );
        var acknowledged = await db
            .OutboundBundles.AsNoTracking()
            .Where(b => b.AcknowledgedAt != null)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        var lost = await db
            .OutboundBundles.AsNoTracking()
            .Where(b => b.AcknowledgedAt == null && b.DeclaredLostAt < cutoff)
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        var known = acknowledged.Concat(lost).ToHashSet();
        var spoolFiles = BundleSpool
            .List(options.OutboundSpool, BundleKind.Reports)
            .Where(e => e.Header is not null && known.Contains(e.Sequence))
            .ToList();
        var quarantine = BundleSpool
            .Quarantined(options.QuarantineFolder, withResolved: true)
            .Where(q => q.Resolution is not null && q.At < cutoff)
            .ToList();
        if (dryRun)
        {
            return new IntakeRetentionResult(
                true,
                await statusRows.CountAsync(cancellationToken),
                await followUps.CountAsync(cancellationToken),
                spoolFiles.Count,
                quarantine.Count,
                lost.Count
            );
        }

        var (removedFollowUps, removedStatus) = await SecureDeletion.RunAsync(
            db,
            async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Follow-ups first: they are found through the status rows about to go.
                var followUpsRemoved = await followUps.ExecuteDeleteAsync(cancellationToken);
                var statusRemoved = await statusRows.ExecuteDeleteAsync(cancellationToken);
                await SealedCopies.ForgetAsync(db, lost, time.GetUtcNow(), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (followUpsRemoved, statusRemoved);
            },
            cancellationToken
        );

        foreach (var file in spoolFiles)
        {
            BundleSpool.Remove(file.Path);
        }

        foreach (var entry in quarantine)
        {
            Directory.Delete(entry.Folder, recursive: true);
        }

        var result = new IntakeRetentionResult(
            false,
            removedStatus,
            removedFollowUps,
            spoolFiles.Count,
            quarantine.Count,
            lost.Count
        );
        logger.LogInformation(
            "Retention: removed {Status} status row(s) of finished reports, {FollowUps} acknowledged follow-up(s), "
                + "{Files} spool file(s), {Quarantine} resolved quarantine folder(s), the sealed copies of {Lost} "
                + "bundle(s) acknowledged as lost at casework",
            result.StatusRows,
            result.FollowUps,
            result.SpoolFiles,
            result.Quarantine,
            result.LostBundles
        );
        return result;
    }
}
