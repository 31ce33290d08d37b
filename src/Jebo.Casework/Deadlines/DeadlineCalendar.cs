using Jebo.Reference.TimeZones;

namespace Jebo.Casework.Deadlines;

/// <summary>Calendar arithmetic for deadlines: "within N days" counts whole calendar days in the platform's time zone
/// (<see cref="PlatformTimeZone"/>, Asia/Seoul unless configured), so a deadline ends at midnight there, whatever the
/// server's own zone.</summary>
public sealed class DeadlineCalendar(PlatformTimeZone zone)
{
    public PlatformTimeZone TimeZone => zone;

    /// <summary>The calendar date at <paramref name="instant"/> in the platform's zone.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => zone.DateOf(instant);

    /// <summary>The first instant of <paramref name="date"/> in the platform's zone, as UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date) => zone.StartOf(date);

    /// <summary>The end of the <paramref name="days"/>-th calendar day after the day of <paramref name="start"/>:
    /// received on 31 January in Seoul, 30 days run through 2 March (1 March in a leap year), and the deadline is the
    /// midnight that ends that day. The returned instant is exclusive: a step taken before it is on time.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, int days) => EndOf(DateOf(start).AddDays(days));

    /// <summary>The midnight (in the platform's zone) that ends <paramref name="date"/>, as UTC.</summary>
    public DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));

    /// <summary>The last calendar day on which a deadline ending at <paramref name="dueAt"/> is still met.</summary>
    public DateOnly LastDay(DateTimeOffset dueAt) => DateOf(dueAt.AddTicks(-1));
}
