using System.Globalization;

namespace Jebo.Casework.StaffWeb;

/// <summary>Times as staff read them: Korea Standard Time (Asia/Seoul), whatever the server's own zone.</summary>
public static class SeoulTime
{
    /// <summary>Asia/Seoul from the system's time zone data; Korea has kept UTC+9 without daylight saving since 1988,
    /// so a fixed offset is the same zone where the data is missing.</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset Of(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>e.g. <c>2026-11-28 16:02</c>, in Seoul time.</summary>
    public static string Format(DateTimeOffset at) => Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? at) => at is { } value ? Format(value) : "";

    public static string FormatDay(DateTimeOffset at) => Of(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Seoul", TimeSpan.FromHours(9), "Korea Standard Time", "KST");
        }
    }
}
