using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Jebo.Storage.Monitoring;

/// <summary>
/// A zone's metrics, exported as Prometheus text on its management address only (<see cref="ManagementListener"/>):
/// ASP.NET Core's own request count and duration (<c>http_server_request_duration_seconds</c>, labelled by route
/// template, method and status) and the zone's meter.
/// </summary>
/// <remarks>Privacy: no instrument carries a label with client or case data — routes are templates, never paths with
/// receipts or case ids, and the zones' own labels are fixed words (a hold's kind, a queue's name). Each zone counts
/// only
/// its own instruments (those its own <see cref="IMeterFactory"/> made): under <c>jebo up</c> both zones run in one
/// process, and intake's metrics must not show casework's requests.</remarks>
public static class ZoneMetrics
{
    /// <summary>ASP.NET Core's meter of request counts and durations.</summary>
    public const string RequestsMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>Registers the zone's metrics type <typeparamref name="TMetrics"/>, made when the zone starts so its
    /// gauges
    /// answer the first scrape, and the export of <paramref name="zoneMeter"/> with the request metrics.</summary>
    public static IServiceCollection AddZoneMetrics<TMetrics>(this IServiceCollection services, string zoneMeter)
        where TMetrics : class
    {
        services.AddMetrics();
        services.AddSingleton<TMetrics>();
        services
            .AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RequestsMeter, zoneMeter);
                metrics.AddInstrumentation(sp => sp.GetRequiredService<TMetrics>());
                metrics.AddPrometheusExporter(o =>
                {
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.DisableTotalNameSuffixForCounters = false;
                });
                ((IDeferredMeterProviderBuilder)metrics).Configure(
                    (sp, builder) =>
                    {
                        var own = sp.GetRequiredService<IMeterFactory>();
                        builder.AddView(instrument =>
                            ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop
                        );
                    }
                );
            });
        return services;
    }
}
