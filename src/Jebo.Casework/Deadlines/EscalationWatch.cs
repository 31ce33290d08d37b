using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Deadlines;

/// <summary>Looks for overdue cases and escalates them; run every <see cref="DeadlineOptions.EscalationInterval"/> by a
/// <see cref="Storage.Background.PeriodicLoop"/> (see the composition root).</summary>
public sealed class EscalationWatch(
    IServiceScopeFactory scopes,
    ILogger<EscalationWatch> logger,
    Monitoring.CaseworkMetrics metrics
)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var escalated = await scope.ServiceProvider.GetRequiredService<Escalation>().RunOnceAsync(cancellationToken);
        if (escalated > 0)
        {
            metrics.Escalated(escalated);
            logger.LogInformation("Escalated {Count} overdue cases to the offices above", escalated);
        }

        return escalated;
    }
}
