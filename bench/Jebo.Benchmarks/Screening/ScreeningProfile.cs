using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jebo.Benchmarks.Transfer;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Screening;
using Jebo.Casework.Transfer;
using Jebo.Screening.Similarity;
using Jebo.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Screening;

/// <summary>
/// <c>Jebo.Benchmarks profile-screening sqlite|postgresql [REPORTS]</c>: the figures of issue 17's item 5 at REPORTS
/// screened reports (1,000,000 by default). Fills a fresh casework database (migrated by <c>jebo init</c>'s code) in
/// bulk with varied Korean, English and Chinese clues (<see cref="VariedClues"/>), each a case with one report and its
/// stored screening features, as screening stores them; then measures, each line saying how:
/// the related-clue index's build rate from stored features; a restart's rebuild of the index through the real path
/// (<see cref="ClueScreening.ScreenPendingAsync"/> on a new service provider, which loads the index before screening);
/// the managed heap before and after that rebuild; related-clue query latency over held-back clues; and import with
/// screening of a sample of bundles sealed by intake, through the importer and screening as the transfer round runs
/// them.
/// </summary>
public static class ScreeningProfile
{
    public const int FillBatch = 10_000;

    /// <summary>Clues never stored, asked against the full index (at least 2,000).</summary>
    public const int Queries = 2_000;

    /// <summary>Bundles of <see cref="ImportBenchmarks.Reports"/> reports imported and screened at the end.</summary>
    public const int ImportBundles = 2;

    public static async Task<int> RunAsync(string database, int count, TextWriter output)
    {
        using var zones = TwoZones.Create();
        using var databases = await CaseworkDatabases.CreateAsync(zones, database);
        var options = zones.Casework(databases.New(1));
        var hasher = new MinHasher();
        await using (var casework = CaseworkServices.Build(options))
        {
            var stopwatch = Stopwatch.StartNew();
            await FillAsync(casework, hasher, count);
            await Line(
                output,
                $"filled: {count:N0} cases, reports and stored screenings in {stopwatch.Elapsed.TotalSeconds:F0} s "
                    + $"({database}; features computed on every core, rows written in bulk {FillBatch:N0} a "
                    + "transaction; not a product figure)"
            );
            await BuildRateAsync(casework, count, output);
        }

        // A restart: a new provider, its index empty until the first screening round loads it.
        await using (var casework = CaseworkServices.Build(options))
        {
            var index = casework.GetRequiredService<ClueIndex>();
            await using (var warm = casework.CreateAsyncScope())
            {
                // EF's model and the connection pool, which any start pays, outside the measurement.
                await warm.ServiceProvider.GetRequiredService<CaseworkDb>().Cases.CountAsync();
            }

            var (heapBefore, sizeBefore) = Heap();
            var stopwatch = Stopwatch.StartNew();
            await using (var scope = casework.CreateAsyncScope())
            {
                await scope
                    .ServiceProvider.GetRequiredService<ClueScreening>()
                    .ScreenPendingAsync(CancellationToken.None);
            }

            var restart = stopwatch.Elapsed;
            var (heapAfter, sizeAfter) = Heap();
            await Line(
                output,
                $"restart: index rebuilt from the database in {restart.TotalSeconds:F1} s, {index.Count:N0} documents "
                    + $"({index.Count / restart.TotalSeconds:N0} reports/s; ClueScreening.ScreenPendingAsync on a new "
                    + "service provider with nothing pending: ClueIndex.EnsureLoadedAsync reads every stored screening)"
            );
            await Line(
                output,
                $"memory: managed heap {Mb(heapBefore)} → {Mb(heapAfter)} MB, "
                    + $"{(heapAfter - heapBefore) / (double)index.Count:F0} "
                    + "bytes per report (GC.GetTotalMemory(forceFullCollection: true) before and after the restart's "
                    + $"rebuild, the index held); GC heap size {Mb(sizeBefore)} → {Mb(sizeAfter)} MB, "
                    + $"{(sizeAfter - sizeBefore) / (double)index.Count:F0} bytes per report "
                    + "(GC.GetGCMemoryInfo().HeapSizeBytes after the same full collections)"
            );
            await QueriesAsync(index, hasher, output);
            await ImportAsync(zones, options, casework, output);
            GC.KeepAlive(index);
        }

        return 0;
    }

    /// <summary>Cases, reports and their stored screenings, as screening leaves them (features computed from the
    /// clue's text by the product's code), in batches of <see cref="FillBatch"/>, each one write transaction.</summary>
    private static async Task FillAsync(ServiceProvider casework, MinHasher hasher, int count)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        string[] provinces = ["11", "26", "27", "28", "29", "30", "31", "41", "43", "44"];
        for (var done = 0; done < count; done += FillBatch)
        {
            var size = Math.Min(FillBatch, count - done);
            var clues = new VariedClues(done);
            var contents = Enumerable.Range(done, size).Select(clues.Next).ToArray();
            var features = new ClueFeatures[size];
            Parallel.For(0, size, i => features[i] = StoredClueFeatures.Of(hasher, contents[i]));
            var cases = new List<CaseRecord>(size);
            var reports = new List<ReportRecord>(size);
            var screenings = new List<ReportScreening>(size);
            for (var i = 0; i < size; i++)
            {
                var serial = done + i;
                var province = provinces[serial % provinces.Length];
                var received = start.AddSeconds(serial * 31_536_000.0 / count);
                var caseRecord = new CaseRecord
                {
                    Id = CaseId.New(),
                    Status = serial % 4 == 0 ? CaseStatus.Accepted : CaseStatus.Screened,
                    OfficeCode = province,
                    Category = contents[i].Category!,
                    Region = province + "110",
                    ReceivedAt = received,
                    UpdatedAt = received,
                    NextDueAt = received.AddDays(30),
                    NextDueKind = "acceptance",
                    PublicStatusAt = received,
                    ScreeningPriority = 4,
                };
                var report = new ReportRecord
                {
                    Id = Guid.NewGuid(),
                    CaseId = caseRecord.Id,
                    ReceivedAt = received,
                    ImportedAt = received,
                    BundleSequence = 1 + serial / FillBatch,
                    Content = JsonSerializer.Serialize(contents[i], StoredJson.Options),
                    FeedbackKey = new byte[32],
                };
                cases.Add(caseRecord);
                reports.Add(report);
                screenings.Add(
                    new ReportScreening
                    {
                        ReportId = report.Id,
                        CaseId = caseRecord.Id,
                        Reasons = "[]",
                        Entities = "[]",
                        Signature = StoredClueFeatures.Signature(features[i]),
                        Keys = StoredClueFeatures.Keys(features[i]),
                        Terms = StoredClueFeatures.Terms(features[i]),
                        Script = StoredClueFeatures.Script(features[i]),
                        ScreenedAt = received,
                        Triage = 4,
                        TriageReasons = "[]",
                    }
                );
            }

            await using var scope = casework.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CaseworkDb>();
            await using var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None);
            BulkInsert.Insert(db, cases);
            BulkInsert.Insert(db, reports);
            BulkInsert.Insert(db, screenings);
            await transaction.CommitAsync();
        }
    }

    /// <summary>The index's own build rate: stored features read back in batches (untimed), then only
    /// <see cref="ClueIndex.Add"/> timed, into a fresh index as a restart fills it.</summary>
    private static async Task BuildRateAsync(ServiceProvider casework, int count, TextWriter output)
    {
        using var index = new ClueIndex();
        var adding = new Stopwatch();
        var batch = new List<(Guid Report, string Case, ClueFeatures Features)>(50_000);
        await using (var scope = casework.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CaseworkDb>();
            await foreach (var row in ClueIndex.StoredReports(db).AsAsyncEnumerable())
            {
                batch.Add(
                    (
                        row.ReportId,
                        row.CaseId,
                        StoredClueFeatures.Read(row.Signature, row.Keys!, row.Terms!, row.Script)
                    )
                );
                if (batch.Count == batch.Capacity)
                {
                    Add(index, batch, adding);
                }
            }
        }

        Add(index, batch, adding);
        await Line(
            output,
            $"index build: {index.Count:N0} reports in {adding.Elapsed.TotalSeconds:F1} s, "
                + $"{index.Count / adding.Elapsed.TotalSeconds:N0} reports/s (ClueIndex.Add alone, one thread as a "
                + "restart adds them, from stored features read back and parsed outside the timing)"
        );
        if (index.Count != count)
        {
            throw new InvalidOperationException($"the index holds {index.Count} documents, {count} were stored");
        }
    }

    private static void Add(
        ClueIndex index,
        List<(Guid Report, string Case, ClueFeatures Features)> batch,
        Stopwatch adding
    )
    {
        adding.Start();
        foreach (var (report, caseId, features) in batch)
        {
            index.Add(report, caseId, features);
        }

        adding.Stop();
        batch.Clear();
    }

    /// <summary>Related clues of clues never stored (another seed), one at a time, each timed.</summary>
    private static async Task QueriesAsync(ClueIndex index, MinHasher hasher, TextWriter output)
    {
        var clues = new VariedClues(-1);
        var features = Enumerable.Range(0, Queries).Select(i => StoredClueFeatures.Of(hasher, clues.Next(i))).ToList();
        foreach (var warm in features.Take(100))
        {
            index.Related(warm, "");
        }

        var times = new List<double>(Queries);
        var found = 0;
        foreach (var clue in features)
        {
            var started = Stopwatch.GetTimestamp();
            found += index.Related(clue, "").Count;
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        await Line(
            output,
            $"related-clue query: n={Queries:N0} p50 {Percentile(times, 0.50):F2} ms, "
                + $"p95 {Percentile(times, 0.95):F2} ms, p99 {Percentile(times, 0.99):F2} ms, "
                + $"max {times[^1]:F2} ms; {found / (double)Queries:F1} related per "
                + $"query (ClueIndex.Related, ten best, of held-back clues against all {index.Count:N0} documents, one "
                + "thread, after 100 unmeasured)"
        );
    }

    /// <summary>Bundles sealed and signed by intake (untimed), delivered at once, then imported and screened as the
    /// transfer round does, with the full index loaded.</summary>
    private static async Task ImportAsync(
        TwoZones zones,
        Jebo.Casework.CaseworkOptions options,
        ServiceProvider casework,
        TextWriter output
    )
    {
        var clues = new VariedClues(-2);
        var bundles = await zones.WriteReportBundlesAsync(ImportBundles, ImportBenchmarks.Reports, clues.Next);
        foreach (var (bundle, sequence) in bundles.Select((b, i) => (b, i + 1)))
        {
            TwoZones.Deliver(options, bundle, sequence);
        }

        await using var scope = casework.CreateAsyncScope();
        var stopwatch = Stopwatch.StartNew();
        var results = await scope
            .ServiceProvider.GetRequiredService<ReportImporter>()
            .ReceiveAsync(null, CancellationToken.None);
        var import = stopwatch.Elapsed;
        var screened = await scope
            .ServiceProvider.GetRequiredService<ClueScreening>()
            .ScreenPendingAsync(CancellationToken.None);
        var total = stopwatch.Elapsed;
        var reports = ImportBundles * ImportBenchmarks.Reports;
        if (screened != reports)
        {
            throw new InvalidOperationException(
                $"screened {screened} of {reports} reports; import said "
                    + string.Join(", ", results.Select(r => r.Outcome))
            );
        }

        await Line(
            output,
            $"import with screening: {reports:N0} reports in {total.TotalSeconds:F1} s, "
                + $"{reports / total.TotalSeconds:N0} "
                + $"reports/s (import {import.TotalSeconds:F1} s, screening {(total - import).TotalSeconds:F1} s; "
                + $"{ImportBundles} bundles of {ImportBenchmarks.Reports:N0} sealed by intake, "
                + "ReportImporter.ReceiveAsync "
                + "then ClueScreening.ScreenPendingAsync, against the full index)"
        );
    }

    private static (long Heap, long Size) Heap()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        return (heap, GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    private static string Mb(long bytes) => (bytes / 1_048_576.0).ToString("N0", CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static Task Line(TextWriter output, string line) => output.WriteLineAsync(line);
}
