namespace Jebo.Casework.Deadlines;

/// <summary>Calendar arithmetic for deadlines: "within N days" counts whole calendar days in the platform's time zone
/// (Asia/Seoul), so a deadline ends at midnight there, whatever the server's own zone.</summary>
public sealed class DeadlineCalendar
{
    public DeadlineCalendar(DeadlineOptions options)
    {
        Zone = Resolve(options.TimeZone);
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The calendar date at <paramref name="instant"/> in the platform's zone.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The first instant of <paramref name="date"/> in the platform's zone, as UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Zones that skip midnight for daylight saving start the day at the first valid moment after it.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The end of the <paramref name="days"/>-th calendar day after the day of <paramref name="start"/>:
    /// received on 31 January in Seoul, 30 days run through 2 March (1 March in a leap year), and the deadline is the
    /// midnight that ends that day. The returned instant is exclusive: a step taken before it is on time.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, int days) => EndOf(DateOf(start).AddDays(days));

    /// <summary>The midnight (in the platform's zone) that ends <paramref name="date"/>, as UTC.</summary>
    public DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));

    /// <summary>The last calendar day on which a deadline ending at <paramref name="dueAt"/> is still met.</summary>
    public DateOnly LastDay(DateTimeOffset dueAt) => DateOf(dueAt.AddTicks(-1));

    /// <summary>The zone by its IANA id; Asia/Seoul falls back to a fixed +09:00 where the system has no time zone
    /// data, which is exact for Korea (no daylight saving since 1988).</summary>
    private static TimeZoneInfo Resolve(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == "Asia/Seoul")
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(9), "Korea Standard Time", "KST");
        }
    }
}
