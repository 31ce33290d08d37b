using Jebo.Intake.Data;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Tests.Data;

/// <summary>Group commit: a caller is answered only when its row is in the database, rows keep every value as EF
/// would store it, and a row the database refuses costs only its own caller.</summary>
public sealed class GroupCommitTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Concurrent_rows_are_each_committed_with_their_values_when_their_call_completes(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var commits = platform.IntakeApp.Services.GetRequiredService<GroupCommit>();
        var at = new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero);
        var rows = Enumerable
            .Range(0, 200)
            .Select(i => new IntakeReport
            {
                Id = Guid.NewGuid(),
                LookupId = Guid.NewGuid().ToByteArray(),
                Sealed = [(byte)i, 1, 2, 3],
                ReceivedAt = at.AddHours(i % 5),
                StatusUpdatedAt = at,
                Status = "received",
            })
            .ToList();

        await Task.WhenAll(rows.Select(r => Task.Run(() => commits.InsertAsync(r, CancellationToken.None))));

        await using var db = platform.OpenIntakeDb();
        var stored = await db.Reports.AsNoTracking().ToDictionaryAsync(r => r.Id);
        Assert.Equal(rows.Count, stored.Count);
        foreach (var row in rows)
        {
            var back = stored[row.Id];
            Assert.Equal(row.LookupId, back.LookupId);
            Assert.Equal(row.Sealed, back.Sealed);
            Assert.Equal(row.ReceivedAt, back.ReceivedAt);
            Assert.Null(back.BundleSequence);
            Assert.Equal("received", back.Status);
        }

        // The stored times are comparable as times, not as text.
        Assert.Equal(40, await db.Reports.CountAsync(r => r.ReceivedAt > at.AddHours(3.5)));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_row_the_database_refuses_fails_alone_and_the_rest_of_its_group_commits(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var commits = platform.IntakeApp.Services.GetRequiredService<GroupCommit>();
        var taken = Guid.NewGuid().ToByteArray();
        await commits.InsertAsync(Report(taken), CancellationToken.None);

        // Queue many at once so that they share groups; one repeats a lookup id, which the unique index refuses.
        var good = Enumerable.Range(0, 60).Select(_ => Report(Guid.NewGuid().ToByteArray())).ToList();
        var bad = Report(taken);
        var tasks = good.Take(30)
            .Append(bad)
            .Concat(good.Skip(30))
            .Select(r => commits.InsertAsync(r, CancellationToken.None))
            .ToList();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => tasks[30]);
        await Task.WhenAll(tasks.Where((_, i) => i != 30));

        await using var db = platform.OpenIntakeDb();
        var ids = (await db.Reports.Select(r => r.Id).ToListAsync()).ToHashSet();
        Assert.All(good, r => Assert.Contains(r.Id, ids));
        Assert.DoesNotContain(bad.Id, ids);
    }

    private static IntakeReport Report(byte[] lookupId) =>
        new()
        {
            Id = Guid.NewGuid(),
            LookupId = lookupId,
            Sealed = [1, 2, 3],
            ReceivedAt = DateTimeOffset.UtcNow,
            StatusUpdatedAt = DateTimeOffset.UtcNow,
        };
}
