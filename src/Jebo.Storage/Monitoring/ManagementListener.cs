using Jebo.Storage.Background;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Jebo.Storage.Monitoring;

/// <summary>
/// A zone's management address (<c>--intake-admin-url</c>, <c>--casework-admin-url</c>; loopback by default): a
/// listener
/// of its own beside the public one, started and stopped with the zone, answering <c>/metrics</c> (Prometheus text),
/// <c>/readyz</c> with each check's finding, and <c>/healthz</c>.
/// </summary>
/// <remarks>Security: a separate listener, not a path on the public one, so no header, proxy rule or routing mistake
/// can bring <c>/metrics</c> or the readiness details to the internet: the public application has no such route at all.
/// Put the address on loopback or the internal monitoring network only.</remarks>
public sealed class ManagementListener(string url, IServiceProvider zone) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>Where it listens once started (the real port when the URL asked for port 0).</summary>
    public IReadOnlyList<string> Addresses =>
        app?.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions
            {
                ApplicationName = "jebo-management",
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            }
        );
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.WebHost.UseUrls(url);
        var built = builder.Build();
        var readiness = zone.GetRequiredService<Readiness>();
        var loops = zone.GetRequiredService<BackgroundLoops>();
        built.MapPrometheusScrapingEndpoint("/metrics", zone.GetRequiredService<MeterProvider>(), null, null);
        built.MapGet("/readyz", async (CancellationToken cancellationToken) =>
            Readiness.Detailed(await readiness.CurrentAsync(cancellationToken))
        );
        built.MapGet("/healthz", () => BackgroundWork.Health(loops));
        await built.StartAsync(cancellationToken);
        app = built;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

/// <summary>How a zone gets its management address.</summary>
public static class Management
{
    /// <summary>Adds the management listener on <paramref name="url"/>; null adds none (tests, tools).</summary>
    public static IServiceCollection AddManagementAddress(this IServiceCollection services, string? url)
    {
        if (url is not null)
        {
            services.AddSingleton(sp => new ManagementListener(url, sp));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ManagementListener>());
        }

        return services;
    }
}
