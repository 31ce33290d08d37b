using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Jebo.Casework.Keys;
using Jebo.Casework.Sealing;
using Jebo.Intake.Keys;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// One sealed report (about 2 KiB) opened by casework's <see cref="SealedBoxOpener"/>, alone and then parsed: the
/// per-record work of <see cref="BundleCheckBenchmarks.Open"/> without the bundle around it, with its allocations.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class OpenReportBenchmarks
{
    private TwoZones? zones;
    private CaseworkKeys? keys;
    private SealedBoxOpener? opener;
    private byte[] box = [];

    [GlobalSetup]
    public void Setup()
    {
        zones = TwoZones.Create();
        using (var intake = IntakeKeys.Load(zones.Intake.KeysFolder))
        {
            var plaintext = new SealedReportPlaintext(
                1,
                Guid.NewGuid(),
                DateTimeOffset.UtcNow,
                RandomNumberGenerator.GetBytes(32),
                SampleReports.Report(1),
                []
            );
            box = SealedBox.Seal(intake.CaseworkSealing, TransferJson.Serialize(plaintext));
        }

        keys = CaseworkKeys.Load(zones.Casework("unused").KeysFolder);
        opener = new SealedBoxOpener(keys);
    }

    /// <summary>X25519 with the sealing key, HKDF, XChaCha20-Poly1305.</summary>
    [Benchmark]
    public int OpenReport() => opener!.Open(box)!.Length;

    /// <summary>Opened and parsed into the report casework stores.</summary>
    [Benchmark]
    public int OpenAndParseReport() => TransferJson.Deserialize<SealedReportPlaintext>(opener!.Open(box)).Marks.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        keys?.Dispose();
        zones?.Dispose();
    }
}
