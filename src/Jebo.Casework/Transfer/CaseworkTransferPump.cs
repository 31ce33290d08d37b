using Jebo.Transfer.Bundles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Transfer;

/// <summary>Every transfer interval: import report bundles from the inbound spool, then write status for intake.</summary>
public sealed class CaseworkTransferPump(IServiceScopeFactory scopes, CaseworkOptions options, ILogger<CaseworkTransferPump> logger) : BackgroundService
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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                logger.LogError(e, "Casework transfer round failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ReportImporter>();
        foreach (var result in await importer.ReceiveAsync(medium: null, cancellationToken))
        {
            if (result.Outcome is InboundOutcome.Held or InboundOutcome.Waiting)
            {
                logger.LogWarning("Report bundle {File}: {Outcome}: {Message}", result.File, result.Outcome, result.Message);
            }
        }

        await scope.ServiceProvider.GetRequiredService<Screening.ClueScreening>().ScreenPendingAsync(cancellationToken);
        foreach (var sequence in await scope.ServiceProvider.GetRequiredService<StatusOutbox>().FlushAsync(cancellationToken))
        {
            logger.LogInformation("Wrote status bundle {Sequence}", sequence);
        }

        // A signed checkpoint each round the chain grew: cheap, and it bounds what a rewrite could hide. A chain that no
        // longer continues from the last filed checkpoint is not signed; the security alerts name the break.
        try
        {
            await scope.ServiceProvider.GetRequiredService<Audit.AuditCheckpoints>().MakeAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            logger.LogError("Audit checkpoint refused: {Problem}", e.Message);
        }
    }
}
