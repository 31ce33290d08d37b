using BenchmarkDotNet.Attributes;
using Jebo.Casework.Transfer;
using Jebo.Transfer.Bundles;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// Where import time goes before the database: the same 10,000-report bundle as <see cref="ImportBenchmarks"/>,
/// only verified (layout, signature, records parsed, file hashed), or fully checked without writing anything
/// (<see cref="BundleReceiver{TOpened}.CheckAsync"/>, which <c>jebo transfer verify</c> runs: verify, open and parse
/// every sealed record, place it in the stream). Per report, like the import.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class BundleCheckBenchmarks
{
    private TwoZones? zones;
    private byte[] bundle = [];
    private CaseworkDatabases? databases;
    private ServiceProvider? casework;
    private AsyncServiceScope scope;
    private ReportImporter? importer;

    [GlobalSetup]
    public void Setup()
    {
        zones = TwoZones.Create();
        bundle = zones.WriteReportBundleAsync(ImportBenchmarks.Reports).GetAwaiter().GetResult();
        databases = CaseworkDatabases.CreateAsync(zones, CaseworkDatabases.Sqlite).GetAwaiter().GetResult();
        casework = CaseworkServices.Build(zones.Casework(databases.New(1)));
        scope = casework.CreateAsyncScope();
        importer = scope.ServiceProvider.GetRequiredService<ReportImporter>();
    }

    /// <summary>Layout, trusted key, Ed25519 signature over the whole file, records split out, SHA-256 of the
    /// file.</summary>
    [Benchmark(OperationsPerInvoke = ImportBenchmarks.Reports)]
    public int Verify() => importer!.Verify(bundle).Records.Count;

    /// <summary><see cref="Verify"/>, then every record opened (X25519, HKDF, XChaCha20-Poly1305) and parsed, then
    /// placed.</summary>
    [Benchmark(OperationsPerInvoke = ImportBenchmarks.Reports)]
    public async Task<int> Open()
    {
        var (_, opened, place) = await importer!.CheckAsync(bundle, CancellationToken.None);
        return place.Placement == Placement.Next && opened.Reports.Count == ImportBenchmarks.Reports
            ? opened.Reports.Count
            : throw new InvalidOperationException(
                $"check did not pass: {place.Placement}, {opened.Reports.Count} reports"
            );
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        scope.Dispose();
        casework?.Dispose();
        databases?.Dispose();
        zones?.Dispose();
    }
}
