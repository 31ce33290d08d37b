using Jebo.Cli;
using Jebo.Reference.TimeZones;
using Jebo.Storage.Background;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jebo.Tests.Background;

/// <summary><c>--transfer-at HH:MM[,HH:MM…]</c>: rounds at those times of day on the platform's clock, beside the
/// interval when one is given, whichever comes first.</summary>
public sealed class RoundScheduleTests
{
    private static readonly TimeZoneInfo Seoul = new PlatformTimeZone().Zone;

    [Fact]
    public void A_daily_time_is_read_on_the_platforms_clock()
    {
        // 10:00 UTC is 19:00 in Seoul: the next 02:00 there is 17:00 UTC the same day.
        var schedule = RoundSchedule.Of(null, [new TimeOnly(2, 0)], Seoul)!;
        var now = ManualClock.Morning;

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 17, 0, 0, TimeSpan.Zero), schedule.Next(now));
        Assert.Equal(TimeSpan.FromDays(1), schedule.LongestGap);
        // Exactly at the time, the round just ran: the next is a day later.
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 17, 0, 0, TimeSpan.Zero), schedule.Next(schedule.Next(now)));
    }

    [Fact]
    public void Several_times_and_an_interval_combine_and_the_earliest_wins()
    {
        var times = RoundSchedule.Of(null, [new TimeOnly(14, 0), new TimeOnly(2, 0), new TimeOnly(14, 0)], Seoul)!;
        Assert.Equal([new TimeOnly(2, 0), new TimeOnly(14, 0)], times.TimesOfDay);
        Assert.Equal(TimeSpan.FromHours(12), times.LongestGap);
        var now = new DateTimeOffset(2026, 11, 28, 4, 30, 0, TimeSpan.Zero); // 13:30 in Seoul
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero), times.Next(now));

        var both = RoundSchedule.Of(TimeSpan.FromHours(6), [new TimeOnly(2, 0)], Seoul)!;
        Assert.Equal(now + TimeSpan.FromHours(6), both.Next(now)); // 19:30 in Seoul comes before 02:00
        Assert.Equal(
            new DateTimeOffset(2026, 11, 28, 17, 0, 0, TimeSpan.Zero),
            both.Next(new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero))
        );
        Assert.Equal(TimeSpan.FromHours(6), both.LongestGap);
        Assert.Null(RoundSchedule.Of(null, [], Seoul));
    }

    [Fact]
    public void The_loop_waits_until_the_next_time_on_its_clock()
    {
        var clock = new ManualClock(ManualClock.Morning);
        using var loop = new PeriodicLoop(
            "intake transfer",
            RoundSchedule.Of(null, [new TimeOnly(2, 0)], Seoul)!,
            (_, _) => Task.CompletedTask,
            new ServiceCollection().BuildServiceProvider(),
            new BackgroundLoops(),
            NullLogger<PeriodicLoop>.Instance,
            clock
        );

        Assert.Equal(TimeSpan.FromHours(7), loop.DelayUntilNext(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromHours(7) + TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1), loop.DelayUntilNext(clock.GetUtcNow()));
    }

    [Fact]
    public void Transfer_at_sets_both_zones_schedules_and_replaces_only_the_default_interval()
    {
        var daily = JeboSettings.From(
            Arguments.Parse(["--data", Path.GetTempPath(), "--transfer-at", "02:00,14:30"]),
            TimeSpan.FromHours(1)
        );
        Assert.Null(daily.Intake.TransferInterval);
        Assert.Equal([new TimeOnly(2, 0), new TimeOnly(14, 30)], daily.Casework.TransferSchedule!.TimesOfDay);
        Assert.Equal("at 02:00, 14:30 (Asia/Seoul)", daily.Intake.TransferSchedule!.Describe());
        // Overdue cases are still looked for every minute.
        Assert.Equal(TimeSpan.FromMinutes(1), daily.Casework.Deadlines.EscalationInterval);

        var both = JeboSettings.From(
            Arguments.Parse(["--data", Path.GetTempPath(), "--transfer-at", "2:00", "--transfer-interval", "600"]),
            TimeSpan.FromHours(1)
        );
        Assert.Equal(TimeSpan.FromMinutes(10), both.Intake.TransferInterval);
        Assert.Equal("every 600s and at 02:00 (Asia/Seoul)", both.Casework.TransferSchedule!.Describe());
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("2pm")]
    [InlineData("02:00,")]
    [InlineData("12:60")]
    public void A_time_that_is_no_time_of_day_is_bad_usage(string text)
    {
        var refused = Assert.Throws<UsageException>(() =>
            JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath(), "--transfer-at", text]), null)
        );
        Assert.Contains("--transfer-at takes times of day HH:MM", refused.Message, StringComparison.Ordinal);
    }
}
