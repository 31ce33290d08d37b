using Jebo.Casework.Deadlines;
using Jebo.Reference.TimeZones;

namespace Jebo.Casework.Tests.Deadlines;

/// <summary>Deadlines count whole calendar days in Seoul: month ends, leap years, and the hours where the UTC date and
/// the Seoul date differ.</summary>
public sealed class DeadlineCalendarTests
{
    private static readonly DeadlineCalendar Seoul = new(new PlatformTimeZone());

    private static DateTimeOffset Kst(int year, int month, int day, int hour = 10, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(9));

    [Theory]
    [InlineData(2026, 1, 31, 30, "2026-03-02")] // 30 days from the end of January run past the short February
    [InlineData(2028, 1, 31, 30, "2028-03-01")] // leap year: 29 February counts
    [InlineData(2026, 2, 28, 1, "2026-03-01")]
    [InlineData(2026, 12, 28, 7, "2027-01-04")] // across the year end
    [InlineData(2026, 4, 30, 7, "2026-05-07")]
    [InlineData(2026, 3, 31, 60, "2026-05-30")]
    [InlineData(2026, 8, 31, 15, "2026-09-15")]
    public void The_last_day_is_the_receipt_day_plus_the_days(int year, int month, int day, int days, string lastDay)
    {
        var due = Seoul.DueAt(Kst(year, month, day), days);
        Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), Seoul.LastDay(due));
    }

    [Fact]
    public void A_deadline_ends_at_midnight_in_Seoul_which_is_15_00_UTC_the_day_before()
    {
        var due = Seoul.DueAt(Kst(2026, 1, 31), 30);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void The_receipt_day_is_the_Seoul_day_not_the_UTC_day()
    {
        // 20:00 UTC on 31 January is 05:00 on 1 February in Seoul.
        var lateUtc = new DateTimeOffset(2026, 1, 31, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 2, 1), Seoul.DateOf(lateUtc));
        Assert.Equal(new DateOnly(2026, 3, 3), Seoul.LastDay(Seoul.DueAt(lateUtc, 30)));

        // One second before midnight in Seoul still counts as 31 January; midnight itself is 1 February.
        Assert.Equal(new DateOnly(2026, 3, 2), Seoul.LastDay(Seoul.DueAt(Kst(2026, 1, 31, 23, 59, 59), 30)));
        Assert.Equal(new DateOnly(2026, 3, 3), Seoul.LastDay(Seoul.DueAt(Kst(2026, 2, 1, 0, 0, 0), 30)));
    }

    [Fact]
    public void Seoul_has_no_daylight_saving_so_every_deadline_ends_at_the_same_UTC_hour()
    {
        for (var month = 1; month <= 12; month++)
        {
            var due = Seoul.DueAt(Kst(2026, month, 15), 10);
            Assert.Equal(15, due.UtcDateTime.Hour);
            Assert.Equal(TimeSpan.FromHours(9), Seoul.TimeZone.Zone.GetUtcOffset(due));
        }
    }

    [Fact]
    public void A_step_before_the_deadline_instant_is_on_time_and_one_at_it_is_late()
    {
        var due = Seoul.DueAt(Kst(2026, 1, 31), 30);
        Assert.True(Kst(2026, 3, 2, 23, 59, 59) < due);
        Assert.False(Kst(2026, 3, 3, 0, 0, 0) < due);
    }

    [Fact]
    public void Another_zone_with_daylight_saving_still_ends_days_at_its_local_midnight()
    {
        var newYork = new DeadlineCalendar(new PlatformTimeZone("America/New_York"));
        var received = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(-5));
        var due = newYork.DueAt(received, 10); // runs across the change to summer time on 8 March
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.FromHours(-4)), due);
    }

    [Fact]
    public void The_end_of_a_day_is_the_start_of_the_next()
    {
        var day = new DateOnly(2026, 2, 28);
        Assert.Equal(Seoul.StartOf(new DateOnly(2026, 3, 1)), Seoul.EndOf(day));
        Assert.Equal(day, Seoul.LastDay(Seoul.EndOf(day)));
    }

    [Fact]
    public void Bad_options_are_named()
    {
        Assert.Null(new DeadlineOptions().Problem());
        Assert.NotNull(new DeadlineOptions { AcceptanceDays = 0 }.Problem());
        Assert.NotNull(new DeadlineOptions { DueSoonDays = -1 }.Problem());
    }
}
