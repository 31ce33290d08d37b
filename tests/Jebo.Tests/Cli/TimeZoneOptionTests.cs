using Jebo.Cli;
using Jebo.Reference.TimeZones;

namespace Jebo.Tests.Cli;

/// <summary><c>--time-zone</c> (or <c>JEBO_TIME_ZONE</c>) sets the platform's time zone for both zones; an id the
/// system does not know is bad usage at the command line, not a zone that fails later.</summary>
public sealed class TimeZoneOptionTests
{
    [Fact]
    public void Seoul_by_default_for_both_zones()
    {
        var settings = JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath()]), null);
        Assert.Equal(
            (PlatformTimeZone.DefaultId, PlatformTimeZone.DefaultId),
            (settings.Intake.TimeZone, settings.Casework.TimeZone)
        );
    }

    [Fact]
    public void The_command_line_carries_the_zone_to_intake_and_casework_alike()
    {
        var settings = JeboSettings.From(
            Arguments.Parse(["--data", Path.GetTempPath(), "--time-zone", "America/New_York"]),
            null
        );
        Assert.Equal(("America/New_York", "America/New_York"), (settings.Intake.TimeZone, settings.Casework.TimeZone));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("서울")]
    [InlineData("")]
    public void An_unknown_zone_is_bad_usage(string id)
    {
        var refused = Assert.Throws<UsageException>(() =>
            JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath(), "--time-zone", id]), null)
        );
        Assert.Contains("--time-zone", refused.Message, StringComparison.Ordinal);
    }
}
