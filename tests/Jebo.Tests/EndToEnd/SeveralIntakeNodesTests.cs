using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Transfer;
using Jebo.Intake.Receipts;
using Jebo.Testing;
using Jebo.Transfer.Receipts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Tests.EndToEnd;

/// <summary>Two intake nodes on one database and one spool, as behind a load balancer: under concurrent submissions
/// and concurrent transfer rounds on both, every acknowledged report reaches casework exactly once, through bundles
/// numbered without gap or reuse, and status flows back through both without a bundle applied twice.</summary>
public sealed class SeveralIntakeNodesTests
{
    private const int Submissions = 240;
    private const int FollowUps = 24;
    private const int ConcurrencyPerNode = 12;

    [Theory]
    [DatabaseProviders]
    public async Task Two_intake_nodes_under_load_deliver_every_acknowledged_report_exactly_once(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var nodes = new[] { platform.FirstIntakeNode, await platform.StartIntakeNodeAsync() };
        var caseworkPump = platform.CaseworkApp.Services.GetRequiredService<CaseworkTransferPump>();

        var acknowledged = new ConcurrentDictionary<string, string>(); // marker -> receipt
        var followUpsSent = new ConcurrentBag<string>();
        var pumpErrors = new ConcurrentQueue<Exception>();
        using var stopPumps = new CancellationTokenSource();

        // Transfer rounds on both nodes and on casework, all at once and over and over, while reports arrive.
        var pumps = nodes
            .Select(node => PumpAsync(() => node.TransferOnceAsync(), pumpErrors, stopPumps.Token))
            .Append(PumpAsync(() => caseworkPump.RunOnceAsync(CancellationToken.None), pumpErrors, stopPumps.Token))
            .ToList();

        var next = -1;
        var submitters = Enumerable
            .Range(0, 2 * ConcurrencyPerNode)
            .Select(worker =>
                Task.Run(async () =>
                {
                    var node = nodes[worker % 2];
                    while (Interlocked.Increment(ref next) is var i && i < Submissions)
                    {
                        var marker = $"node-load-{i:D4}-{Guid.NewGuid():n}";
                        var response = await node.Client.PostAsJsonAsync(
                            "/api/v1/reports",
                            new
                            {
                                language = "ko",
                                category = "unclear",
                                region = i % 3 == 0 ? "26380" : "11",
                                reporter = new { anonymous = true },
                                facts = new { description = $"부하 시험 제보 {marker}" },
                            }
                        );
                        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                        var receipt = (await response.Content.ReadFromJsonAsync<JsonElement>())
                            .GetProperty("receipt")
                            .GetString()!;
                        acknowledged[marker] = receipt;

                        // Now and then a follow-up through the other node, which must find the report in the shared
                        // database.
                        if (i % (Submissions / FollowUps) == 0)
                        {
                            var followUpMarker = "follow-" + marker;
                            var other = nodes[(worker + 1) % 2];
                            var followUp = await other.Client.PostAsJsonAsync(
                                "/api/v1/followups",
                                new { receipt, text = followUpMarker }
                            );
                            Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
                            followUpsSent.Add(followUpMarker);
                        }
                    }
                })
            )
            .ToList();
        await Task.WhenAll(submitters);
        await stopPumps.CancelAsync();
        await Task.WhenAll(pumps);
        Assert.Empty(pumpErrors);

        // Drain: a few plain rounds until everything waiting has crossed and been acknowledged.
        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(nodes.Select(n => n.TransferOnceAsync()));
            await caseworkPump.RunOnceAsync(CancellationToken.None);
        }

        await Task.WhenAll(nodes.Select(n => n.TransferOnceAsync()));

        Assert.Equal(Submissions, acknowledged.Count);
        await AssertIntakeSideAsync(platform, acknowledged);
        await AssertCaseworkSideAsync(platform, acknowledged, followUpsSent);

        // Either node answers for a report the other received: the receipt's status lives in the shared database.
        foreach (var (receipt, node) in acknowledged.Values.Take(6).Select((r, i) => (r, nodes[i % 2])))
        {
            var status = await node.Client.PostAsJsonAsync("/api/v1/status", new { receipt });
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
    }

    private static async Task PumpAsync(Func<Task> round, ConcurrentQueue<Exception> errors, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await round();
            }
            catch (Exception e)
            {
                // The pumps' own catch would log and retry; here any failed round is a finding.
                errors.Enqueue(e);
            }

            await Task.Delay(Random.Shared.Next(1, 15), CancellationToken.None);
        }
    }

    private static async Task AssertIntakeSideAsync(
        TestPlatform platform,
        IReadOnlyDictionary<string, string> acknowledged
    )
    {
        await using var db = platform.OpenIntakeDb();
        var receiptKeys = platform.IntakeApp.Services.GetRequiredService<ReceiptKeys>();
        var stored = await db
            .Reports.AsNoTracking()
            .Select(r => new
            {
                r.LookupId,
                r.BundleSequence,
                r.Sealed,
            })
            .ToListAsync();
        var lookups = stored.Select(r => Convert.ToHexString(r.LookupId)).ToHashSet();
        Assert.Equal(acknowledged.Count, stored.Count);
        foreach (var receipt in acknowledged.Values)
        {
            Assert.True(Receipt.TryParse(receipt, out var parsed));
            Assert.Contains(Convert.ToHexString(receiptKeys.LookupId(parsed!.Value)), lookups);
        }

        // Every report joined exactly one bundle, and every bundle was written and acknowledged.
        Assert.All(stored, r => Assert.NotNull(r.BundleSequence));
        Assert.All(stored, r => Assert.Null(r.Sealed));
        var bundles = await db.OutboundBundles.AsNoTracking().OrderBy(b => b.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, bundles.Count).Select(i => (long)i), bundles.Select(b => b.Sequence));
        Assert.All(bundles, b => Assert.NotNull(b.Hash));
        Assert.All(bundles, b => Assert.NotNull(b.AcknowledgedAt));
        var followUps = await db.FollowUps.AsNoTracking().Select(f => f.BundleSequence).ToListAsync();
        Assert.Equal(stored.Count + followUps.Count, bundles.Sum(b => b.RecordCount));
        foreach (var bundle in bundles)
        {
            Assert.Equal(
                bundle.RecordCount,
                stored.Count(r => r.BundleSequence == bundle.Sequence) + followUps.Count(f => f == bundle.Sequence)
            );
        }

        // Status bundles from casework were applied once each, in order, by whichever node came first.
        var applied = await db
            .InboundStatusBundles.AsNoTracking()
            .OrderBy(b => b.Sequence)
            .Select(b => b.Sequence)
            .ToListAsync();
        Assert.Equal(Enumerable.Range(1, applied.Count).Select(i => (long)i), applied);
        Assert.False(
            Directory.Exists(platform.Settings.Intake.QuarantineFolder)
                && Directory.EnumerateFiles(platform.Settings.Intake.QuarantineFolder).Any(),
            "an intake node quarantined a status bundle"
        );
        Assert.Empty(Directory.EnumerateFiles(platform.Settings.Intake.InboundSpool));
    }

    private static async Task AssertCaseworkSideAsync(
        TestPlatform platform,
        IReadOnlyDictionary<string, string> acknowledged,
        IReadOnlyCollection<string> followUpsSent
    )
    {
        await using var db = platform.OpenCaseworkDb();
        var contents = await db.Reports.AsNoTracking().Select(r => r.Content).ToListAsync();
        Assert.Equal(acknowledged.Count, contents.Count);
        Assert.Equal(acknowledged.Count, await db.Cases.CountAsync());
        foreach (var marker in acknowledged.Keys)
        {
            Assert.Equal(1, contents.Count(c => c.Contains(marker, StringComparison.Ordinal)));
        }

        var followUpTexts = await db.FollowUps.AsNoTracking().Select(f => f.Text).ToListAsync();
        Assert.Equal(followUpsSent.Order(StringComparer.Ordinal), followUpTexts.Order(StringComparer.Ordinal));

        var imported = await db
            .InboundBundles.AsNoTracking()
            .OrderBy(b => b.Sequence)
            .Select(b => b.Sequence)
            .ToListAsync();
        Assert.Equal(Enumerable.Range(1, imported.Count).Select(i => (long)i), imported);
        Assert.Equal(0, await db.QuarantinedBundles.CountAsync());
        var statusBundles = await db.OutboundStatusBundles.CountAsync();
        await using var intakeDb = platform.OpenIntakeDb();
        Assert.Equal(statusBundles, await intakeDb.InboundStatusBundles.CountAsync());
        Assert.Contains(
            "audit chain intact",
            await platform.RunCliAsync(null, "audit", "verify"),
            StringComparison.Ordinal
        );
    }
}
