using Jebo.Cli;

namespace Jebo.Tests.Cli;

/// <summary><c>--deadline-days</c> sets any subset of the deadline lengths; anything else is bad usage.</summary>
public sealed class DeadlineOptionTests
{
    [Fact]
    public void Defaults_hold_when_nothing_is_given_and_escalation_runs_only_with_transfer()
    {
        var options = JeboSettings.DeadlinesFrom(null, TimeSpan.FromSeconds(5));
        Assert.Equal(
            (30, 7, 60, 15, 3),
            (
                options.ContactDays,
                options.AcceptanceDays,
                options.VerificationDays,
                options.FeedbackDays,
                options.DueSoonDays
            )
        );
        Assert.Equal(TimeSpan.FromMinutes(1), options.EscalationInterval);
        Assert.Null(JeboSettings.DeadlinesFrom(null, null).EscalationInterval);
    }

    [Fact]
    public void Given_lengths_replace_the_defaults()
    {
        var options = JeboSettings.DeadlinesFrom("acceptance=3, feedback=10,due-soon=0", null);
        Assert.Equal(
            (30, 3, 60, 10, 0),
            (
                options.ContactDays,
                options.AcceptanceDays,
                options.VerificationDays,
                options.FeedbackDays,
                options.DueSoonDays
            )
        );
    }

    [Fact]
    public void Protection_is_counted_in_hours_and_defaults_to_24()
    {
        Assert.Equal(24, JeboSettings.DeadlinesFrom(null, null).ProtectionHours);
        Assert.Equal(6, JeboSettings.DeadlinesFrom("protection-hours=6,contact=20", null).ProtectionHours);
    }

    [Theory]
    [InlineData("acceptance")]
    [InlineData("acceptance=soon")]
    [InlineData("lunch=30")]
    [InlineData("contact=0")]
    [InlineData("verification=-5")]
    [InlineData("protection-hours=0")]
    [InlineData("protection-hours=721")]
    [InlineData("protection=24")]
    public void Bad_values_are_bad_usage(string text)
    {
        Assert.Throws<UsageException>(() => JeboSettings.DeadlinesFrom(text, null));
    }

    [Fact]
    public void The_command_line_carries_the_option_to_the_casework_zone()
    {
        var settings = JeboSettings.From(
            Arguments.Parse(["--data", Path.GetTempPath(), "--deadline-days", "contact=20"]),
            null
        );
        Assert.Equal(20, settings.Casework.Deadlines.ContactDays);
    }
}
