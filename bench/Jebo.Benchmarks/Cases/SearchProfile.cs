using System.Diagnostics;
using System.Globalization;
using Jebo.Benchmarks.Transfer;
using Jebo.Casework;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Search;
using Jebo.Casework.Staff;
using Jebo.Storage;
using Jebo.Transfer.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Cases;

/// <summary>
/// <c>Jebo.Benchmarks profile-search sqlite|postgresql [CASES]</c>: fills a fresh casework database (migrated by
/// <c>jebo init</c>'s code) with CASES cases (1,000,000 by default), each with one report of synthetic Korean, English
/// or Chinese text and its search terms, written in bulk as the importer writes them; then times
/// <see cref="CaseQueries.ListAsync(StaffPrincipal, CaseListFilter, CancellationToken)"/> — the code behind
/// <c>GET /api/v1/cases</c>, its audit entry included — for searches (Korean words, a phone number), plain list pages,
/// filters and keyset pages, as a national and as a provincial supervisor, and prints p50 and p95 of each kind.
/// </summary>
public static class SearchProfile
{
    /// <summary>Each query asked this many times per caller, after one unmeasured warm-up.</summary>
    public const int Repeats = 5;

    private static readonly string[] Gangs = ["칠성파", "신흥파", "동백파", "서면파", "남문파", "청룡파"];
    private static readonly string[] Places =
    [
        "시장 상가",
        "건설 현장",
        "유흥가 골목",
        "항구 창고",
        "오피스텔",
        "노래방",
    ];
    private static readonly string[] Deeds =
    [
        "상인들에게 매달 보호비 명목으로 돈을 걷어 갑니다",
        "지하에서 불법 도박장을 운영합니다",
        "무등록 사채업을 하며 갚지 못하면 협박합니다",
        "필로폰 등 마약을 거래합니다",
        "조직원 여러 명이 상인들을 폭행하고 갈취합니다",
        "단속 정보를 미리 알고 빠져나갑니다",
    ];
    private static readonly string[] Provinces = ["11", "26", "27", "28", "29", "30", "31", "41", "43", "44"];

    /// <summary>Set to <c>1</c>, the filled database and its folder are kept, and the variables that query them again
    /// are printed.</summary>
    public const string KeepVariable = "BENCH_SEARCH_KEEP";

    /// <summary>The folder of a kept run, to query its database again without filling one (with
    /// <see cref="ConnectionVariable"/>).</summary>
    public const string ReuseVariable = "BENCH_SEARCH_REUSE";

    /// <summary>The connection string of a kept run's database.</summary>
    public const string ConnectionVariable = "BENCH_SEARCH_CONNECTION";

    public static async Task<int> RunAsync(string database, int count, TextWriter output)
    {
        var reuse = Environment.GetEnvironmentVariable(ReuseVariable);
        var keep = reuse is not null || Environment.GetEnvironmentVariable(KeepVariable) == "1";
        var zones = reuse is null ? TwoZones.Create() : TwoZones.Open(reuse);
        var databases = reuse is null ? await CaseworkDatabases.CreateAsync(zones, database) : null;
        try
        {
            var connection = databases?.New(1)
                ?? Environment.GetEnvironmentVariable(ConnectionVariable)
                ?? throw new InvalidOperationException($"{ReuseVariable} needs {ConnectionVariable}");
            if (databases is null)
            {
                // A kept database is brought to this build's schema first, as `jebo db migrate` would.
                await CaseworkZone.InitializeAsync(zones.Casework(connection), CancellationToken.None);
            }

            await using (var casework = CaseworkServices.Build(zones.Casework(connection)))
            {
                if (databases is not null)
                {
                    var stopwatch = Stopwatch.StartNew();
                    await FillAsync(casework, count);
                    await output.WriteLineAsync(
                        $"{count:N0} cases written in {stopwatch.Elapsed.TotalSeconds:F0} s ({database})"
                    );
                }

                await MeasureAsync(casework, output);
            }

            if (keep)
            {
                databases?.Keep(1);
                await output.WriteLineAsync($"kept: {ReuseVariable}={zones.Root} {ConnectionVariable}='{connection}'");
            }
        }
        finally
        {
            databases?.Dispose();
            if (!keep)
            {
                zones.Dispose();
            }
        }

        return 0;
    }

    /// <summary>Times each kind of query, printing every call as it is measured and then p50 and p95 per
    /// kind.</summary>
    private static async Task MeasureAsync(ServiceProvider casework, TextWriter output)
    {
        var stopwatch = new Stopwatch();
        var callers = new[]
        {
            new StaffPrincipal(Guid.NewGuid(), "bench-national", "national", "supervisor"),
            new StaffPrincipal(Guid.NewGuid(), "bench-busan", "26", "supervisor"),
        };
        var kinds = new (string Kind, CaseListFilter Filter)[]
        {
            ("search", new CaseListFilter { Query = "보호비" }),
            ("search", new CaseListFilter { Query = "도박" }),
            ("search", new CaseListFilter { Query = "사채" }),
            ("search", new CaseListFilter { Query = "마약" }),
            ("search", new CaseListFilter { Query = "칠성파 시장" }),
            ("search", new CaseListFilter { Query = "010-1234-5678" }),
            ("search", new CaseListFilter { Query = "보호비", Page = 2 }),
            ("list", new CaseListFilter()),
            ("list", new CaseListFilter { Page = 50 }),
            ("list", new CaseListFilter { Page = 200 }),
            ("list", new CaseListFilter { Page = 500 }),
            ("filter", new CaseListFilter { Category = "gambling", Due = CaseListFilter.Overdue }),
            ("filter", new CaseListFilter { Sort = "due", Supervised = true }),
        };
        var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var caller in callers)
        {
            foreach (var (kind, filter) in kinds)
            {
                string? next = null;
                for (var i = 0; i <= Repeats; i++)
                {
                    await using var scope = casework.CreateAsyncScope();
                    var queries = scope.ServiceProvider.GetRequiredService<CaseQueries>();
                    stopwatch.Restart();
                    var page = await queries.ListAsync(caller, filter, CancellationToken.None);
                    var elapsed = stopwatch.Elapsed.TotalMilliseconds;
                    next = page.Next;
                    if (i > 0)
                    {
                        Add(times, $"{kind} ({caller.OfficeCode})", elapsed);
                    }

                    await output.WriteLineAsync(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"  {kind} ({caller.OfficeCode}) {filter.Recorded} #{i}: "
                                + $"{elapsed:F1} ms, {page.Total} found"
                        )
                    );
                }

                // The page after the first by keyset, as "next" links follow it.
                if (next is not null && filter.Page == 1)
                {
                    for (var i = 0; i <= Repeats; i++)
                    {
                        await using var scope = casework.CreateAsyncScope();
                        var queries = scope.ServiceProvider.GetRequiredService<CaseQueries>();
                        stopwatch.Restart();
                        await queries.ListAsync(caller, filter with { After = next }, CancellationToken.None);
                        if (i > 0)
                        {
                            Add(times, $"after ({caller.OfficeCode})", stopwatch.Elapsed.TotalMilliseconds);
                        }
                    }
                }
            }
        }

        foreach (var (kind, measured) in times.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            measured.Sort();
            await output.WriteLineAsync(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,-22} n={1,3}  p50 {2,7:F1} ms  p95 {3,7:F1} ms",
                    kind,
                    measured.Count,
                    Percentile(measured, 0.50),
                    Percentile(measured, 0.95)
                )
            );
        }

        var all = times.Values.SelectMany(t => t).Order().ToList();
        await output.WriteLineAsync($"all: n={all.Count}, p95 {Percentile(all, 0.95):F1} ms");
    }

    private static void Add(Dictionary<string, List<double>> times, string kind, double milliseconds)
    {
        if (!times.TryGetValue(kind, out var list))
        {
            times[kind] = list = [];
        }

        list.Add(milliseconds);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Cases, reports and search documents in batches of 10,000, each batch one write transaction.</summary>
    private static async Task FillAsync(ServiceProvider casework, int count)
    {
        var random = new Random(11);
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        for (var done = 0; done < count; done += 10_000)
        {
            await using var scope = casework.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CaseworkDb>();
            await using var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None);
            var cases = new List<CaseRecord>();
            var reports = new List<ReportRecord>();
            var texts = new List<(Guid, string)>();
            for (var i = done; i < Math.Min(count, done + 10_000); i++)
            {
                var content = Report(random);
                var province = Provinces[random.Next(Provinces.Length)];
                var received = start.AddSeconds(i * 31_536_000.0 / count);
                var caseRecord = new CaseRecord
                {
                    Id = CaseId.New(),
                    Status = random.Next(4) == 0 ? CaseStatus.Accepted : CaseStatus.Screened,
                    OfficeCode = province,
                    Category = content.Category!,
                    Region = province + "110",
                    ReceivedAt = received,
                    UpdatedAt = received,
                    HasContact = random.Next(3) == 0,
                    Supervised = random.Next(50) == 0,
                    NextDueAt = received.AddDays(random.Next(1, 60)),
                    NextDueKind = "acceptance",
                    PublicStatusAt = received,
                };
                var report = new ReportRecord
                {
                    Id = Guid.NewGuid(),
                    CaseId = caseRecord.Id,
                    ReceivedAt = received,
                    ImportedAt = received,
                    BundleSequence = 1 + i / 10_000,
                    Content = System.Text.Json.JsonSerializer.Serialize(content, StoredJson.Options),
                    FeedbackKey = new byte[32],
                };
                cases.Add(caseRecord);
                reports.Add(report);
                texts.Add((report.Id, SearchIndexing.TermsOf(content)));
            }

            BulkInsert.Insert(db, cases);
            BulkInsert.Insert(db, reports);
            await SearchIndexing.AddAsync(db, texts, CancellationToken.None);
            await transaction.CommitAsync();
        }
    }

    private static ReportContent Report(Random random)
    {
        var phone = string.Create(
            CultureInfo.InvariantCulture,
            $"010-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}"
        );
        var (language, description) = random.Next(10) switch
        {
            0 => ("en", $"A gang collects protection money near the harbour every Friday; the collector uses {phone}."),
            1 => ("zh", $"黑社会团伙在市场附近向商户收取保护费，不给就砸店。联系人电话 {phone}。"),
            _ => (
                "ko",
                $"{Gangs[random.Next(Gangs.Length)]}이 {Places[random.Next(Places.Length)]}에서 "
                    + $"{Deeds[random.Next(Deeds.Length)]}. 연락처는 {phone}입니다. (합성 제보 #{random.Next(1_000_000):D6})"
            ),
        };
        return new ReportContent
        {
            Language = language,
            Category = random.Next(2) == 0 ? "gambling" : "protection-racket",
            Region = "unclear",
            Reporter = new ReporterContent { Anonymous = true },
            Facts = new FactsContent { Description = description },
        };
    }
}
