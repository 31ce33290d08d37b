using System.Runtime.InteropServices;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Screening;
using Jebo.Screening.Scoring;
using Jebo.Screening.Similarity;
using Jebo.Storage.Background;
using Jebo.Testing;
using Jebo.Transfer.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Screening;

/// <summary>Screening a batch on every core and inserting it in bulk records exactly what screening one report at a
/// time through tracked entities did (<see cref="SerialScreening"/>, the earlier implementation kept as the reference):
/// the same screening rows, <c>case.screened</c> entries, case states and related-clue index.</summary>
public sealed class ClueScreeningTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    private static readonly Jebo.Casework.Staff.RelatedCaseDisclosure Disclosure = new(
        new Jebo.Casework.Offices.OfficeTree(Jebo.Reference.Regions.RegionDataset.Load())
    );

    [Theory]
    [DatabaseProviders]
    public async Task A_batch_screened_on_every_core_records_what_screening_one_report_at_a_time_did(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-screening-").FullName;
        try
        {
            await using var parallelDatabase = await TestDatabases.CreateAsync(provider, folder, "parallel");
            await using var serialDatabase = await TestDatabases.CreateAsync(provider, folder, "serial");
            var parallel = await InitializeAsync(folder, "parallel", parallelDatabase);
            var serial = await InitializeAsync(folder, "serial", serialDatabase);
            using var parallelIndex = new ClueIndex();
            using var serialIndex = new ClueIndex();
            var clock = new ManualClock(Start);
            var seeds = new Seeds(new Random(5));

            // Two imports, each screened as one batch: the second batch is related to the first.
            for (var round = 0; round < 2; round++)
            {
                var batch = seeds.Next(150);
                await Seeds.StoreAsync(parallel, batch, clock);
                await Seeds.StoreAsync(serial, batch, clock);
                await using (var db = CaseworkZone.OpenDatabase(parallel))
                {
                    Assert.Equal(
                        batch.Reports.Count,
                        await Screening(db, parallelIndex, clock).ScreenPendingAsync(CancellationToken.None)
                    );
                }

                await using (var db = CaseworkZone.OpenDatabase(serial))
                {
                    Assert.Equal(
                        batch.Reports.Count,
                        await SerialScreening.ScreenPendingAsync(
                            db,
                            serialIndex,
                            new AuditLog(db, clock),
                            clock,
                            CancellationToken.None
                        )
                    );
                }

                clock.Advance(TimeSpan.FromMinutes(1));
            }

            await using var parallelDb = CaseworkZone.OpenDatabase(parallel);
            await using var serialDb = CaseworkZone.OpenDatabase(serial);
            var rows = await RowsAsync(parallelDb);
            Assert.Equal(300, rows.Count);
            Assert.Equal(await RowsAsync(serialDb), rows);

            var entries = await ScreenedEntriesAsync(parallelDb);
            Assert.Equal(await ScreenedEntriesAsync(serialDb), entries);
            Assert.Contains(entries, e => e.Contains("\"before\"", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Contains("\"code\":\"same-phone\"", StringComparison.Ordinal));
            Assert.Null(
                AuditChain.FirstBreak(
                    await parallelDb.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync()
                )
            );

            Assert.Equal(await CasesAsync(serialDb), await CasesAsync(parallelDb));
            // Every case judged in the one pass, as the second pass judged it before.
            Assert.DoesNotContain(await CasesAsync(parallelDb), c =>
                c.Contains("\"ScreeningPriority\":null", StringComparison.Ordinal)
            );
            Assert.Contains(await CasesAsync(parallelDb), c =>
                c.Contains("\"ScreeningPriority\":5", StringComparison.Ordinal)
            );
            Assert.Contains(await CasesAsync(parallelDb), c =>
                c.Contains("\"Status\":\"screened\"", StringComparison.Ordinal)
            );
            Assert.Equal(
                (await new CaseProjection(serialDb).CompareAsync(CancellationToken.None)).Select(d => d.ToString()),
                (await new CaseProjection(parallelDb).CompareAsync(CancellationToken.None)).Select(d => d.ToString())
            );

            // The in-memory index holds the same documents in the same order: every report finds the same related
            // cases.
            var related = 0;
            foreach (var row in await parallelDb.ReportScreenings.AsNoTracking().ToListAsync())
            {
                var features = StoredClueFeatures.Read(row.Signature, row.Keys!, row.Terms!, row.Script);
                var expected = Describe(serialIndex.Related(features, row.CaseId, limit: 1000));
                Assert.Equal(expected, Describe(parallelIndex.Related(features, row.CaseId, limit: 1000)));
                related += expected.Count;
            }

            Assert.True(related > 300, $"only {related} related clues: the seeds should relate many reports");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Tellings_in_one_batch_are_related_to_those_before_them_and_a_copy_is_proposed_for_merging(
        string provider
    )
    {
        await InZoneAsync(provider, async options =>
        {
            const string racket =
                "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체들에게 매달 보호비를 요구하고 거절하면 장비를 "
                + "부숩니다. 연락처 010-2345-6789";
            // The same reporter sending it twice a minute apart, another person telling it, and other clues: all
            // imported together, so one screening batch holds them.
            string[] texts =
            [
                racket,
                "서울 종로구 어느 클럽에서 외국인 조직이 마약을 유통하고 있다는 소문이 있습니다.",
                racket.Replace("부숩니다", "부숴요", StringComparison.Ordinal),
                "某市黑社会团伙向商户收取保护费，不交就砸店，还放高利贷暴力催收。",
                "칠성파 놈들이 사하구 공사장 하청 업체마다 보호비를 뜯어갑니다. 안 주면 장비를 부숴요. 010 2345 6789",
            ];
            var batch = new Batch();
            for (var i = 0; i < texts.Length; i++)
            {
                var caseId = $"C-{i + 1:D6}";
                batch.Cases.Add((caseId, CaseStatus.Received));
                var content = new ReportContent
                {
                    Language = "ko",
                    Category = "protection-racket",
                    Facts = new FactsContent { Description = texts[i] },
                };
                batch.Reports.Add((Guid.NewGuid(), caseId, JsonSerializer.Serialize(content, TransferJson.Options)));
            }

            var clock = new ManualClock(Start);
            await Seeds.StoreAsync(options, batch, clock);
            using var index = new ClueIndex();
            await using var db = CaseworkZone.OpenDatabase(options);
            var screening = Screening(db, index, clock);
            Assert.Equal(texts.Length, await screening.ScreenPendingAsync(CancellationToken.None));

            var copy = Assert.Single(await db.CaseRelations.AsNoTracking().Where(r => r.NearDuplicate).ToListAsync());
            Assert.Equal(["C-000001", "C-000003"], new[] { copy.CaseId, copy.RelatedCaseId }.Order());
            var related = (
                await db.AuditEntries.AsNoTracking().Where(e => e.Action == "case.screened").ToListAsync()
            ).ToDictionary(e => e.CaseId!, e => JsonDocument.Parse(e.Details!).RootElement.GetProperty("related"));
            string[] RelatedTo(string caseId) =>
                [.. related[caseId].EnumerateArray().Select(r => r.GetProperty("caseId").GetString()!).Order()];
            Assert.Empty(RelatedTo("C-000001"));
            Assert.Equal(["C-000001"], RelatedTo("C-000003"));
            Assert.Equal(["C-000001", "C-000003"], RelatedTo("C-000005"));
            Assert.Equal(texts.Length, index.Count);
        });
    }

    [Theory]
    [DatabaseProviders]
    public async Task Two_rounds_at_once_screen_each_report_once(string provider)
    {
        // The transfer pump's round and a hand entry's, each with its own context, on the zone's one index.
        await InZoneAsync(provider, async options =>
        {
            var clock = new ManualClock(Start);
            await Seeds.StoreAsync(options, new Seeds(new Random(13)).Next(300), clock);
            using var index = new ClueIndex();
            await using var first = CaseworkZone.OpenDatabase(options);
            await using var second = CaseworkZone.OpenDatabase(options);
            var screened = await Task.WhenAll(
                Task.Run(() => Screening(first, index, clock).ScreenPendingAsync(CancellationToken.None)),
                Task.Run(() => Screening(second, index, clock).ScreenPendingAsync(CancellationToken.None))
            );
            Assert.Equal(300, screened.Sum());
            Assert.Equal(300, index.Count);
            Assert.Equal(300, await first.ReportScreenings.CountAsync());
        });
    }

    [Fact]
    public async Task A_batch_whose_transaction_fails_leaves_nothing_in_the_index()
    {
        await InZoneAsync("sqlite", async options =>
        {
            var clock = new ManualClock(Start);
            await Seeds.StoreAsync(options, new Seeds(new Random(9)).Next(20), clock);
            using var index = new ClueIndex();
            await using var db = CaseworkZone.OpenDatabase(options);
            // The batch joins the index before its transaction; the database then refuses its rows (as a full disk
            // would).
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse BEFORE INSERT ON report_screenings BEGIN SELECT RAISE(ABORT, 'refused'); END"
            );
            await Assert.ThrowsAsync<SqliteException>(() =>
                Screening(db, index, clock).ScreenPendingAsync(CancellationToken.None)
            );
            Assert.Equal(0, index.Count);
            Assert.Equal(0, await db.ReportScreenings.CountAsync());

            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse");
            db.ChangeTracker.Clear();
            Assert.Equal(20, await Screening(db, index, clock).ScreenPendingAsync(CancellationToken.None));
            Assert.Equal(20, index.Count);
        });
    }

    /// <summary>Runs <paramref name="test"/> against one casework zone initialised in a temporary folder, removed
    /// after.</summary>
    private static async Task InZoneAsync(string provider, Func<CaseworkOptions, Task> test)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-screening-").FullName;
        try
        {
            await using var database = await TestDatabases.CreateAsync(provider, folder, "zone");
            await test(await InitializeAsync(folder, "zone", database));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Screening as the zone composes it, on every core.</summary>
    private static ClueScreening Screening(CaseworkDb db, ClueIndex index, TimeProvider clock) =>
        new(
            db,
            index,
            new AuditLog(db, clock),
            Disclosure,
            new ScreeningPriorities(db, clock),
            ProcessorShare.Whole,
            clock
        );

    private static async Task<CaseworkOptions> InitializeAsync(string folder, string zone, TestDatabase database)
    {
        var options = new CaseworkOptions
        {
            ZoneFolder = Path.Combine(folder, zone),
            InboundSpool = Path.Combine(folder, zone, "inbound"),
            OutboundSpool = Path.Combine(folder, zone, "outbound"),
            Database = database.ConnectionString,
        };
        await CaseworkZone.InitializeAsync(options, CancellationToken.None);
        return options;
    }

    private static async Task<List<string>> RowsAsync(CaseworkDb db) =>
        [
            .. (await db.ReportScreenings.AsNoTracking().ToListAsync())
                .OrderBy(s => s.ReportId)
                .Select(s =>
                    $"{s.ReportId} {s.CaseId} {s.Scope} {s.Completeness} {s.Reasons} {s.Entities} "
                    + $"{Convert.ToHexString(s.Signature)} {s.Keys} {Convert.ToHexString(s.Terms!)} {s.Script} "
                    + $"{s.ScreenedAt:O} {s.Triage} {s.TriageReasons}"
                ),
        ];

    private static async Task<List<string>> ScreenedEntriesAsync(CaseworkDb db) =>
        [
            .. (
                await db
                    .AuditEntries.AsNoTracking()
                    .Where(e => e.Action == "case.screened")
                    .OrderBy(e => e.Sequence)
                    .ToListAsync()
            ).Select(e => $"{e.Sequence} {e.At:O} {e.Actor} {e.ActorOffice} {e.CaseId} {e.Details}"),
        ];

    private static async Task<List<string>> CasesAsync(CaseworkDb db) =>
        [
            .. (await db.Cases.AsNoTracking().ToListAsync())
                .OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => JsonSerializer.Serialize(c)),
        ];

    private static List<string> Describe(IReadOnlyList<RelatedClue> clues) =>
        [
            .. clues.Select(c =>
                $"{c.CaseId} {c.Score:R} {c.NearDuplicate} "
                + string.Join(" ", c.Reasons.Select(r => $"{r.Code}[{string.Join(",", r.Values)}]"))
            ),
        ];

    /// <summary>Reports of every shape screening reads: Korean, Chinese and English text, near-copies of earlier
    /// reports, shared phones, plates and accounts, gang names, masked and real names, officials, missing parts; cases
    /// with one or several reports, some no longer received, some from an earlier batch.</summary>
    private sealed class Seeds(Random random)
    {
        private static readonly string[] Texts =
        [
            "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체들에게 매달 보호비를 요구하고 거절하면 장비를 부숩니다.",
            "서울 종로구 어느 클럽에서 외국인 조직이 마약을 유통하고 있다는 소문이 있습니다. 주말마다 거래가 이루어집니다.",
            "某市黑社会团伙向商户收取保护费，不交就砸店，还放高利贷暴力催收。",
            "A loan shark gang collects protection money from market stalls and threatens owners who refuse.",
            "사설 토토 도박 사이트를 운영하며 대포통장으로 돈을 받습니다 www.example-bet.com 문의 bet@example.com",
        ];

        private static readonly string[] Extras =
        [
            "",
            " 연락처 010-2345-6789",
            " 차량 12가 3456 이 자주 옵니다",
            " 계좌 110-234-567890 으로 입금",
            " +82 10 9876 5432 로 전화",
            " 두목은 신OO파 출신",
            " 경찰 간부가 비호합니다",
            " 新义安帮 的人",
            " https://example.org/a.",
        ];

        private readonly List<string> cases = [];
        private int serial;

        public Batch Next(int reports)
        {
            var batch = new Batch();
            for (var i = 0; i < reports; i++)
            {
                string caseId;
                if (cases.Count > 0 && random.Next(5) == 0)
                {
                    caseId = cases[random.Next(cases.Count)];
                }
                else
                {
                    caseId = $"C-{++serial:D6}";
                    cases.Add(caseId);
                    batch.Cases.Add(
                        (
                            caseId,
                            random.Next(6) switch
                            {
                                0 => CaseStatus.Accepted,
                                1 => CaseStatus.Screened,
                                _ => CaseStatus.Received,
                            }
                        )
                    );
                }

                batch.Reports.Add((Guid.NewGuid(), caseId, JsonSerializer.Serialize(Content(), TransferJson.Options)));
            }

            return batch;
        }

        public static async Task StoreAsync(CaseworkOptions options, Batch batch, TimeProvider clock)
        {
            await using var db = CaseworkZone.OpenDatabase(options);
            await using var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None);
            var audit = new AuditLog(db, clock);
            var importedAt = clock.GetUtcNow();
            foreach (var (id, status) in batch.Cases)
            {
                db.Cases.Add(
                    new CaseRecord
                    {
                        Id = id,
                        Status = status,
                        OfficeCode = "26380",
                        Region = "26380",
                        ReceivedAt = importedAt,
                        UpdatedAt = importedAt,
                        PublicStatusAt = importedAt,
                    }
                );
            }

            foreach (var (report, caseId, content) in batch.Reports)
            {
                // A second apart, so both databases list them in the same order.
                importedAt = importedAt.AddSeconds(1);
                db.Reports.Add(
                    new ReportRecord
                    {
                        Id = report,
                        CaseId = caseId,
                        ReceivedAt = importedAt,
                        ImportedAt = importedAt,
                        Content = content,
                        FeedbackKey = new byte[32],
                    }
                );
                if (
                    batch.Cases.Any(c => c.Id == caseId)
                    && !db.ChangeTracker.Entries<AuditEntry>().Any(e => e.Entity.CaseId == caseId)
                )
                {
                    await audit.AppendAsync(
                        AuditLog.TransferActor,
                        null,
                        "case.created",
                        caseId,
                        new { reportId = report, office = "26380" },
                        CancellationToken.None
                    );
                }
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        private ReportContent Content()
        {
            var description =
                random.Next(8) == 0
                    ? null
                    : Texts[random.Next(Texts.Length)]
                        + Extras[random.Next(Extras.Length)]
                        + Extras[random.Next(Extras.Length)]
                        + (random.Next(2) == 0 ? $" 제보 {random.Next(1000)}" : "");
            return new ReportContent
            {
                Language = "ko",
                Category = random.Next(4) switch
                {
                    0 => null,
                    1 => "unclear",
                    2 => "drugs",
                    _ => "protection-racket",
                },
                Region = random.Next(3) switch
                {
                    0 => null,
                    1 => "unclear",
                    _ => "26380",
                },
                Subjects = random.Next(3) switch
                {
                    0 => null,
                    1 => [],
                    _ =>
                    [
                        new SubjectContent
                        {
                            Name = random.Next(2) == 0 ? "김OO" : "박철수",
                            Organization = random.Next(2) == 0 ? "칠성파" : null,
                        },
                    ],
                },
                Facts =
                    description is null && random.Next(2) == 0
                        ? null
                        : new FactsContent
                        {
                            Description = description,
                            When = random.Next(2) == 0 ? "2026-10" : null,
                            Where = random.Next(2) == 0 ? "부산 사하구" : null,
                        },
                Officials =
                    random.Next(4) == 0
                        ? [new OfficialContent { Name = "이OO 경위", Organization = "사하경찰서" }]
                        : null,
            };
        }
    }

    private sealed class Batch
    {
        public List<(string Id, string Status)> Cases { get; } = [];
        public List<(Guid Id, string CaseId, string Content)> Reports { get; } = [];
    }

    /// <summary>Screening as it was before it ran on every core: one report at a time, rows and audit entries tracked
    /// by EF Core and saved together. Kept only as the reference the test compares with.</summary>
    private static class SerialScreening
    {
        public static async Task<int> ScreenPendingAsync(
            CaseworkDb db,
            ClueIndex index,
            AuditLog audit,
            TimeProvider time,
            CancellationToken cancellationToken
        )
        {
            await index.EnsureLoadedAsync(db, cancellationToken);
            var total = 0;
            while (true)
            {
                var pending = await db
                    .Reports.AsNoTracking()
                    .Where(r => !db.ReportScreenings.Any(s => s.ReportId == r.Id))
                    .OrderBy(r => r.ImportedAt)
                    .Take(ClueScreening.BatchSize)
                    .Select(r => new
                    {
                        r.Id,
                        r.CaseId,
                        r.Content,
                    })
                    .ToListAsync(cancellationToken);
                if (pending.Count == 0)
                {
                    // Judged as before the one pass: screened first, then every report screened again and judged.
                    await new ScreeningPriorities(db, time).JudgePendingAsync(cancellationToken);
                    return total;
                }

                db.ChangeTracker.Clear();
                await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
                var added = new List<(ReportScreening Row, ClueFeatures Features)>();
                foreach (var report in pending)
                {
                    var content = JsonSerializer.Deserialize<ReportContent>(report.Content, TransferJson.Options)
                        ?? new ReportContent();
                    var result = Screener.Screen(ClueScreening.ToInput(content));
                    var features = StoredClueFeatures.Of(index.Hasher, content);
                    var row = new ReportScreening
                    {
                        ReportId = report.Id,
                        CaseId = report.CaseId,
                        Scope = result.Scope,
                        Completeness = result.Completeness,
                        Reasons = JsonSerializer.Serialize(result.Reasons),
                        Entities = JsonSerializer.Serialize(result.Entities.Select(e => e.Key).ToList()),
                        Signature = MemoryMarshal.AsBytes(features.Signature.AsSpan()).ToArray(),
                        Keys = StoredClueFeatures.Keys(features),
                        Terms = StoredClueFeatures.Terms(features),
                        Script = features.Script.ToString(),
                        ScreenedAt = time.GetUtcNow(),
                    };
                    db.ReportScreenings.Add(row);
                    added.Add((row, features));
                }

                // Each report related to every one before it, its batch's included, one at a time.
                var documents = added.Select(a => index.Add(a.Row.ReportId, a.Row.CaseId, a.Features)).ToList();
                var related = added
                    .Select(
                        (a, i) =>
                            (a.Row.ReportId, Related: index.Related(a.Features, a.Row.CaseId, before: documents[i]))
                    )
                    .ToDictionary(r => r.ReportId, r => r.Related);
                var caseIds = added.Select(a => a.Row.CaseId).Distinct().ToList();
                var waiting = await db
                    .Cases.Where(c => caseIds.Contains(c.Id) && c.Status == CaseStatus.Received)
                    .ToDictionaryAsync(c => c.Id, cancellationToken);
                foreach (var (row, _) in added)
                {
                    var details = new Dictionary<string, object?>
                    {
                        ["reportId"] = row.ReportId,
                        ["scope"] = row.Scope,
                        ["completeness"] = row.Completeness,
                        ["related"] = related[row.ReportId]
                            .Select(r => new
                            {
                                caseId = r.CaseId,
                                similarity = Math.Round(r.Score, 2),
                                nearDuplicate = r.NearDuplicate,
                                reasons = r.Reasons.Select(m => new { code = m.Code, values = m.Values }),
                            }),
                    };
                    if (waiting.Remove(row.CaseId, out var screened))
                    {
                        details["before"] = CaseSnapshot.Of(screened);
                        screened.Status = CaseStatus.Screened;
                        details["after"] = CaseSnapshot.Of(screened);
                    }

                    await audit.AppendAsync(
                        AuditLog.SystemActor,
                        null,
                        "case.screened",
                        row.CaseId,
                        details,
                        cancellationToken
                    );
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                total += added.Count;
            }
        }
    }
}
