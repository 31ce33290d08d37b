using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Transfer;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jebo.Intake.Tests.Transfer;

/// <summary>The outbox when several intake nodes share a database and a spool: numbers are never reused or skipped,
/// and a bundle another node reserved but did not write is written by whoever needs it, byte for byte the
/// same.</summary>
public sealed class IntakeOutboxTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_node_writes_a_bundle_another_node_reserved_and_never_wrote_before_its_own(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        for (var i = 0; i < 3; i++)
        {
            await platform.SubmitAsync($"첫 묶음 제보 {i}");
        }

        // Another node reserved bundle 1 for two of the reports, then died before writing its file.
        await using (var db = platform.OpenIntakeDb())
        {
            var two = await db.Reports.OrderBy(r => r.Id).Take(2).Select(r => r.Id).ToListAsync();
            db.OutboundBundles.Add(
                new OutboundBundle
                {
                    Sequence = 1,
                    CreatedAt = DateTimeOffset.UtcNow,
                    RecordCount = 2,
                }
            );
            await db.SaveChangesAsync();
            await db
                .Reports.Where(r => two.Contains(r.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.BundleSequence, 1L));
        }

        await platform.SubmitAsync("둘째 묶음 제보");
        await using var scope = platform.IntakeApp.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IntakeOutbox>();
        Assert.Equal([2L], await outbox.FlushAsync(CancellationToken.None));

        var spool = platform.Settings.Intake.OutboundSpool;
        var first = await File.ReadAllBytesAsync(Path.Combine(spool, BundleFormat.FileName(BundleKind.Reports, 1)));
        Assert.Equal(await outbox.BuildAsync(1, CancellationToken.None), first);
        Assert.Equal(2, BundleFormat.ReadHeaderUnverified(first).RecordCount);
        var second = BundleFormat.ReadHeaderUnverified(
            await File.ReadAllBytesAsync(Path.Combine(spool, BundleFormat.FileName(BundleKind.Reports, 2)))
        );
        Assert.Equal(BundleFormat.Hash(first), second.PreviousHash);
        Assert.Equal(2, second.RecordCount);

        var results = await platform.ImportReportsAsync(spool);
        Assert.Equal([InboundOutcome.Applied, InboundOutcome.Applied], results.Select(r => r.Outcome));
        await using var casework = platform.OpenCaseworkDb();
        Assert.Equal(4, await casework.Reports.CountAsync());
    }

    [Fact]
    public async Task SQLite_reads_the_waiting_records_of_a_step_in_the_order_of_their_index()
    {
        // A reservation step holds SQLite's write lock while it reads what waits; without an index in the order it
        // takes them, it read and sorted every waiting row, sealed reports and all, for each step of 500, and
        // submissions waited behind it (docs/benchmarks.md). Read here: each statement that finds waiting reports or
        // follow-ups is answered from the index, in order, never by sorting.
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite);
        for (var i = 0; i < 3; i++)
        {
            await platform.SubmitAsync($"기다리는 제보 {i}");
        }

        using var statements = new EfStatements();
        await using (var scope = platform.IntakeApp.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IntakeOutbox>().FlushAsync(CancellationToken.None);
        }

        var waiting = statements
            .Captured.Where(s =>
                s.Text.Contains("\"BundleSequence\" IS NULL", StringComparison.Ordinal)
                && s.Text.Contains("ORDER BY", StringComparison.Ordinal)
            )
            .ToList();
        Assert.Contains(waiting, s => s.Text.Contains("FROM \"reports\"", StringComparison.Ordinal));
        Assert.Contains(waiting, s => s.Text.Contains("FROM \"follow_ups\"", StringComparison.Ordinal));
        await using var db = platform.OpenIntakeDb();
        await EfStatements.AssertReadInIndexOrderAsync(db, waiting, "_BundleSequence_ReceivedAt_Id");
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_report_too_large_to_travel_is_held_back_and_never_stops_the_other_reports(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        // Stored under other limits (an older build, a setting since lowered): one report with a 400 KB file.
        var report = TestReports.Anonymous("one big report");
        var big = await platform.Intake.PostAsync(
            "/api/v1/reports",
            PortalForms.Multipart(
                [("report", report)],
                ("file", "big.txt", System.Text.Encoding.UTF8.GetBytes(new string('가', 140_000)))
            ),
            TestContext.Current.CancellationToken
        );
        Assert.Equal(System.Net.HttpStatusCode.Created, big.StatusCode);
        await platform.SubmitAsync("작은 제보 하나");
        var keys = platform.IntakeApp.Services.GetRequiredService<IntakeKeys>();
        await using var db = platform.OpenIntakeDb();
        using var turns = new WriterTurns();
        var tight = new IntakeOutbox(
            db,
            keys,
            platform.Settings.Intake with
            {
                MaxTravelBytes = 300 * 1024,
            },
            TimeProvider.System,
            turns,
            NullLogger<IntakeOutbox>.Instance
        );

        Assert.Equal([1L], await tight.FlushAsync(TestContext.Current.CancellationToken));
        // The next round neither fails nor writes it: every round goes on for the reports behind it.
        await platform.SubmitAsync("그 뒤에 온 제보");
        Assert.Equal([2L], await tight.FlushAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await tight.FlushAsync(TestContext.Current.CancellationToken));
        var spool = platform.Settings.Intake.OutboundSpool;
        foreach (var sequence in new[] { 1L, 2L })
        {
            var header = BundleFormat.ReadHeaderUnverified(
                await File.ReadAllBytesAsync(
                    Path.Combine(spool, BundleFormat.FileName(BundleKind.Reports, sequence)),
                    TestContext.Current.CancellationToken
                )
            );
            Assert.Equal(1, header.RecordCount);
        }

        Assert.Equal(
            1,
            await db.Reports.CountAsync(r => r.BundleSequence == null, TestContext.Current.CancellationToken)
        );

        // Under the limits it was stored with, it travels.
        var usual = new IntakeOutbox(
            db,
            keys,
            platform.Settings.Intake,
            TimeProvider.System,
            turns,
            NullLogger<IntakeOutbox>.Instance
        );
        Assert.Equal([3L], await usual.FlushAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            0,
            await db.Reports.CountAsync(r => r.BundleSequence == null, TestContext.Current.CancellationToken)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Two_nodes_build_the_same_bundle_to_the_same_bytes(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var other = await platform.StartIntakeNodeAsync();
        await platform.SubmitAsync("같은 묶음 하나");
        await other.Client.PostAsync("/api/v1/reports", JsonContent("같은 묶음 둘"));
        await platform.FirstIntakeNode.TransferOnceAsync();

        await using var one = platform.IntakeApp.Services.CreateAsyncScope();
        await using var two = other.App.Services.CreateAsyncScope();
        var bytes = await one.ServiceProvider.GetRequiredService<IntakeOutbox>().BuildAsync(1, CancellationToken.None);
        Assert.Equal(
            bytes,
            await two.ServiceProvider.GetRequiredService<IntakeOutbox>().BuildAsync(1, CancellationToken.None)
        );
        Assert.Equal(
            bytes,
            await File.ReadAllBytesAsync(
                Path.Combine(platform.Settings.Intake.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, 1))
            )
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Concurrent_flushes_while_reports_arrive_number_bundles_without_gap_or_reuse(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var other = await platform.StartIntakeNodeAsync();
        var nodes = new[] { platform.FirstIntakeNode, other };
        var arriving = Task.WhenAll(
            Enumerable
                .Range(0, 4)
                .Select(worker =>
                    Task.Run(async () =>
                    {
                        for (var i = 0; i < 15; i++)
                        {
                            var response = await nodes[worker % 2]
                                .Client.PostAsync("/api/v1/reports", JsonContent($"동시 제보 {worker}-{i}"));
                            response.EnsureSuccessStatusCode();
                        }
                    })
                )
        );
        var flushing = Task.WhenAll(
            Enumerable
                .Range(0, 6)
                .Select(flusher =>
                    Task.Run(async () =>
                    {
                        while (!arriving.IsCompleted)
                        {
                            await using var scope = nodes[flusher % 2].App.Services.CreateAsyncScope();
                            await scope
                                .ServiceProvider.GetRequiredService<IntakeOutbox>()
                                .FlushAsync(CancellationToken.None);
                        }
                    })
                )
        );
        await Task.WhenAll(arriving, flushing);
        await platform.FirstIntakeNode.TransferOnceAsync();

        await using var db = platform.OpenIntakeDb();
        var bundles = await db.OutboundBundles.AsNoTracking().OrderBy(b => b.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, bundles.Count).Select(i => (long)i), bundles.Select(b => b.Sequence));
        Assert.All(bundles, b => Assert.NotNull(b.WrittenAt));
        var reports = await db.Reports.AsNoTracking().Select(r => r.BundleSequence).ToListAsync();
        Assert.Equal(60, reports.Count);
        Assert.All(reports, r => Assert.NotNull(r));
        Assert.All(bundles, b => Assert.Equal(b.RecordCount, reports.Count(r => r == b.Sequence)));

        // The chain holds: casework takes every file in order.
        var results = await platform.ImportReportsAsync(platform.Settings.Intake.OutboundSpool);
        Assert.Equal(bundles.Count, results.Count(r => r.Outcome == InboundOutcome.Applied));
        Assert.Equal(bundles.Count, results.Count);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_bundle_larger_than_a_reservation_step_is_one_bundle_and_the_chain_holds(string provider)
    {
        // On SQLite a bundle is reserved in steps of SqliteReserveStep records, each in its own transaction, so that
        // submissions are committed between them; the bundles that come out are the same as in one step.
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var count = IntakeOutbox.SqliteReserveStep * 2 + 20;
        var client = platform.FirstIntakeNode.Client;
        await Task.WhenAll(
            Enumerable
                .Range(0, 4)
                .Select(worker =>
                    Task.Run(async () =>
                    {
                        for (var i = worker; i < count; i += 4)
                        {
                            (
                                await client.PostAsync("/api/v1/reports", JsonContent($"부산 사하구 제보 {i}"))
                            ).EnsureSuccessStatusCode();
                        }
                    })
                )
        );
        await using var db = platform.OpenIntakeDb();
        var keys = platform.IntakeApp.Services.GetRequiredService<IntakeKeys>();
        var bundleLimit = IntakeOutbox.SqliteReserveStep + 200;
        using var turns = new WriterTurns();
        var outbox = new IntakeOutbox(
            db,
            keys,
            platform.Settings.Intake with
            {
                MaxRecordsPerBundle = bundleLimit,
            },
            TimeProvider.System,
            turns,
            NullLogger<IntakeOutbox>.Instance
        );
        Assert.Equal([1L, 2L], await outbox.FlushAsync(TestContext.Current.CancellationToken));

        var bundles = await db.OutboundBundles.AsNoTracking().OrderBy(b => b.Sequence).ToListAsync();
        Assert.Equal([bundleLimit, count - bundleLimit], bundles.Select(b => b.RecordCount));
        foreach (var bundle in bundles)
        {
            Assert.Equal(
                bundle.RecordCount,
                await db.Reports.CountAsync(
                    r => r.BundleSequence == bundle.Sequence,
                    TestContext.Current.CancellationToken
                )
            );
            var header = BundleFormat.ReadHeaderUnverified(
                await File.ReadAllBytesAsync(
                    Path.Combine(
                        platform.Settings.Intake.OutboundSpool,
                        BundleFormat.FileName(BundleKind.Reports, bundle.Sequence)
                    ),
                    TestContext.Current.CancellationToken
                )
            );
            Assert.Equal(bundle.RecordCount, header.RecordCount);
        }

        var results = await platform.ImportReportsAsync(platform.Settings.Intake.OutboundSpool);
        Assert.Equal([InboundOutcome.Applied, InboundOutcome.Applied], results.Select(r => r.Outcome));
        await using var casework = platform.OpenCaseworkDb();
        Assert.Equal(count, await casework.Reports.CountAsync(TestContext.Current.CancellationToken));
    }

    private static StringContent JsonContent(string description) =>
        new(
            System.Text.Json.JsonSerializer.Serialize(
                new
                {
                    language = "ko",
                    category = "unclear",
                    region = "unclear",
                    reporter = new { anonymous = true },
                    facts = new { description },
                }
            ),
            System.Text.Encoding.UTF8,
            "application/json"
        );
}
