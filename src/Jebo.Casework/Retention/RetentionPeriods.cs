using System.Globalization;
using Jebo.Reference.TimeZones;

namespace Jebo.Casework.Retention;

/// <summary>How long casework keeps what a closed case no longer needs (<c>--retention-days</c>), in calendar days of
/// the platform's time zone counted from the day the case was closed; null: kept for ever.</summary>
public sealed record RetentionPeriods
{
    public const int DefaultIdentityDays = 365;
    public const int DefaultContentDays = 1825;

    /// <summary>Days after closing until the reporters' names and phone numbers are deleted.</summary>
    public int? IdentityDays { get; init; } = DefaultIdentityDays;

    /// <summary>Days after closing until the case's readable content is purged (its identities with it).</summary>
    public int? ContentDays { get; init; } = DefaultContentDays;

    /// <summary>Everything closed before this instant is due: the start of the calendar day
    /// <paramref name="days"/> days before today on <paramref name="zone"/>'s clock. A case closed on day D is thus
    /// kept through day D + days and purged from the first round on the day after, whatever the hour of either; null
    /// when <paramref name="days"/> is null (kept for ever).</summary>
    public static DateTimeOffset? Cutoff(int? days, DateTimeOffset now, PlatformTimeZone zone) =>
        days is { } n ? zone.StartOfDaysBefore(now, n) : null;

    /// <summary>e.g. <c>identities 365 days, content 1825 days after closing</c>.</summary>
    public string Describe() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"identities {Days(IdentityDays)}, content {Days(ContentDays)} after closing"
        );

    private static string Days(int? days) => days is { } n ? $"{n} days" : "never";
}
