using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Deadlines;

/// <summary>Looks for overdue cases every <see cref="DeadlineOptions.EscalationInterval"/> and escalates them.</summary>
public sealed class EscalationWatch(IServiceScopeFactory scopes, CaseworkOptions options, ILogger<EscalationWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Deadlines.EscalationInterval is not { } interval)
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
            catch (Exception e) when (e is InvalidOperationException or DbUpdateException or TimeoutException)
            {
                logger.LogError(e, "Escalation round failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var escalated = await scope.ServiceProvider.GetRequiredService<Escalation>().RunOnceAsync(cancellationToken);
        if (escalated > 0)
        {
            logger.LogInformation("Escalated {Count} overdue cases to the offices above", escalated);
        }

        return escalated;
    }
}
