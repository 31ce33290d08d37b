using Jebo.Cli;

namespace Jebo.Tests.Transfer;

/// <summary>Tests that change process environment variables run alone, so no platform starting in parallel reads
/// them.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class TransferSettingsTests
{
    [Fact]
    public void The_status_return_switch_is_read_from_the_environment_too()
    {
        Environment.SetEnvironmentVariable("JEBO_STATUS_RETURN", "off");
        try
        {
            var settings = JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath()]), null);
            Assert.False(settings.Casework.StatusReturn);
            var overridden = JeboSettings.From(
                Arguments.Parse(["--data", Path.GetTempPath(), "--status-return", "on"]),
                null
            );
            Assert.True(overridden.Casework.StatusReturn);
            Environment.SetEnvironmentVariable("JEBO_STATUS_RETURN", "maybe");
            Assert.Throws<UsageException>(() =>
                JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath()]), null)
            );
        }
        finally
        {
            Environment.SetEnvironmentVariable("JEBO_STATUS_RETURN", null);
        }
    }

    [Fact]
    public void Bundle_limits_are_checked_when_given()
    {
        var settings = JeboSettings.From(
            Arguments.Parse([
                "--data",
                Path.GetTempPath(),
                "--max-bundle-records",
                "500",
                "--max-bundle-bytes",
                "1048576",
            ]),
            null
        );
        Assert.Equal(500, settings.Intake.MaxRecordsPerBundle);
        Assert.Equal(500, settings.Casework.MaxRecordsPerBundle);
        Assert.Equal(1048576, settings.Intake.MaxBundleBytes);
        Assert.Throws<UsageException>(() =>
            JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath(), "--max-bundle-records", "0"]), null)
        );
        Assert.Throws<UsageException>(() =>
            JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath(), "--max-bundle-bytes", "12"]), null)
        );
    }
}
