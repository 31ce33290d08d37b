using Jebo.Intake.Attachments;
using Jebo.Transfer.Bundles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Transfer;

/// <summary>One transfer round: bundle what is waiting into the outbound spool, and apply status from casework. Run
/// every transfer interval by a <see cref="Storage.Background.PeriodicLoop"/> (set up by the composition root), which
/// logs, retries and shows any failure.</summary>
public sealed class IntakeTransferPump(IServiceScopeFactory scopes, ILogger<IntakeTransferPump> logger)
{
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var written = await scope.ServiceProvider.GetRequiredService<IntakeOutbox>().FlushAsync(cancellationToken);
        foreach (var sequence in written)
        {
            logger.LogInformation("Wrote report bundle {Sequence}", sequence);
        }

        foreach (
            var result in await scope
                .ServiceProvider.GetRequiredService<StatusInbox>()
                .ReceiveAsync(medium: null, cancellationToken)
        )
        {
            if (result.Outcome is InboundOutcome.Held or InboundOutcome.Waiting or InboundOutcome.Rejected)
            {
                logger.LogWarning(
                    "Status bundle {File}: {Outcome}: {Message}",
                    result.File,
                    result.Outcome,
                    result.Message
                );
            }
        }
    }

    /// <summary>Removes the attachments no report claimed within their lifetime (a loop of its own, so a failing
    /// transfer never keeps parked files on disk).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var swept = await scope.ServiceProvider.GetRequiredService<AttachmentIntake>().SweepAsync(cancellationToken);
        if (swept > 0)
        {
            logger.LogInformation("Removed {Count} attachments no report claimed in time", swept);
        }
    }
}
