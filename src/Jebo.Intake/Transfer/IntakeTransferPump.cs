using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Transfer;

/// <summary>Every transfer interval: bundle what is waiting into the outbound spool, and apply status from casework.</summary>
public sealed class IntakeTransferPump(IServiceScopeFactory scopes, IntakeOptions options, ILogger<IntakeTransferPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.TransferInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
            {
                // The next round retries; nothing acknowledged is lost because bundles are reserved before they are written.
                logger.LogError(e, "Intake transfer round failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var written = await scope.ServiceProvider.GetRequiredService<IntakeOutbox>().FlushAsync(cancellationToken);
        foreach (var sequence in written)
        {
            logger.LogInformation("Wrote report bundle {Sequence}", sequence);
        }

        foreach (var result in await scope.ServiceProvider.GetRequiredService<StatusInbox>().ApplyAsync(cancellationToken))
        {
            logger.LogInformation("Status bundle {File}: {Outcome}", result.File, result.Outcome);
        }
    }
}
