using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Jebo.Intake.Data;
using Jebo.Intake.Receipts;
using Jebo.Intake.Status;
using Jebo.Testing;
using Jebo.Transfer.Receipts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Jebo.Intake.Tests.Status;

/// <summary>The look-up's prepared read (<see cref="LookupReads"/>), which reads outside EF Core on connections it
/// keeps: it must read what EF Core reads, pick the row the look-up always picked, see every commit made after its
/// connections opened, and survive the database ending them.</summary>
public sealed class LookupReadsTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Reads_every_column_and_the_newest_follow_ups_as_EF_Core_reads_them(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var receipt = Parse(await platform.SubmitAsync("부산 사하구 건설 현장 보호비 제보"));
        var other = Parse(await platform.SubmitAsync("다른 제보"));
        var keys = platform.IntakeApp.Services.GetRequiredService<ReceiptKeys>();
        // An office's update at 18:30:15.123 in Seoul: kept as the same instant on both databases.
        var updatedAt = new DateTimeOffset(2026, 12, 7, 18, 30, 15, 123, TimeSpan.FromHours(9));
        await using (var db = platform.OpenIntakeDb())
        {
            var row = await db.Reports.SingleAsync(r => r.LookupId == keys.LookupId(receipt));
            row.Status = "verifying";
            row.StatusUpdatedAt = updatedAt;
            row.Messages = RandomNumberGenerator.GetBytes(300);
            row.Result = RandomNumberGenerator.GetBytes(90);
            row.Protection = RandomNumberGenerator.GetBytes(60);
            row.Reward = RandomNumberGenerator.GetBytes(70);
            var otherId = await db
                .Reports.Where(r => r.LookupId == keys.LookupId(other))
                .Select(r => r.Id)
                .SingleAsync();
            var start = updatedAt.AddDays(-10);
            // More follow-ups than a look-up shows, one without a reporter's copy (newest of all), and one of another
            // report's.
            for (var i = 0; i < StatusLookup.MaxFollowUps + 3; i++)
            {
                db.FollowUps.Add(FollowUp(row.Id, start.AddSeconds(i), RandomNumberGenerator.GetBytes(40)));
            }

            db.FollowUps.Add(FollowUp(row.Id, updatedAt, null));
            db.FollowUps.Add(FollowUp(otherId, updatedAt.AddSeconds(-1), RandomNumberGenerator.GetBytes(40)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var read = await ReadAsync(platform, receipt);

        await using var check = platform.OpenIntakeDb();
        var expected = await check.Reports.AsNoTracking().SingleAsync(r => r.LookupId == keys.LookupId(receipt));
        Assert.NotNull(read);
        Assert.Equal(expected.Id, read.Id);
        Assert.Equal(expected.LookupId, read.LookupId);
        Assert.Equal("verifying", read.Status);
        Assert.Equal(expected.StatusUpdatedAt, read.StatusUpdatedAt);
        Assert.Equal(updatedAt, read.StatusUpdatedAt);
        Assert.Equal(TimeSpan.Zero, read.StatusUpdatedAt.Offset);
        Assert.Equal(expected.Messages, read.Messages);
        Assert.Equal(expected.Result, read.Result);
        Assert.Equal(expected.Protection, read.Protection);
        Assert.Equal(expected.Reward, read.Reward);
        var newest = await check
            .FollowUps.Where(f => f.ReportId == expected.Id && f.ReporterCopy != null)
            .OrderByDescending(f => f.ReceivedAt)
            .Take(StatusLookup.MaxFollowUps)
            .Select(f => f.ReporterCopy!)
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(StatusLookup.MaxFollowUps, read.FollowUps.Count);
        Assert.Equal(newest, read.FollowUps);

        // A report without messages, result or follow-ups reads as nulls and nothing.
        var plain = await ReadAsync(platform, other);
        Assert.NotNull(plain);
        Assert.Equal("received", plain.Status);
        Assert.Null(plain.Messages);
        Assert.Null(plain.Result);
        Assert.Single(plain.FollowUps);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_portal_report_wins_over_a_registration_of_the_same_receipt_in_either_order(string provider)
    {
        // Only a forger holding casework's signing key could register a receipt a portal report already holds; the
        // look-up then shows the portal report, and only its follow-ups, whichever row the database meets first: both
        // orders of writing, and both orders of the two values in the index.
        await using var platform = await TestPlatform.StartAsync(provider);
        var keys = platform.IntakeApp.Services.GetRequiredService<ReceiptKeys>();
        foreach (var portalFirst in new[] { true, false })
        {
            var orders = new HashSet<bool>();
            while (orders.Count < 2)
            {
                var receipt = Receipt.New();
                var lookupId = keys.LookupId(receipt);
                var registration = ReceiptDerivation.Registration(receipt);
                var portal = await AddBothRowsAsync(platform, lookupId, registration, portalFirst);
                var read = await ReadAsync(platform, receipt);
                Assert.NotNull(read);
                Assert.Equal(portal.Id, read.Id);
                Assert.Equal(lookupId, read.LookupId);
                Assert.Equal([portal.Copy], read.FollowUps);
                orders.Add(lookupId.AsSpan().SequenceCompareTo(registration) < 0);
            }
        }

        // A registered receipt alone is found by its registration; a receipt nobody holds, not at all.
        var registered = Receipt.New();
        var registeredId = Guid.NewGuid();
        await using (var db = platform.OpenIntakeDb())
        {
            db.Reports.Add(Report(registeredId, ReceiptDerivation.Registration(registered)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(registeredId, (await ReadAsync(platform, registered))?.Id);
        Assert.Null(await ReadAsync(platform, Receipt.New()));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Kept_connections_see_every_commit_made_after_they_opened(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var receipts = new List<Receipt>();
        for (var i = 0; i < 20; i++)
        {
            receipts.Add(Parse(await platform.SubmitAsync($"동시 조회 제보 {i}")));
        }

        var keys = platform.IntakeApp.Services.GetRequiredService<ReceiptKeys>();
        Dictionary<string, Guid> ids;
        await using (var db = platform.OpenIntakeDb())
        {
            var rows = await db.Reports.Select(r => new { r.Id, r.LookupId }).ToListAsync();
            ids = receipts.ToDictionary(
                r => r.Canonical,
                r => rows.Single(x => x.LookupId.SequenceEqual(keys.LookupId(r))).Id
            );
        }

        // Many more look-ups at once than connections are kept: each waits its turn and reads its own row.
        var reads = await Task.WhenAll(
            Enumerable.Range(0, 400).Select(i => Task.Run(() => ReadAsync(platform, receipts[i % receipts.Count])))
        );
        for (var i = 0; i < reads.Length; i++)
        {
            Assert.Equal(ids[receipts[i % receipts.Count].Canonical], reads[i]?.Id);
        }

        // Written after every kept connection opened: each of them sees it at once.
        await using (var db = platform.OpenIntakeDb())
        {
            await db
                .Reports.Where(r => r.Id == ids[receipts[0].Canonical])
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, "verified"));
            db.FollowUps.Add(FollowUp(ids[receipts[0].Canonical], DateTimeOffset.UtcNow, [7, 7, 7]));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var after = await Task.WhenAll(
            Enumerable.Range(0, 40).Select(_ => Task.Run(() => ReadAsync(platform, receipts[0])))
        );
        Assert.All(after, read =>
        {
            Assert.Equal("verified", read?.Status);
            Assert.Equal(
                [
                    [7, 7, 7],
                ],
                read?.FollowUps ?? []
            );
        });

        if (provider == TestDatabases.Sqlite)
        {
            // Between look-ups the kept connections hold no snapshot: retention's truncating checkpoint is not held up.
            var database = Storage.DatabaseProvider.ConnectionString(platform.Settings.Intake.Database);
            await using var connection = new SqliteConnection(database);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var result = await checkpoint.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await result.ReadAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0L, result.GetInt64(0));
            var wal = new SqliteConnectionStringBuilder(database).DataSource + "-wal";
            Assert.Equal(0, new FileInfo(wal).Length);
        }
    }

    [Fact]
    public async Task A_look_up_after_PostgreSQL_ended_the_kept_connections_is_answered()
    {
        TestDatabases.Require(TestDatabases.PostgreSql);
        await using var platform = await TestPlatform.StartAsync(TestDatabases.PostgreSql, "--rate-limits", "off");
        var text = await platform.SubmitAsync("재시작 뒤 조회");
        var receipt = Parse(text);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => ReadAsync(platform, receipt))));

        // As a server restart or an administrator would: every session of intake's database ends.
        var database = new NpgsqlConnectionStringBuilder(platform.Settings.Intake.Database).Database;
        await using (var admin = new NpgsqlConnection(TestDatabases.PostgresAdmin))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var end = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE datname = @name AND pid <> pg_backend_pid()",
                admin
            );
            end.Parameters.AddWithValue("name", database!);
            Assert.True((long)(await end.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0);
        }

        // Each kept connection fails once and is replaced; no look-up fails.
        var reads = await Task.WhenAll(
            Enumerable.Range(0, 16).Select(_ => Task.Run(() => ReadAsync(platform, receipt)))
        );
        Assert.All(reads, read => Assert.Equal("received", read?.Status));
        var response = await platform.Intake.PostAsJsonAsync(
            "/api/v1/status",
            new { receipt = text },
            TestContext.Current.CancellationToken
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Receipt Parse(string text) =>
        Receipt.TryParse(text, out var receipt)
            ? receipt.Value
            : throw new ArgumentException("not a receipt", nameof(text));

    private static Task<LookupRow?> ReadAsync(TestPlatform platform, Receipt receipt)
    {
        var keys = platform.IntakeApp.Services.GetRequiredService<ReceiptKeys>();
        return platform
            .IntakeApp.Services.GetRequiredService<LookupReads>()
            .ReadAsync(keys.LookupId(receipt), ReceiptDerivation.Registration(receipt), CancellationToken.None);
    }

    /// <summary>A report row casework registered (bundle 0, never travels), found by the given value.</summary>
    private static IntakeReport Report(Guid id, byte[] lookupId) =>
        new()
        {
            Id = id,
            LookupId = lookupId,
            BundleSequence = 0,
            ReceivedAt = DateTimeOffset.UtcNow,
            StatusUpdatedAt = DateTimeOffset.UtcNow,
        };

    private static IntakeFollowUp FollowUp(Guid reportId, DateTimeOffset at, byte[]? copy) =>
        new()
        {
            Id = Guid.NewGuid(),
            ReportId = reportId,
            ReporterCopy = copy,
            ReceivedAt = at,
            BundleSequence = 0,
        };

    /// <summary>Adds a portal report and a forged registered row for the same receipt, in the order given, each with a
    /// follow-up; returns the portal report's id and its follow-up's copy.</summary>
    private static async Task<(Guid Id, byte[] Copy)> AddBothRowsAsync(
        TestPlatform platform,
        byte[] lookupId,
        byte[] registration,
        bool portalFirst
    )
    {
        var portal = Guid.NewGuid();
        var forged = Guid.NewGuid();
        byte[] copy = [1, 2, 3];
        var rows = new[] { (portal, lookupId, copy), (forged, registration, new byte[] { 9, 9, 9 }) };
        foreach (var (id, value, followUp) in portalFirst ? rows : rows.Reverse())
        {
            await using var db = platform.OpenIntakeDb();
            db.Reports.Add(Report(id, value));
            db.FollowUps.Add(FollowUp(id, DateTimeOffset.UtcNow, followUp));
            await db.SaveChangesAsync();
        }

        return (portal, copy);
    }
}
