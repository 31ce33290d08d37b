using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Transfer;

/// <summary>
/// Tells what became of each report bundle: an import's audit entry and log line, and for a refused bundle the alert
/// administrators and auditors see (<see cref="QuarantinedBundle"/>), its audit entry and a log line.
/// </summary>
/// <remarks>The log lines keep the category of <see cref="ReportImporter"/>, which operators filter on.</remarks>
public sealed class ImportJournal(
    CaseworkDb db,
    AuditLog audit,
    CaseworkOptions options,
    TimeProvider time,
    ILogger<ReportImporter> logger,
    Monitoring.CaseworkMetrics metrics
)
{
    /// <summary>
    /// Inside the import's transaction (on the same scoped <see cref="CaseworkDb"/>): resolves the alerts of this very
    /// bundle, quarantined before and imported now, and returns the import's audit entry, to be chained with the rest.
    /// </summary>
    public async Task<AuditEvent> ImportedAsync(
        Bundle bundle,
        Placement placement,
        int newReports,
        int newFollowUps,
        int alreadyPresent,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var header = bundle.Header;
        var resolved = await db
            .QuarantinedBundles.Where(q => q.Hash == bundle.Hash && q.ResolvedAt == null)
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(q => q.ResolvedAt, now)
                        .SetProperty(q => q.ResolvedBy, AuditLog.TransferActor)
                        .SetProperty(q => q.Resolution, "the same bundle was imported later"),
                cancellationToken
            );
        return new AuditEvent(
            AuditLog.TransferActor,
            null,
            AuditActions.TransferImported,
            null,
            new
            {
                sequence = header.Sequence,
                hash = bundle.Hash,
                keyId = header.KeyId,
                late = placement == Placement.Late,
                reports = newReports,
                followUps = newFollowUps,
                alreadyPresent,
                resolvedQuarantine = resolved,
            }
        );
    }

    /// <summary>After the import's commit.</summary>
    public void Committed(long sequence, int newReports, int newFollowUps)
    {
        metrics.Imported(newReports);
        logger.LogInformation(
            "Imported report bundle {Sequence}: {Reports} new report(s), {FollowUps} new follow-up(s)",
            sequence,
            newReports,
            newFollowUps
        );
    }

    /// <summary>Records, in a transaction of its own, that a bundle was quarantined: the alert, the audit entry, a log
    /// line.</summary>
    public async Task QuarantinedAsync(
        string name,
        string folder,
        string hash,
        long? sequence,
        string reason,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var relative = Path.GetRelativePath(options.ZoneFolder, folder);
        db.QuarantinedBundles.Add(
            new QuarantinedBundle
            {
                Id = Guid.NewGuid(),
                FileName = name,
                Reason = reason,
                At = now,
                Sequence = sequence,
                Hash = hash,
                Folder = relative,
            }
        );
        await audit.AppendAsync(
            AuditLog.TransferActor,
            null,
            AuditActions.TransferQuarantined,
            null,
            new
            {
                file = name,
                sequence,
                hash,
                folder = relative,
                reason,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        metrics.Quarantined();
        logger.LogWarning("Report bundle {File} quarantined in {Folder}: {Reason}", name, relative, reason);
    }
}
