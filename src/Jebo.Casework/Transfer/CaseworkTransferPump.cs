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
            catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
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
        foreach (var result in await importer.ImportFolderAsync(options.InboundSpool, removeHandled: true, cancellationToken))
        {
            if (result.Outcome is ImportOutcome.Rejected or ImportOutcome.Gap)
            {
                logger.LogWarning("Bundle {File}: {Outcome}: {Message}", result.File, result.Outcome, result.Message);
            }
        }

        await scope.ServiceProvider.GetRequiredService<Screening.ClueScreening>().ScreenPendingAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<StatusOutbox>().FlushAsync(cancellationToken);
    }
}
