using Jebo.Cli;

namespace Jebo.Tests.Cli;

/// <summary><c>--repetition-thresholds</c> sets any subset of when repetition is flagged; anything else is bad
/// usage.</summary>
public sealed class RepetitionThresholdOptionTests
{
    [Fact]
    public void Given_values_replace_the_defaults_and_the_rest_keep_theirs()
    {
        var defaults = JeboSettings.RepetitionThresholdsFrom(null);
        Assert.Equal(
            (5, 30, 10, 24),
            (defaults.ContactReports, defaults.ContactDays, defaults.FollowUps, defaults.FollowUpHours)
        );
        var given = JeboSettings.RepetitionThresholdsFrom("contact=3, follow-up-hours=6");
        Assert.Equal((3, 30, 10, 6), (given.ContactReports, given.ContactDays, given.FollowUps, given.FollowUpHours));
    }

    [Theory]
    [InlineData("contact")]
    [InlineData("contact=many")]
    [InlineData("contact=1")]
    [InlineData("contact-days=0")]
    [InlineData("follow-up-hours=721")]
    [InlineData("phones=3")]
    public void Bad_values_are_bad_usage(string text) =>
        Assert.Throws<UsageException>(() => JeboSettings.RepetitionThresholdsFrom(text));

    [Fact]
    public void The_command_line_carries_the_option_to_the_casework_zone()
    {
        var settings = JeboSettings.From(
            Arguments.Parse(["--data", Path.GetTempPath(), "--repetition-thresholds", "follow-ups=20"]),
            null
        );
        Assert.Equal(20, settings.Casework.Repetition.FollowUps);
    }
}
