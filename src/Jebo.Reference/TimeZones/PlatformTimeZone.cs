using System.Globalization;

namespace Jebo.Reference.TimeZones;

/// <summary>
/// The platform's time zone, resolved once from configuration (an IANA id, <see cref="DefaultId"/> unless configured):
/// the calendar that deadlines, statistics days and sampling months count in, and the clock the times people read are
/// shown on, in both zones, whatever the server's own zone.
/// </summary>
public sealed class PlatformTimeZone
{
    /// <summary>Korea Standard Time.</summary>
    public const string DefaultId = "Asia/Seoul";

    /// <param name="id">An IANA time zone id; one the system does not know stops the zone from starting
    /// (<see cref="TimeZoneNotFoundException"/>), except <see cref="DefaultId"/>, see <see cref="Resolve"/>.</param>
    public PlatformTimeZone(string id = DefaultId)
        : this(Resolve(id, TimeZoneInfo.FindSystemTimeZoneById)) { }

    private PlatformTimeZone(TimeZoneInfo zone)
    {
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The zone by its IANA id, looked up with <paramref name="findSystemZone"/>. Asia/Seoul falls back to a
    /// fixed +09:00 where the system has no time zone data (a slim container), which is exact for Korea: no daylight
    /// saving since 1988.</summary>
    public static TimeZoneInfo Resolve(string id, Func<string, TimeZoneInfo> findSystemZone)
    {
        ArgumentNullException.ThrowIfNull(findSystemZone);
        try
        {
            return findSystemZone(id);
        }
        catch (TimeZoneNotFoundException) when (id == DefaultId)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(9), "Korea Standard Time", "KST");
        }
    }

    /// <summary>The zone as <paramref name="findSystemZone"/> finds it, e.g. on a system without time zone
    /// data.</summary>
    public static PlatformTimeZone Of(string id, Func<string, TimeZoneInfo> findSystemZone) =>
        new(Resolve(id, findSystemZone));

    /// <summary><paramref name="instant"/> on this zone's clock.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The calendar date at <paramref name="instant"/> in this zone.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    /// <summary>The first instant of the calendar day <paramref name="days"/> days before the day of
    /// <paramref name="now"/> in this zone: what happened before it is more than <paramref name="days"/> whole calendar
    /// days old, whatever the hour (how both zones count their retention periods).</summary>
    public DateTimeOffset StartOfDaysBefore(DateTimeOffset now, int days) => StartOf(DateOf(now).AddDays(-days));

    /// <summary>The first instant of <paramref name="date"/> in this zone, as UTC.</summary>
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

    /// <summary>e.g. <c>2026-11-28 16:02</c>, on this zone's clock: how staff read a time.</summary>
    public string Format(DateTimeOffset instant) =>
        Local(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Format(DateTimeOffset)"/>
    public string Format(DateTimeOffset? instant) => instant is { } value ? Format(value) : "";

    /// <summary>e.g. <c>2026-11-28</c>, the date in this zone.</summary>
    public string FormatDay(DateTimeOffset instant) =>
        Local(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
