using System.Diagnostics.Metrics;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Queues;

/// <summary>
/// The depth of each work queue over the whole country (<c>jebo_casework_queue_depth{queue}</c>: supervision,
/// due-soon, overdue, escalated), on casework's meter. It lives beside the queues so that it counts by the very
/// filters the offices' queues show (<see cref="CaseQueues.Members"/>).
/// </summary>
/// <remarks>Privacy: the label is the queue's name; no count is split by office, case or person.</remarks>
public sealed class QueueDepthMetrics
{
    public QueueDepthMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        meters
            .Create(CaseworkMetrics.MeterName)
            .CreateObservableGauge(
                "jebo.casework.queue.depth",
                () => Depths(scopes, time),
                description: "Cases in each work queue, country-wide"
            );
    }

    private static List<Measurement<int>> Depths(IServiceScopeFactory scopes, TimeProvider time)
    {
        using var scope = scopes.CreateScope();
        var cases = scope.ServiceProvider.GetRequiredService<CaseworkDb>().Cases.AsNoTracking();
        var now = time.GetUtcNow();
        var soon = scope.ServiceProvider.GetRequiredService<CaseClock>().DueSoonUntil(now);
        // The cross-province and merge-proposal queues hold pairs, not cases, and which provinces they span is the
        // office tree's to say.
        return CaseQueues
            .All.Where(queue => !CaseQueues.HoldsPairs(queue))
            .Select(queue => new Measurement<int>(
                CaseQueues.Members(cases, queue, now, soon, escalatedTo: null)!.Count(),
                new KeyValuePair<string, object?>("queue", queue)
            ))
            .ToList();
    }
}
