using Jebo.Cli;

namespace Jebo.Tests.Cli;

/// <summary><c>--alert-thresholds</c> sets any subset of the security alerts' thresholds; anything else is bad
/// usage.</summary>
public sealed class AlertThresholdOptionTests
{
    [Fact]
    public void Given_counts_replace_the_defaults_and_the_rest_keep_theirs()
    {
        var defaults = JeboSettings.AlertThresholdsFrom(null);
        Assert.Equal(
            (200, 20, 5),
            (defaults.CaseViewsPerDay, defaults.IdentityViewsPerDay, defaults.FailedSignInsPerDay)
        );
        var given = JeboSettings.AlertThresholdsFrom("identity-views=3, failed-signins=10");
        Assert.Equal((200, 3, 10), (given.CaseViewsPerDay, given.IdentityViewsPerDay, given.FailedSignInsPerDay));
    }

    [Theory]
    [InlineData("identity-views")]
    [InlineData("identity-views=many")]
    [InlineData("identity-views=0")]
    [InlineData("coffee=3")]
    public void Bad_values_are_bad_usage(string text) =>
        Assert.Throws<UsageException>(() => JeboSettings.AlertThresholdsFrom(text));

    [Fact]
    public void The_command_line_carries_the_option_to_the_casework_zone()
    {
        var settings = JeboSettings.From(
            Arguments.Parse(["--data", Path.GetTempPath(), "--alert-thresholds", "case-views=50"]),
            null
        );
        Assert.Equal(50, settings.Casework.AlertThresholds.CaseViewsPerDay);
    }
}
