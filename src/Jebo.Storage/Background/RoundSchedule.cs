using System.Globalization;

namespace Jebo.Storage.Background;

/// <summary>
/// When a periodic job runs: every <see cref="Interval"/>, at the <see cref="TimesOfDay"/> on the platform's clock, or
/// both — whichever comes first after a round ends. The seed's transfer is daily (<c>--transfer-at 02:00</c>); an
/// interval beside it keeps rounds coming in between.
/// </summary>
/// <param name="Interval">The time from the end of one round to the start of the next; null: times of day only.</param>
/// <param name="TimesOfDay">Times of day on <paramref name="TimeZone"/>'s clock, sorted, without repeats.</param>
/// <param name="TimeZone">The clock the times of day are read on (the platform's time zone).</param>
public sealed record RoundSchedule(TimeSpan? Interval, IReadOnlyList<TimeOnly> TimesOfDay, TimeZoneInfo TimeZone)
{
    /// <summary>A plain interval.</summary>
    public static RoundSchedule Every(TimeSpan interval) => new(interval, [], TimeZoneInfo.Utc);

    /// <summary>The schedule of an interval and times of day; null when neither is given (rounds then run only on
    /// demand, from a test or a command).</summary>
    public static RoundSchedule? Of(TimeSpan? interval, IReadOnlyList<TimeOnly> timesOfDay, TimeZoneInfo timeZone) =>
        interval is null && timesOfDay.Count == 0 ? null : new(interval, [.. timesOfDay.Distinct().Order()], timeZone);

    /// <summary>The longest time between two rounds when all is well: the interval, or with times of day alone the
    /// longest stretch between two of them (a day for one time).</summary>
    public TimeSpan LongestGap
    {
        get
        {
            if (Interval is { } interval)
            {
                return interval;
            }

            var gaps = TimesOfDay.Select(
                (t, i) => i == 0 ? TimeSpan.FromDays(1) - (TimesOfDay[^1] - t) : t - TimesOfDay[i - 1]
            );
            return TimesOfDay.Count == 1 ? TimeSpan.FromDays(1) : gaps.Max();
        }
    }

    /// <summary>When the next round starts, a round having ended at <paramref name="now"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset now)
    {
        var next = Interval is { } interval ? now + interval : DateTimeOffset.MaxValue;
        if (NextTimeOfDay(now) is { } atTime && atTime < next)
        {
            next = atTime;
        }

        return next;
    }

    /// <summary>The first of the times of day strictly after <paramref name="now"/>, as UTC; null without
    /// any.</summary>
    public DateTimeOffset? NextTimeOfDay(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);
        for (var day = today.AddDays(-1); day <= today.AddDays(2); day = day.AddDays(1))
        {
            foreach (var time in TimesOfDay)
            {
                var local = day.ToDateTime(time, DateTimeKind.Unspecified);
                // A time the clock skips (a daylight-saving gap) happens at the first valid moment after it.
                while (TimeZone.IsInvalidTime(local))
                {
                    local = local.AddMinutes(30);
                }

                var at = new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
                if (at > now)
                {
                    return at;
                }
            }
        }

        return null;
    }

    /// <summary>e.g. <c>every 3600s and at 02:00, 14:00 (Asia/Seoul)</c>, for the start-up line and the docs.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Interval is { } interval)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"every {interval.TotalSeconds}s"));
        }

        if (TimesOfDay.Count > 0)
        {
            var times = string.Join(", ", TimesOfDay.Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)));
            parts.Add($"at {times} ({TimeZone.Id})");
        }

        return string.Join(" and ", parts);
    }

    /// <summary>Parses <c>HH:MM[,HH:MM…]</c>; null with what is wrong otherwise.</summary>
    public static IReadOnlyList<TimeOnly>? ParseTimes(string text, out string? problem)
    {
        var times = new List<TimeOnly>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (
                !TimeOnly.TryParseExact(
                    part,
                    ["HH:mm", "H:mm"],
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var time
                )
            )
            {
                problem = $"'{part}' is no time of day HH:MM (00:00-23:59)";
                return null;
            }

            times.Add(time);
        }

        problem = null;
        return times;
    }
}
