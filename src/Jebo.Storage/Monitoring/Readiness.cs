using System.Diagnostics;
using Jebo.Storage.Background;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jebo.Storage.Monitoring;

/// <summary>
/// <c>/readyz</c>: whether a zone can do its work — its database reachable and migrated, its spool folders usable, its
/// keys present, its last transfer round recent enough, its disk not full. 200 <c>ready</c>, or 503 <c>not ready</c>
/// with the names of the failing checks; what exactly fails is on the management address only.
/// </summary>
/// <remarks>Security: intake's public answer names only the checks (the same five words on every deployment), never a
/// path, host, count or exception, which would tell an attacker about the machine; an operator reads the details on the
/// management address (<see cref="ManagementListener"/>). The report is kept for two seconds, so a flood of
/// <c>/readyz</c> requests costs the database one query every two seconds.</remarks>
public sealed class Readiness(HealthCheckService checks) : IDisposable
{
    public const string Database = "database";
    public const string Spool = "spool";
    public const string Keys = "keys";
    public const string Transfer = "transfer";
    public const string Disk = "disk";

    private static readonly long CacheTicks = Stopwatch.Frequency * 2;

    private readonly SemaphoreSlim gate = new(1, 1);
    private (long At, HealthReport Report)? last;

    public async Task<HealthReport> CurrentAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = Stopwatch.GetTimestamp();
            if (last is { } cached && now - cached.At < CacheTicks)
            {
                return cached.Report;
            }

            var report = await checks.CheckHealthAsync(cancellationToken);
            last = (Stopwatch.GetTimestamp(), report);
            return report;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>The failing checks' names, in the order they were registered. A check that only warns
    /// (<see cref="HealthStatus.Degraded"/>, such as intake's <c>clients</c>) leaves the zone ready.</summary>
    public static IReadOnlyList<string> Failing(HealthReport report) =>
        [.. report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key)];

    private static string Finding(HealthStatus status) =>
        status switch
        {
            HealthStatus.Healthy => "ok",
            HealthStatus.Degraded => "warning",
            _ => "failing",
        };

    /// <summary>The public answer: <c>ready</c>, or <c>not ready: spool, transfer</c>.</summary>
    public static IResult Brief(HealthReport report) =>
        Failing(report) is { Count: > 0 } failing
            ? Results.Text($"not ready: {string.Join(", ", failing)}\n", statusCode: 503)
            : Results.Text("ready\n");

    /// <summary>The management answer: one line per check with what it found.</summary>
    public static IResult Detailed(HealthReport report) =>
        Results.Text(
            (Failing(report).Count > 0 ? "not ready\n" : "ready\n")
                + string.Concat(
                    report.Entries.Select(e =>
                        $"{e.Key}: {Finding(e.Value.Status)}"
                        + (e.Value.Description is { Length: > 0 } d ? $" ({d})" : "")
                        + "\n"
                    )
                ),
            statusCode: Failing(report).Count > 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK
        );

    /// <summary>Maps the public <c>/readyz</c>.</summary>
    public static IEndpointConventionBuilder MapReadiness(IEndpointRouteBuilder app) =>
        app.MapGet("/readyz", async (Readiness readiness, HttpContext context) =>
                Brief(await readiness.CurrentAsync(context.RequestAborted))
            )
            .ExcludeFromDescription();
}

/// <summary>The five readiness checks of a zone, registered by its composition root with its own folders and
/// files.</summary>
public static class ReadinessChecks
{
    /// <param name="services">The zone's services.</param>
    /// <param name="database">Opens the zone's database check in a scope.</param>
    /// <param name="folders">The spool folders the zone reads and writes.</param>
    /// <param name="keysFolder">The zone's keys folder.</param>
    /// <param name="keyFiles">Files that must be there, relative to <paramref name="keysFolder"/>; a <c>*</c> in the
    /// file name asks for at least one match (the other zone's trusted keys).</param>
    /// <param name="transferLoop">The name of the zone's transfer loop (<see cref="BackgroundLoops"/>).</param>
    /// <param name="transfer">When transfer rounds run; null: only on demand, never late.</param>
    /// <param name="diskFolders">Folders whose disks must keep <see cref="MonitoringOptions.MinimumFreeDiskBytes"/>
    /// free.</param>
    /// <param name="monitoring">The floor.</param>
    public static IServiceCollection AddReadiness(
        this IServiceCollection services,
        Func<IServiceProvider, IHealthCheck> database,
        IReadOnlyList<string> folders,
        string keysFolder,
        IReadOnlyList<string> keyFiles,
        string transferLoop,
        RoundSchedule? transfer,
        IReadOnlyList<string> diskFolders,
        MonitoringOptions monitoring
    )
    {
        services.AddSingleton<Readiness>();
        services
            .AddHealthChecks()
            .Add(Check(Readiness.Database, database))
            .Add(Check(Readiness.Spool, _ => new FoldersCheck(folders)))
            .Add(Check(Readiness.Keys, _ => new KeyFilesCheck(keysFolder, keyFiles)))
            .Add(
                Check(Readiness.Transfer, sp => new RoundCheck(
                    transferLoop,
                    transfer,
                    sp.GetRequiredService<BackgroundLoops>(),
                    sp.GetRequiredService<TimeProvider>()
                ))
            )
            .Add(Check(Readiness.Disk, _ => new DiskCheck(diskFolders, monitoring.MinimumFreeDiskBytes)));
        services.TryAddSingleton<BackgroundLoops>();
        return services;
    }

    private static HealthCheckRegistration Check(string name, Func<IServiceProvider, IHealthCheck> factory) =>
        new(name, factory, HealthStatus.Unhealthy, null);
}

/// <summary>The database answers (as a zone's start checks it: <see cref="DatabaseAvailability"/>) and has every
/// migration.</summary>
public sealed class DatabaseCheck(DbContext db, string connectionString, string zone) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            await DatabaseAvailability.EnsureAsync(connectionString, zone, createIfMissing: false, cancellationToken);
            await DatabaseAvailability.RequireMigratedAsync(db, zone, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (DatabaseUnavailableException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(DatabaseAvailability.Reason(e));
        }
    }
}

/// <summary>Each folder exists and a file can be made in it (then removed at once).</summary>
public sealed class FoldersCheck(IReadOnlyList<string> folders) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"{folder} is not a folder"));
            }

            try
            {
                // A dot name and no .jebo ending: nothing that reads the spool ever takes it for a bundle.
                using var probe = new FileStream(
                    Path.Combine(folder, $".readyz-{Guid.NewGuid():N}"),
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1,
                    FileOptions.DeleteOnClose
                );
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"{folder} cannot be written: {e.GetType().Name}"));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}

/// <summary>The zone's key files are there.</summary>
public sealed class KeyFilesCheck(string folder, IReadOnlyList<string> files) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var missing = files.Where(f => !Present(f)).ToList();
        return Task.FromResult(
            missing.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"missing in {folder}: {string.Join(", ", missing)}")
        );
    }

    private bool Present(string file)
    {
        var path = Path.Combine(folder, file);
        if (!Path.GetFileName(file).Contains('*', StringComparison.Ordinal))
        {
            return File.Exists(path);
        }

        var directory = Path.GetDirectoryName(path)!;
        return Directory.Exists(directory) && Directory.EnumerateFiles(directory, Path.GetFileName(file)).Any();
    }
}

/// <summary>
/// The transfer loop's last good round is recent: not ready when a round has failed and the last success (or, with none
/// yet, the zone's start) lies more than <see cref="AllowedGaps"/> of the schedule's longest gaps back. A zone that has
/// not had a round since it started is not failed for it, and neither is one whose round failed once and is retrying.
/// </summary>
public sealed class RoundCheck(string loop, RoundSchedule? schedule, BackgroundLoops loops, TimeProvider time)
    : IHealthCheck
{
    public const int AllowedGaps = 3;

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) => Task.FromResult(Judge(loops.Of(loop), schedule, time.GetUtcNow()));

    public static HealthCheckResult Judge(LoopStatus? status, RoundSchedule? schedule, DateTimeOffset now)
    {
        if (schedule is null || status is null || !status.Failing)
        {
            return HealthCheckResult.Healthy(status?.Describe());
        }

        var since = status.LastSuccess ?? status.Started ?? status.FailingSince ?? now;
        return now - since > schedule.LongestGap * AllowedGaps
            ? HealthCheckResult.Unhealthy(status.Describe())
            : HealthCheckResult.Healthy(status.Describe());
    }
}

/// <summary>The disks under the zone's folders have at least the floor free.</summary>
public sealed class DiskCheck(IReadOnlyList<string> folders, long floor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        foreach (var folder in folders.Where(Directory.Exists))
        {
            var free = new DriveInfo(folder).AvailableFreeSpace;
            if (free < floor)
            {
                const long mebibyte = 1024 * 1024;
                return Task.FromResult(
                    HealthCheckResult.Unhealthy(
                        $"{free / mebibyte} MiB free under {folder}, below {floor / mebibyte} MiB"
                    )
                );
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
