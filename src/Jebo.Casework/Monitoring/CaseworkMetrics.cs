using System.Diagnostics.Metrics;
using Jebo.Casework.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Monitoring;

/// <summary>
/// The casework zone's own metrics (Prometheus names in brackets): reports imported
/// (<c>jebo_casework_reports_imported_total</c>), bundles quarantined (<c>jebo_casework_bundles_quarantined_total</c>),
/// quarantines still open (<c>jebo_casework_quarantine_open</c>), cases escalated for a lapsed deadline
/// (<c>jebo_casework_escalations_total</c>), screening time per batch (<c>jebo_casework_screening_duration_seconds</c>)
/// and the transfer's position (<c>jebo_casework_transfer_sequence{kind}</c>: imported, status_written). The queue
/// depths are counted where the queues are defined (<c>Queues/QueueDepthMetrics</c>), on the same meter.
/// </summary>
/// <remarks>Privacy: the labels are fixed words; no count is split by office, case or person.</remarks>
public sealed class CaseworkMetrics
{
    public const string MeterName = "Jebo.Casework";

    // Observable counters over plain fields: every series is there from the start at zero.
    private long imported;
    private long quarantined;
    private long escalations;
    private readonly Histogram<double> screening;

    public CaseworkMetrics(IMeterFactory meters, IServiceScopeFactory scopes)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter(
            "jebo.casework.reports.imported",
            () => Interlocked.Read(ref imported),
            description: "Reports imported from intake's bundles"
        );
        meter.CreateObservableCounter(
            "jebo.casework.bundles.quarantined",
            () => Interlocked.Read(ref quarantined),
            description: "Report bundles refused and quarantined"
        );
        meter.CreateObservableCounter(
            "jebo.casework.escalations",
            () => Interlocked.Read(ref escalations),
            description: "Cases escalated because a deadline lapsed"
        );
        screening = meter.CreateHistogram<double>(
            "jebo.casework.screening.duration",
            unit: "s",
            description: "Time to screen one batch of new reports"
        );
        meter.CreateObservableGauge(
            "jebo.casework.quarantine.open",
            () => Read(scopes, db => db.QuarantinedBundles.Count(q => q.ResolvedAt == null)),
            description: "Quarantined bundles nobody has resolved"
        );
        meter.CreateObservableGauge(
            "jebo.casework.transfer.sequence",
            () => Sequences(scopes),
            description: "The highest report bundle imported and the last status bundle written"
        );
    }

    public void Imported(int reports) => Interlocked.Add(ref imported, reports);

    public void Quarantined() => Interlocked.Increment(ref quarantined);

    public void Escalated(int cases) => Interlocked.Add(ref escalations, cases);

    public void Screened(TimeSpan took) => screening.Record(took.TotalSeconds);

    private static int Read(IServiceScopeFactory scopes, Func<CaseworkDb, int> query)
    {
        using var scope = scopes.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<CaseworkDb>());
    }

    private static KeyValuePair<string, object?> Label(string name, string value) => new(name, value);

    private static IEnumerable<Measurement<long>> Sequences(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseworkDb>();
        return
        [
            new(db.InboundBundles.Max(b => (long?)b.Sequence) ?? 0, Label("kind", "imported")),
            new(db.OutboundStatusBundles.Max(b => (long?)b.Sequence) ?? 0, Label("kind", "status_written")),
        ];
    }
}
