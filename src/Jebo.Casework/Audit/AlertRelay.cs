using Jebo.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Audit;

/// <summary>Hands casework's security and transfer alerts (<see cref="SecurityAlerts"/>, the staff alerts page's own
/// list) to <see cref="AlertDelivery"/>, so they reach the journal and the webhook without anyone opening a
/// page.</summary>
public static class AlertRelay
{
    public static async Task<(IReadOnlyList<RaisedAlert> Alerts, bool Complete)> ReadAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            var alerts = await scope
                .ServiceProvider.GetRequiredService<SecurityAlerts>()
                .CurrentAsync(cancellationToken);
            return (
                [.. alerts.Select(a => new RaisedAlert(a.Kind, a.Severity, a.Subject, a.Message, a.Since, a.Window))],
                true
            );
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The database does not answer: the failing loops still get out (nothing is resolved meanwhile), and the
            // round fails, so the log and /healthz show why.
            var (failing, _) = await Alerting.FailingLoopsAsync(services, cancellationToken);
            await services
                .GetRequiredService<AlertDelivery>()
                .DeliverAsync(failing, complete: false, cancellationToken);
            throw;
        }
    }
}
