using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Jebo.Benchmarks.Transfer;
using Jebo.Intake.Keys;
using Jebo.Intake.Receipts;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;

namespace Jebo.Benchmarks.Intake;

/// <summary>
/// The CPU pieces of intake's submission hot path (<see cref="Jebo.Intake.Reports.ReportIntake"/>'s
/// <c>SubmitAsync</c>), each with the product's own functions and keys: a new receipt with its lookup id and feedback
/// key, and a report (about 2 KiB) serialised and sealed to casework. The database commit is measured by
/// <c>bench/submit-throughput.sh</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SubmissionBenchmarks
{
    private TwoZones? zones;
    private IntakeKeys? keys;
    private ReceiptKeys? receiptKeys;
    private readonly ReportContent report = SampleReports.Report(1);
    private readonly Guid reportId = Guid.NewGuid();
    private readonly byte[] feedbackKey = RandomNumberGenerator.GetBytes(32);

    [GlobalSetup]
    public void Setup()
    {
        zones = TwoZones.Create();
        keys = IntakeKeys.Load(zones.Intake.KeysFolder);
        receiptKeys = new ReceiptKeys(keys.Pepper);
    }

    /// <summary>Receipt.New, its lookup id (HMAC-SHA256 under the pepper) and feedback key (HKDF-SHA256).</summary>
    [Benchmark]
    public int NewReceipt()
    {
        var receipt = Receipt.New();
        return receiptKeys!.LookupId(receipt).Length + ReceiptDerivation.FeedbackKey(receipt).Length;
    }

    /// <summary>A typed receipt parsed and its lookup id derived: the status page's and API's look-up before the
    /// probe.</summary>
    [Benchmark]
    public int LookupIdOfTypedReceipt() =>
        Receipt.TryParse("7kq2-m9xd-4htr-e8pa-wz3c", out var receipt) ? receiptKeys!.LookupId(receipt.Value).Length : 0;

    /// <summary>The sealed plaintext serialised, sealed to casework's key, the plaintext wiped: as intake does per
    /// report.</summary>
    [Benchmark]
    public int SealReport()
    {
        var plaintext = TransferJson.Serialize(
            new SealedReportPlaintext(1, reportId, DateTimeOffset.UtcNow, feedbackKey, report, [])
        );
        try
        {
            return SealedBox.Seal(keys!.CaseworkSealing, plaintext).Length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        keys?.Dispose();
        zones?.Dispose();
    }
}
