using Jebo.Intake.Data;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Data;

/// <summary>Times go in as any <see cref="DateTimeOffset"/> and come out as the same instant in UTC, ordered by
/// instant, on both databases (PostgreSQL's timestamptz refuses non-UTC offsets unless they are turned
/// first).</summary>
public sealed class TimestampTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_time_with_an_offset_is_stored_as_the_same_instant_in_utc_and_ordered_by_instant(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        // 01:00:00.1234567Z
        var seoul = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(9)).AddTicks(1_234_567);
        var utc = new DateTimeOffset(2026, 11, 28, 1, 30, 0, TimeSpan.Zero);
        var early = Guid.NewGuid();
        var late = Guid.NewGuid();
        await using (var db = platform.OpenIntakeDb())
        {
            db.Reports.Add(
                new IntakeReport
                {
                    Id = late,
                    LookupId = [1],
                    ReceivedAt = utc,
                    StatusUpdatedAt = utc,
                }
            );
            db.Reports.Add(
                new IntakeReport
                {
                    Id = early,
                    LookupId = [2],
                    ReceivedAt = seoul,
                    StatusUpdatedAt = seoul,
                }
            );
            await db.SaveChangesAsync();
        }

        await using (var db = platform.OpenIntakeDb())
        {
            var stored = await db
                .Reports.AsNoTracking()
                .Where(r => r.Id == early || r.Id == late)
                .OrderBy(r => r.ReceivedAt)
                .ToListAsync();
            Assert.Equal([early, late], stored.Select(r => r.Id));
            var read = stored[0].ReceivedAt;
            Assert.Equal(TimeSpan.Zero, read.Offset);
            var precision =
                provider == TestDatabases.Sqlite ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMicroseconds(1);
            Assert.InRange(seoul - read, TimeSpan.Zero, precision - TimeSpan.FromTicks(1));
            Assert.Equal(
                1,
                await db.Reports.CountAsync(r =>
                    r.ReceivedAt > seoul.AddMinutes(10) && r.ReceivedAt < seoul.AddMinutes(40)
                )
            );
        }
    }
}
