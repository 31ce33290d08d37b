using System.Diagnostics;
using Jebo.Casework.Screening;
using Jebo.Casework.Transfer;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// <c>Jebo.Benchmarks profile-screen sqlite|postgresql [ROUNDS]</c>: ROUNDS times (3 by default) imports the
/// benchmark's bundle into a fresh database and screens it, printing the time of each, so screening can be run under
/// <c>dotnet-trace collect</c> without the benchmark harness around it, with what the garbage collector did meanwhile.
/// The first rounds warm the code; read the last.
/// </summary>
public static class ScreenProfile
{
    public static async Task<int> RunAsync(string database, int rounds, TextWriter output)
    {
        using var zones = TwoZones.Create();
        var bundle = await zones.WriteReportBundleAsync(ImportBenchmarks.Reports);
        using var databases = await CaseworkDatabases.CreateAsync(zones, database);
        for (var round = 1; round <= rounds; round++)
        {
            var options = zones.Casework(databases.New(round));
            TwoZones.Deliver(options, bundle);
            await using (var casework = CaseworkServices.Build(options))
            await using (var scope = casework.CreateAsyncScope())
            {
                var stopwatch = Stopwatch.StartNew();
                await scope
                    .ServiceProvider.GetRequiredService<ReportImporter>()
                    .ReceiveAsync(null, CancellationToken.None);
                var import = stopwatch.Elapsed;
                var (gen0, gen1, gen2, paused, allocated) = (
                    GC.CollectionCount(0),
                    GC.CollectionCount(1),
                    GC.CollectionCount(2),
                    GC.GetTotalPauseDuration(),
                    GC.GetTotalAllocatedBytes()
                );
                stopwatch.Restart();
                var screened = await scope
                    .ServiceProvider.GetRequiredService<ClueScreening>()
                    .ScreenPendingAsync(CancellationToken.None);
                await output.WriteLineAsync(
                    $"round {round}: import {import.TotalMilliseconds:F0} ms, screening {screened} reports "
                        + $"{stopwatch.Elapsed.TotalMilliseconds:F0} ms "
                        + $"({stopwatch.Elapsed.TotalMicroseconds / Math.Max(1, screened):F1} µs per report); while "
                        + $"screening {(GC.GetTotalAllocatedBytes() - allocated) / 1_000_000} MB allocated, "
                        + "collections "
                        + $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/"
                        + $"{GC.CollectionCount(2) - gen2} (gen 0/1/2), "
                        + $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms"
                );
            }

            databases.Drop(round);
        }

        return 0;
    }
}
