using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jebo.Storage.Background;

/// <summary>How a zone registers its periodic work and answers <c>/healthz</c> with how that work stands.</summary>
public static class BackgroundWork
{
    /// <summary>Runs <paramref name="work"/> every <paramref name="interval"/> under a <see cref="PeriodicLoop"/>; a
    /// null interval registers nothing (the work then runs only on demand, e.g. from a test or a command).</summary>
    public static IServiceCollection AddPeriodicWork(
        this IServiceCollection services,
        string name,
        TimeSpan? interval,
        Func<IServiceProvider, CancellationToken, Task> work
    ) => services.AddPeriodicWork(name, interval is { } every ? RoundSchedule.Every(every) : null, work);

    /// <summary>Runs <paramref name="work"/> at the rounds of <paramref name="schedule"/> under a
    /// <see cref="PeriodicLoop"/>; a null schedule registers nothing.</summary>
    public static IServiceCollection AddPeriodicWork(
        this IServiceCollection services,
        string name,
        RoundSchedule? schedule,
        Func<IServiceProvider, CancellationToken, Task> work
    )
    {
        services.TryAddSingleton<BackgroundLoops>();
        if (schedule is not null)
        {
            // Not AddHostedService: it adds one service per implementation type, and every loop is a PeriodicLoop.
            services.AddSingleton<IHostedService>(sp => new PeriodicLoop(
                name,
                schedule,
                work,
                sp,
                sp.GetRequiredService<BackgroundLoops>(),
                sp.GetRequiredService<ILogger<PeriodicLoop>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ProcessorShare>()?.Scheduler
            ));
        }

        return services;
    }

    /// <summary><c>/healthz</c> and <c>/readyz</c> (<see cref="Monitoring.Readiness"/>).
    /// <c>/healthz</c>: 200 <c>ok</c> while every loop is well; 200 <c>degraded</c> with one line per failing
    /// loop otherwise. The zone still serves (intake keeps taking reports while its transfer fails), so a load
    /// balancer keeps it; a monitor reading the body, and the log, tell the operator.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (BackgroundLoops loops) => Health(loops));
        Monitoring.Readiness.MapReadiness(app);
        return app;
    }

    /// <summary>The answer of <c>/healthz</c>, on the public and the management address alike.</summary>
    public static IResult Health(BackgroundLoops loops) =>
        loops.Failing is { Count: > 0 } failing
            ? Results.Text("degraded\n" + string.Join('\n', failing.Select(s => s.Describe())) + "\n")
            : Results.Text("ok");
}
