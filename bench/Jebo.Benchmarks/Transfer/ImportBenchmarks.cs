using BenchmarkDotNet.Attributes;
using Jebo.Casework.Screening;
using Jebo.Casework.Transfer;
using Jebo.Transfer.Bundles;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// Casework importing one report bundle of 10,000 sealed reports written by intake, through the same entry point as
/// the transfer round and <c>jebo transfer import</c> (<see cref="BundleReceiver{TOpened}.ReceiveAsync"/>): read the
/// file, check signature, sender, sequence and chain, open every sealed record, and persist the whole bundle in one
/// transaction (cases, reports, identities, audit chain, ledger). Each iteration imports into a fresh database.
/// Figures are per report (<c>OperationsPerInvoke</c>), so Op/s reads as reports/s.
/// </summary>
// Five warm-up imports: with one, the first measured imports still ran code the JIT had not finished tiering (one
// import in two about 40% slower on PostgreSQL); casework imports bundle after bundle in one process.
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 5, invocationCount: 1)]
public class ImportBenchmarks
{
    public const int Reports = 10_000;

    private TwoZones? zones;
    private byte[] bundle = [];
    private CaseworkDatabases? databases;
    private ServiceProvider? casework;
    private int iteration;

    [Params(CaseworkDatabases.Sqlite, CaseworkDatabases.PostgreSql)]
    public string Database { get; set; } = CaseworkDatabases.Sqlite;

    [GlobalSetup]
    public void Setup()
    {
        zones = TwoZones.Create();
        bundle = zones.WriteReportBundleAsync(Reports).GetAwaiter().GetResult();
        databases = CaseworkDatabases.CreateAsync(zones, Database).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void FreshDatabase()
    {
        var options = zones!.Casework(databases!.New(++iteration));
        casework = CaseworkServices.Build(options);
        TwoZones.Deliver(options, bundle);
    }

    /// <summary>Check, open and persist: what issue 5 asks ≥ 10,000 reports/s of.</summary>
    [Benchmark(OperationsPerInvoke = Reports)]
    public async Task<int> Import()
    {
        await using var scope = casework!.CreateAsyncScope();
        return Expect(
            await scope.ServiceProvider.GetRequiredService<ReportImporter>().ReceiveAsync(null, CancellationToken.None)
        );
    }

    /// <summary>Import, then screening of the new reports, as casework's transfer round does: the design's target
    /// ("verify, decrypt, persist, screen").</summary>
    [Benchmark(OperationsPerInvoke = Reports)]
    public async Task<int> ImportAndScreen()
    {
        await using var scope = casework!.CreateAsyncScope();
        var imported = Expect(
            await scope.ServiceProvider.GetRequiredService<ReportImporter>().ReceiveAsync(null, CancellationToken.None)
        );
        var screened = await scope
            .ServiceProvider.GetRequiredService<ClueScreening>()
            .ScreenPendingAsync(CancellationToken.None);
        return screened == Reports
            ? imported
            : throw new InvalidOperationException($"screened {screened} reports, expected {Reports}");
    }

    [IterationCleanup]
    public void DropDatabase()
    {
        casework?.Dispose();
        casework = null;
        databases!.Drop(iteration);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        databases?.Dispose();
        zones?.Dispose();
    }

    /// <summary>A benchmark that measured a refusal would be worse than none.</summary>
    private static int Expect(IReadOnlyList<InboundResult> results) =>
        results is [{ Outcome: InboundOutcome.Applied, Records: Reports }]
            ? Reports
            : throw new InvalidOperationException(
                $"import did not apply the bundle: "
                    + $"{string.Join("; ", results.Select(r => $"{r.Outcome}: {r.Message}"))}"
            );
}
