using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Retention;
using Jebo.Reference.TimeZones;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Retention;

/// <summary>Retention in casework: what goes when, that it is really gone from the database, that a hold keeps a case,
/// that the audit chain still verifies, and that a dry run changes nothing.</summary>
public sealed class CaseworkRetentionTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Closed_cases_lose_identities_then_content_and_the_text_is_gone_from_the_database(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(
            provider,
            "--retention-days",
            "identity=30,content=365",
            "--retention-at",
            "off"
        );
        var old = await ClosedCaseAsync(platform, daysAgo: 400, "PURGE-OLD-" + Guid.NewGuid().ToString("n"));
        var recent = await ClosedCaseAsync(platform, daysAgo: 100, "KEEP-RECENT-" + Guid.NewGuid().ToString("n"));
        var held = await ClosedCaseAsync(platform, daysAgo: 400, "KEEP-HELD-" + Guid.NewGuid().ToString("n"));
        var fresh = await ClosedCaseAsync(platform, daysAgo: 5, "KEEP-FRESH-" + Guid.NewGuid().ToString("n"));
        Assert.Contains(
            "legal hold set",
            await platform.RunCliAsync(null, "retention", "hold", "--case", held.Id, "--reason", "court order 2026-17"),
            StringComparison.Ordinal
        );

        // A dry run names what would go and changes nothing, not even the audit chain.
        var entriesBefore = await CountAsync(platform, db => db.AuditEntries);
        var preview = await RunAsync(platform, dryRun: true);
        Assert.True(preview.DryRun);
        Assert.Equal([old.Id, recent.Id], preview.Purges.Select(p => p.CaseId)); // oldest closing first
        Assert.True(preview.Purges.Single(p => p.CaseId == old.Id).Content);
        Assert.False(preview.Purges.Single(p => p.CaseId == recent.Id).Content);
        Assert.Equal([held.Id], preview.Held);
        Assert.Equal(entriesBefore, await CountAsync(platform, db => db.AuditEntries));
        Assert.Equal(4, await CountAsync(platform, db => db.ReporterIdentities));
        Assert.True(await StoredAnywhereAsync(platform, provider, old.Marker));

        var round = await RunAsync(platform, dryRun: false);
        var content = round.Purges.Single(p => p.CaseId == old.Id);
        Assert.Equal(
            (1, 1, 1, 1, 1),
            (content.Identities, content.Reports, content.FollowUps, content.Attachments, content.Messages)
        );
        Assert.Equal(1, round.Purges.Single(p => p.CaseId == recent.Id).Identities);

        // The old case's words are nowhere in the database any more, in no row, no freed page, no log file.
        Assert.False(await StoredAnywhereAsync(platform, provider, old.Marker), $"{old.Marker} is still stored");
        Assert.False(await StoredAnywhereAsync(platform, provider, old.Name), $"{old.Name} is still stored");
        Assert.False(await StoredAnywhereAsync(platform, provider, recent.Name), $"{recent.Name} is still stored");

        // The recent case keeps its content; the held and the fresh one keep everything.
        Assert.True(await StoredAnywhereAsync(platform, provider, recent.Marker));
        Assert.True(await StoredAnywhereAsync(platform, provider, held.Marker));
        Assert.True(await StoredAnywhereAsync(platform, provider, held.Name));
        Assert.True(await StoredAnywhereAsync(platform, provider, fresh.Name));

        // The skeleton stays: the case, its report with its choice fields, the result for statistics.
        await using (var db = platform.OpenCaseworkDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Id == old.Id);
            Assert.Equal((CaseStatus.Closed, "partly", (string?)null), (c.Status, c.Result, c.ResultSummary));
            var report = await db.Reports.SingleAsync(r => r.CaseId == old.Id);
            using var skeleton = JsonDocument.Parse(report.Content);
            Assert.Equal("drugs", skeleton.RootElement.GetProperty("category").GetString());
            Assert.False(skeleton.RootElement.TryGetProperty("facts", out _));
            Assert.False(await db.Attachments.AnyAsync(a => a.CaseId == old.Id));
            Assert.Equal(3, await db.AttachmentChunks.CountAsync()); // the other cases' files
            Assert.Equal(1, await db.FollowUps.CountAsync(f => f.ReportId == report.Id));
            var trail = await db
                .AuditEntries.Where(e => e.CaseId == old.Id || e.CaseId == recent.Id)
                .Select(e => e.CaseId + " " + e.Action)
                .ToListAsync();
            Assert.Contains($"{old.Id} {AuditActions.RetentionContentPurged}", trail);
            Assert.Contains($"{recent.Id} {AuditActions.RetentionIdentitiesPurged}", trail);
        }

        // The chain still verifies, and a second round has nothing left to do.
        var (exit, verified, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.True(exit == 0, verified + error);
        Assert.Empty((await RunAsync(platform, dryRun: false)).Purges);

        // Statistics still count the purged case, which still opens; the related-clue index loads without its words.
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var stats = await national.GetStringAsync("/api/v1/stats");
        Assert.True(JsonDocument.Parse(stats).RootElement.GetProperty("total").GetInt32() >= 4, stats);
        Assert.Contains(
            "\"purged\"",
            await national.GetStringAsync($"/api/v1/cases/{old.Id}"),
            StringComparison.Ordinal
        );
        using var index = new Jebo.Casework.Screening.ClueIndex();
        await using (var db = platform.OpenCaseworkDb())
        {
            await index.EnsureLoadedAsync(db, CancellationToken.None);
            Assert.Empty(await index.RelatedToCaseAsync(db, old.Id, CancellationToken.None));
        }
    }

    [Fact]
    public void Periods_count_calendar_days_in_Seoul_from_the_day_of_closing()
    {
        var seoul = new PlatformTimeZone("Asia/Seoul");
        var kst = TimeSpan.FromHours(9);

        // Closed at 00:30 on 1 March in Seoul (still 28 February in UTC), kept one full day after: through 2 March.
        var closed = new DateTimeOffset(2026, 3, 1, 0, 30, 0, kst);
        Assert.False(closed < RetentionPeriods.Cutoff(1, new DateTimeOffset(2026, 3, 2, 23, 59, 0, kst), seoul));
        Assert.True(closed < RetentionPeriods.Cutoff(1, new DateTimeOffset(2026, 3, 3, 0, 0, 0, kst), seoul));

        // Closed at 23:50 on 1 March in Seoul: the same day, whatever the hour; UTC days would say otherwise.
        var late = new DateTimeOffset(2026, 3, 1, 23, 50, 0, kst);
        Assert.False(late < RetentionPeriods.Cutoff(1, new DateTimeOffset(2026, 3, 2, 23, 59, 0, kst), seoul));
        Assert.True(late < RetentionPeriods.Cutoff(1, new DateTimeOffset(2026, 3, 3, 0, 0, 0, kst), seoul));
        Assert.Null(RetentionPeriods.Cutoff(null, closed, seoul));
    }

    internal sealed record SeededCase(string Id, string Marker, string Name);

    /// <summary>A closed case whose every readable part carries <paramref name="marker"/>: the report, a follow-up, a
    /// file (name and bytes), screening, a message to the reporter, the result's summary; its reporter is
    /// named.</summary>
    internal static async Task<SeededCase> ClosedCaseAsync(
        TestPlatform platform,
        int daysAgo,
        string marker,
        string office = "26"
    )
    {
        var closedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        var name = "NAME-" + marker;
        var id = await CaseSeeds.AddAsync(platform, office, CaseStatus.Closed, shape: c =>
        {
            c.ClosedAt = closedAt;
            c.ResultSummary = "summary " + marker;
        });
        await using var db = platform.OpenCaseworkDb();
        var report = await db.Reports.SingleAsync(r => r.CaseId == id);
        report.Content = JsonSerializer.Serialize(
            new
            {
                language = "ko",
                category = "drugs",
                region = office,
                reporter = new { anonymous = false },
                facts = new { description = "the report says " + marker, where = "Busan" },
            }
        );
        var identity = await db.ReporterIdentities.SingleAsync(i => i.ReportId == report.Id);
        identity.Name = name;
        var attachment = Guid.NewGuid();
        db.FollowUps.Add(
            new FollowUpRecord
            {
                Id = Guid.NewGuid(),
                ReportId = report.Id,
                ReceivedAt = closedAt,
                ImportedAt = closedAt,
                Text = "more about " + marker,
            }
        );
        db.Attachments.Add(
            new AttachmentRecord
            {
                Id = attachment,
                ReportId = report.Id,
                CaseId = id,
                FileName = marker + ".jpg",
                ContentType = "image/jpeg",
                Cleaning = "none",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(marker))),
                Header = RandomNumberGenerator.GetBytes(64),
                ChunkCount = 1,
                ImportedAt = closedAt,
            }
        );
        db.AttachmentChunks.Add(
            new AttachmentChunkRecord
            {
                AttachmentId = attachment,
                Index = 0,
                Data = Encoding.UTF8.GetBytes("file bytes " + marker),
            }
        );
        db.ReportScreenings.Add(
            new ReportScreening
            {
                ReportId = report.Id,
                CaseId = id,
                Reasons = JsonSerializer.Serialize(new[] { "mentions " + marker }),
                Entities = JsonSerializer.Serialize(new[] { "Phone:" + marker }),
                Signature = System
                    .Runtime.InteropServices.MemoryMarshal.AsBytes(
                        platform
                            .CaseworkApp.Services.GetRequiredService<Jebo.Casework.Screening.ClueIndex>()
                            .Hasher.Signature("the report says " + marker)
                            .AsSpan()
                    )
                    .ToArray(),
                ScreenedAt = closedAt,
            }
        );
        db.CaseMessages.Add(
            new CaseMessage
            {
                Id = Guid.NewGuid(),
                CaseId = id,
                At = closedAt,
                Text = "we looked into " + marker,
                Author = "seed",
            }
        );
        await db.SaveChangesAsync();
        return new SeededCase(id, marker, name);
    }

    internal static async Task<CaseworkRetentionResult> RunAsync(TestPlatform platform, bool dryRun)
    {
        await using var scope = platform.CaseworkApp.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<CaseworkRetention>()
            .RunAsync(dryRun, AuditLog.SystemActor, CancellationToken.None);
    }

    private static async Task<int> CountAsync<T>(TestPlatform platform, Func<CaseworkDb, IQueryable<T>> rows)
    {
        await using var db = platform.OpenCaseworkDb();
        return await rows(db).CountAsync();
    }

    /// <summary>Whether <paramref name="text"/> is stored anywhere in casework's database: in its files on SQLite
    /// (rows, freed pages and the write-ahead log alike), in any column of any table on PostgreSQL.</summary>
    internal static async Task<bool> StoredAnywhereAsync(TestPlatform platform, string provider, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        if (provider == TestDatabases.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (
                var file in platform
                    .Files("casework")
                    .Where(f => Path.GetFileName(f).StartsWith("casework.db", StringComparison.Ordinal))
            )
            {
                await using var stream = new FileStream(
                    file,
                    FileMode.Open,
                    FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete
                );
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                if (copy.ToArray().AsSpan().IndexOf(needle) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        return (await platform.PostgresContentsAsync()).Values.Any(bytes => bytes.AsSpan().IndexOf(needle) >= 0);
    }
}
