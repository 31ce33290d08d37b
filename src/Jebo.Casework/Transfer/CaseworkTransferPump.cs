using Jebo.Storage.Background;
using Jebo.Transfer.Bundles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Transfer;

/// <summary>One transfer round: import report bundles from the inbound spool, then write status for intake; and the
/// signed audit checkpoint that follows each round. Both run every transfer interval, each under a
/// <see cref="PeriodicLoop"/> of its own (see the composition root), so a failing import never
/// stops checkpoints.</summary>
public sealed class CaseworkTransferPump(
    IServiceScopeFactory scopes,
    ILogger<CaseworkTransferPump> logger,
    Monitoring.CaseworkMetrics metrics,
    ProcessorShare share,
    TimeProvider time
)
{
    /// <summary>A whole round, as a test or a hand-run round wants it: transfer, then checkpoint.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await TransferOnceAsync(cancellationToken);
        await CheckpointAsync(cancellationToken);
    }

    public async Task TransferOnceAsync(CancellationToken cancellationToken)
    {
        // Under `jebo up`, public requests first; before an import opens its write transaction.
        await share.YieldAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ReportImporter>();
        foreach (var result in await importer.ReceiveAsync(medium: null, cancellationToken))
        {
            if (result.Outcome is InboundOutcome.Held or InboundOutcome.Waiting or InboundOutcome.Rejected)
            {
                logger.LogWarning(
                    "Report bundle {File}: {Outcome}: {Message}",
                    result.File,
                    result.Outcome,
                    result.Message
                );
            }
        }

        var started = time.GetTimestamp();
        var screening = scope.ServiceProvider.GetRequiredService<Screening.ClueScreening>();
        if (await screening.ScreenPendingAsync(cancellationToken) > 0)
        {
            metrics.Screened(time.GetElapsedTime(started));
        }

        await scope.ServiceProvider.GetRequiredService<Screening.RepetitionWatch>().RunAsync(cancellationToken);

        foreach (
            var sequence in await scope.ServiceProvider.GetRequiredService<StatusOutbox>().FlushAsync(cancellationToken)
        )
        {
            logger.LogInformation("Wrote status bundle {Sequence}", sequence);
        }
    }

    /// <summary>A signed checkpoint whenever the chain grew: cheap, and it bounds what a rewrite could hide. A chain
    /// that no longer continues from the last filed checkpoint is not signed: the loop fails, and the alerts name the
    /// break.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Audit.AuditCheckpoints>().MakeAsync(cancellationToken);
    }
}
