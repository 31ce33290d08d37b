using Jebo.Casework;
using Jebo.Casework.Keys;
using Jebo.Intake;
using Jebo.Intake.Keys;
using Jebo.Intake.Reports;
using Jebo.Intake.Transfer;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// Both zones' keys in a temporary folder, each zone knowing only the other's public keys (as <c>jebo init</c> leaves
/// them), and report bundles written by intake's own code: reports go through <see cref="ReportIntake"/> (receipt,
/// sealing, group commit) and <see cref="IntakeOutbox"/> signs and writes the bundle.
/// </summary>
public sealed class TwoZones : IDisposable
{
    private TwoZones(string root)
    {
        Root = root;
        Intake = new IntakeOptions
        {
            ZoneFolder = Path.Combine(root, "intake"),
            OutboundSpool = Path.Combine(root, "to-casework"),
            InboundSpool = Path.Combine(root, "to-intake"),
            Database = Path.Combine(root, "intake", "intake.db"),
            RateLimits = false,
        };
    }

    public string Root { get; }

    /// <summary>The zones of a folder an earlier run kept (<c>BENCH_SEARCH_KEEP</c>), to query its database
    /// again.</summary>
    public static TwoZones Open(string root) => new(root);

    public IntakeOptions Intake { get; }

    /// <summary>Casework's keys live in one folder for every database a benchmark creates.</summary>
    public CaseworkOptions Casework(string database) =>
        new()
        {
            ZoneFolder = Path.Combine(Root, "casework"),
            InboundSpool = Path.Combine(Root, "casework-inbound"),
            OutboundSpool = Path.Combine(Root, "to-intake"),
            Database = database,
        };

    /// <summary>Puts a report bundle (sequence 1 unless said) into casework's inbound spool, as the carrier
    /// would.</summary>
    public static void Deliver(CaseworkOptions casework, byte[] bundle, long sequence = 1)
    {
        Directory.CreateDirectory(casework.InboundSpool);
        File.WriteAllBytes(
            Path.Combine(casework.InboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence)),
            bundle
        );
    }

    public static TwoZones Create()
    {
        var zones = new TwoZones(Directory.CreateTempSubdirectory("jebo-bench-").FullName);
        var caseworkKeys = zones.Casework("unused").KeysFolder;
        CaseworkKeys.CreateIfMissing(caseworkKeys);
        IntakeKeys.CreateIfMissing(zones.Intake.KeysFolder);
        // What `jebo init` does when both zones share a data folder: public keys only cross.
        IntakeKeys.Install(zones.Intake.KeysFolder, CaseworkKeys.Export(caseworkKeys, DateTimeOffset.UtcNow));
        CaseworkKeys.Install(caseworkKeys, IntakeKeys.Export(zones.Intake.KeysFolder, DateTimeOffset.UtcNow));
        return zones;
    }

    /// <summary>Submits <paramref name="count"/> reports to a fresh intake database and writes them into one bundle
    /// (sequence 1); returns the bundle file's bytes.</summary>
    public async Task<byte[]> WriteReportBundleAsync(int count) =>
        (await WriteReportBundlesAsync(1, count, SampleReports.Report))[0];

    /// <summary>Submits <paramref name="bundles"/> times <paramref name="count"/> reports (the <c>i</c>th made by
    /// <paramref name="report"/>, called in order) to a fresh intake database, writing a bundle after each
    /// <paramref name="count"/> (sequences 1, 2, …); returns the bundle files' bytes in order.</summary>
    public async Task<IReadOnlyList<byte[]>> WriteReportBundlesAsync(
        int bundles,
        int count,
        Func<int, ReportContent> report
    )
    {
        if (count > Intake.MaxRecordsPerBundle)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count),
                $"one bundle holds at most {Intake.MaxRecordsPerBundle} records"
            );
        }

        await IntakeZone.InitializeAsync(Intake, CancellationToken.None);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIntake(Intake);
        await using var provider = services.BuildServiceProvider();
        var written = new List<byte[]>();
        for (var sequence = 1; sequence <= bundles; sequence++)
        {
            var contents = Enumerable.Range((sequence - 1) * count, count).Select(report).ToArray();
            // Many submitters at once, as under load, so the group commit fills its groups.
            const int submitters = 64;
            var next = -1;
            await Task.WhenAll(
                Enumerable
                    .Range(0, submitters)
                    .Select(_ =>
                        Task.Run(async () =>
                        {
                            await using var scope = provider.CreateAsyncScope();
                            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
                            for (
                                var i = Interlocked.Increment(ref next);
                                i < count;
                                i = Interlocked.Increment(ref next)
                            )
                            {
                                var serial = (sequence - 1) * count + i;
                                await intake.SubmitAsync(
                                    contents[i],
                                    SampleReports.Marks(serial),
                                    CancellationToken.None
                                );
                            }
                        })
                    )
            );

            await using (var scope = provider.CreateAsyncScope())
            {
                var flushed = await scope
                    .ServiceProvider.GetRequiredService<IntakeOutbox>()
                    .FlushAsync(CancellationToken.None);
                if (flushed.Count != 1 || flushed[0] != sequence)
                {
                    throw new InvalidOperationException(
                        $"intake wrote bundles [{string.Join(", ", flushed)}], expected exactly bundle {sequence}"
                    );
                }
            }

            var path = Path.Combine(Intake.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence));
            written.Add(await File.ReadAllBytesAsync(path));
            File.Delete(path);
        }

        return written;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Reports like real ones: about 2 KiB of Korean and Latin text, every one different, one in ten from a
/// reporter who left a name and phone number (so casework stores an identity apart), some with an abuse mark.</summary>
public static class SampleReports
{
    private const string Filler =
        "부산 사하구 건설 현장에서 조직원들이 하도급 업체에 매달 보호비를 요구하고 거절하면 장비를 부순다고 합니다. Members of the group collect protection money "
        + "from subcontractors every month and threaten the site managers. ";

    private static readonly string[] Regions = ["26380", "11680", "41130", ""];

    public static ReportContent Report(int serial) =>
        new()
        {
            Language = "ko",
            Category = "protection-racket",
            Region = Regions[serial % Regions.Length],
            Reporter =
                serial % 10 == 0
                    ? new ReporterContent
                    {
                        Anonymous = false,
                        Name = $"제보자 {serial}",
                        Phone = $"010-{serial % 10_000:D4}-{serial / 10_000 % 10_000:D4}",
                        ContactConsent = true,
                    }
                    : new ReporterContent { Anonymous = true },
            Subjects =
            [
                new SubjectContent
                {
                    Name = "김OO",
                    Organization = "칠성파",
                    Description = $"차량 12가 {serial % 10_000:D4} 운전",
                },
            ],
            Facts = new FactsContent
            {
                When = "2026-10",
                Where = "부산 사하구",
                Description = $"제보 {serial}: {Filler}{Filler}{Filler}{Filler}",
            },
            Officials = [],
        };

    public static IReadOnlyList<string> Marks(int serial) => serial % 20 == 0 ? ["links:2"] : [];
}
