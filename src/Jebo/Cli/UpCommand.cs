using System.Runtime.InteropServices;
using Jebo.Casework;
using Jebo.Hosting;
using Jebo.Intake;
using Jebo.Intake.Attachments.Isolation;
using Jebo.Storage.Monitoring;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary><c>jebo up</c> (both zones in one process) and <c>jebo intake</c> / <c>jebo casework</c> (one
/// zone).</summary>
public static class UpCommand
{
    public static readonly TimeSpan UpInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ZoneInterval = TimeSpan.FromHours(1);

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly();
        var settings = JeboSettings.From(arguments, UpInterval);
        ZoneSeparation.RequireNotSingleZone(settings);
        using var intakeLock = ZoneLock.Acquire(settings, ZoneName.Intake);
        using var caseworkLock = ZoneLock.Acquire(settings, ZoneName.Casework);
        ListeningAddress.EnsureFree(settings.IntakeUrl, "--intake-url");
        ListeningAddress.EnsureFree(settings.CaseworkUrl, "--casework-url");
        await InitCommand.InitializeAsync(settings, ZoneName.All, output, cancellationToken);
        ListeningAddress.EnsureFree(settings.IntakeAdminUrl, "--intake-admin-url");
        ListeningAddress.EnsureFree(settings.CaseworkAdminUrl, "--casework-admin-url");
        // One process: casework's imports and screening give way to the public's requests.
        var shared = new SharedProcess();
        await using var casework = BuildCasework(settings, shared.ShareProcessors);
        await using var intake = BuildIntake(settings, shared.CountRequests);
        await casework.StartAsync(cancellationToken);
        await intake.StartAsync(cancellationToken);
        await output.WriteLineAsync($"intake   listening on {settings.IntakeUrl}");
        await output.WriteLineAsync($"casework listening on {settings.CaseworkUrl}");
        await output.WriteLineAsync(intake.Services.GetRequiredService<FileCleaning>().Describe());
        await output.WriteLineAsync(
            $"management (/metrics, /readyz): intake {settings.IntakeAdminUrl ?? "off"}, casework "
                + $"{settings.CaseworkAdminUrl ?? "off"}"
        );
        var schedule = settings.Intake.TransferSchedule?.Describe() ?? "on demand";
        await output.WriteLineAsync($"data in {settings.DataFolder}; transfer {schedule}; Ctrl-C stops");
        await output.FlushAsync(cancellationToken);
        return await ServeAsync([(ZoneName.Intake, intake), (ZoneName.Casework, casework)], output, cancellationToken);
    }

    /// <summary>Serves started zones until one stops, then stops them all. 0 when asked to stop (Ctrl-C, SIGTERM, the
    /// token); 1 when a zone stopped by itself (a fatal fault, already logged), so that a service manager restarts
    /// <c>jebo</c> rather than take the exit for a clean stop.</summary>
    public static async Task<int> ServeAsync(
        IReadOnlyList<(ZoneName Zone, WebApplication App)> zones,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        var requested = false;
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => requested = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => requested = true);
        var waits = zones.Select(z => z.App.WaitForShutdownAsync(cancellationToken)).ToList();
        var first = await Task.WhenAny(waits);
        foreach (var (_, app) in zones)
        {
            await app.StopAsync(CancellationToken.None);
        }

        if (!requested && !cancellationToken.IsCancellationRequested)
        {
            var zone = zones[waits.IndexOf(first)].Zone;
            await output.WriteLineAsync(
                $"{zone} stopped by itself (the reason is in the log above); exiting with status 1 so a service "
                    + $"manager restarts jebo"
            );
            await output.FlushAsync(CancellationToken.None);
            return 1;
        }

        await output.WriteLineAsync("stopped cleanly");
        return 0;
    }

    public static async Task<int> RunZoneAsync(
        ZoneName zone,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly();
        var settings = JeboSettings.From(arguments, ZoneInterval);
        ZoneServices.Require(settings, zone);
        // Alone, a zone runs on a machine of its own, without the other zone's private keys, and once per data folder.
        ZoneSeparation.RequireSeparate(settings, zone, $"`jebo {zone}` runs");
        using var running = ZoneLock.Acquire(settings, zone);
        ListeningAddress.EnsureFree(
            zone.Pick(settings.IntakeUrl, settings.CaseworkUrl),
            zone.Pick("--intake-url", "--casework-url")
        );
        // A production node changes nothing on start: `jebo init` / `jebo db migrate` do that, once, deliberately.
        if (zone == ZoneName.Intake)
        {
            await IntakeZone.VerifyAsync(settings.Intake, cancellationToken);
        }
        else
        {
            await CaseworkZone.VerifyAsync(settings.Casework, cancellationToken);
        }

        // The management address last: what the zone itself lacks (keys, database) is said first.
        ListeningAddress.EnsureFree(
            zone.Pick(settings.IntakeAdminUrl, settings.CaseworkAdminUrl),
            zone.Pick("--intake-admin-url", "--casework-admin-url")
        );
        await using var app = zone == ZoneName.Intake ? BuildIntake(settings) : BuildCasework(settings);
        await app.StartAsync(cancellationToken);
        await output.WriteLineAsync($"{zone} listening on {zone.Pick(settings.IntakeUrl, settings.CaseworkUrl)}");
        var management = zone.Pick(settings.IntakeAdminUrl, settings.CaseworkAdminUrl);
        await output.WriteLineAsync(
            management is null
                ? $"management (/metrics, /readyz): none (--{zone}-admin-url off)"
                : $"management (/metrics, /readyz) on {management}"
        );
        if (zone == ZoneName.Intake)
        {
            await output.WriteLineAsync(app.Services.GetRequiredService<FileCleaning>().Describe());
        }

        await output.FlushAsync(cancellationToken);
        return await ServeAsync([(zone, app)], output, cancellationToken);
    }

    private static WebApplication BuildIntake(JeboSettings settings, Action<IServiceCollection>? configure = null)
    {
        var builder = IntakeZone.CreateBuilder(settings.Intake, settings.IntakeUrl);
        ZoneLogging.Configure(builder.Logging);
        configure?.Invoke(builder.Services);
        builder.Services.AddManagementAddress(settings.IntakeAdminUrl);
        var app = IntakeZone.Build(builder);
        // Refuse to start, with the next step, rather than accept reports that could not be sealed.
        _ = app.Services.GetRequiredService<Intake.Keys.IntakeKeys>();
        return app;
    }

    private static WebApplication BuildCasework(JeboSettings settings, Action<IServiceCollection>? configure = null)
    {
        var builder = CaseworkZone.CreateBuilder(settings.Casework, settings.CaseworkUrl);
        ZoneLogging.Configure(builder.Logging);
        configure?.Invoke(builder.Services);
        builder.Services.AddManagementAddress(settings.CaseworkAdminUrl);
        var app = CaseworkZone.Build(builder);
        _ = app.Services.GetRequiredService<Casework.Keys.CaseworkKeys>();
        return app;
    }
}
