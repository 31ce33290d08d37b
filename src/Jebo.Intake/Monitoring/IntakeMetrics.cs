using System.Diagnostics.Metrics;
using Jebo.Intake.Abuse;
using Jebo.Intake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Monitoring;

/// <summary>
/// The intake zone's own metrics (Prometheus names in brackets): reports accepted
/// (<c>jebo_intake_reports_accepted_total</c>), requests held back by kind
/// (<c>jebo_intake_holds_total{kind}</c>: client, receipt, system, parked), and the transfer's
/// position — the last bundle written and acknowledged
/// (<c>jebo_intake_transfer_sequence{kind}</c>) and how long the oldest unacknowledged bundle has waited
/// (<c>jebo_intake_transfer_lag_seconds</c>; a bundle an operator at casework acknowledged as lost no longer
/// waits).
/// </summary>
/// <remarks>Privacy: no label says who or what — a hold's kind is one of four fixed words.</remarks>
public sealed class IntakeMetrics
{
    public const string MeterName = "Jebo.Intake";

    // Observable counters over plain fields: every series is there from the start at zero, so a rate or an alert on it
    // never sees "no data" for "none yet".
    private readonly long[] holds = new long[Enum.GetValues<HoldScope>().Length];
    private long accepted;

    public IntakeMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter(
            "jebo.intake.reports.accepted",
            () => Interlocked.Read(ref accepted),
            description: "Reports accepted and sealed"
        );
        meter.CreateObservableCounter(
            "jebo.intake.holds",
            () =>
                Enum.GetValues<HoldScope>()
                    .Select(scope => new Measurement<long>(
                        Interlocked.Read(ref holds[(int)scope]),
                        Label("kind", scope.ToString().ToLowerInvariant())
                    )),
            description: "Requests held back by the abuse defences, by kind"
        );
        meter.CreateObservableGauge(
            "jebo.intake.transfer.sequence",
            () => Sequences(scopes),
            description: "The last report bundle written and the last acknowledged by casework"
        );
        meter.CreateObservableGauge(
            "jebo.intake.transfer.lag",
            () => Lag(scopes, time),
            unit: "s",
            description: "How long the oldest bundle casework has not acknowledged has waited; 0 when none waits"
        );
    }

    public void Accepted() => Interlocked.Increment(ref accepted);

    public void Held(HoldScope scope) => Interlocked.Increment(ref holds[(int)scope]);

    private static IEnumerable<Measurement<long>> Sequences(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
        var bundles = db.OutboundBundles.AsNoTracking();
        var written = bundles.Where(b => b.WrittenAt != null).Max(b => (long?)b.Sequence) ?? 0;
        var acknowledged = bundles.Where(b => b.AcknowledgedAt != null).Max(b => (long?)b.Sequence) ?? 0;
        return [new(written, Label("kind", "written")), new(acknowledged, Label("kind", "acknowledged"))];
    }

    private static KeyValuePair<string, object?> Label(string name, string value) => new(name, value);

    private static double Lag(IServiceScopeFactory scopes, TimeProvider time)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
        var oldest = db
            .OutboundBundles.AsNoTracking()
            .Where(b => b.AcknowledgedAt == null && b.DeclaredLostAt == null && b.WrittenAt != null)
            .OrderBy(b => b.Sequence)
            .Select(b => b.WrittenAt)
            .FirstOrDefault();
        return oldest is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0;
    }
}
