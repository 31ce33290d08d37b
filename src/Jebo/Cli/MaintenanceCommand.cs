using Jebo.Intake.Data;
using Jebo.Intake.Maintenance;
using Jebo.Storage;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary><c>jebo maintenance on [--message TEXT] | off</c>: pauses intake's taking of reports and follow-ups on
/// every node of the deployment, through the switch in intake's database (<see cref="MaintenanceMode"/>); works whether
/// the nodes run or not, and each running node picks it up within a few seconds.</summary>
public static class MaintenanceCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action =
            arguments.Words.Count > 1
                ? arguments.Words[1]
                : throw new UsageException("usage: jebo maintenance on [--message TEXT] | off");
        if (action == "on")
        {
            arguments.AllowOnly("message");
        }
        else
        {
            arguments.AllowOnly();
        }

        var message = arguments.Get("message");
        if (message is { Length: > MaintenanceSwitch.MaxMessageLength })
        {
            throw new UsageException($"--message may be at most {MaintenanceSwitch.MaxMessageLength} characters");
        }

        var settings = JeboSettings.From(arguments, null);
        ZoneServices.Require(settings, ZoneName.Intake);
        await using var intake = ZoneServices.Intake(settings);
        var db = intake.Get<IntakeDb>();
        await DatabaseAvailability.RequireMigratedAsync(db, ZoneName.Intake.ToString(), cancellationToken);
        var every = settings.Intake.MaintenanceCheckInterval.TotalSeconds;
        switch (action)
        {
            case "on":
                await MaintenanceMode.TurnOnAsync(db, message, DateTimeOffset.UtcNow, cancellationToken);
                await output.WriteLineAsync(
                    $"maintenance on: every intake node refuses new reports and follow-ups with 503 within {every:0} "
                        + $"s; status look-ups keep working"
                );
                return 0;
            case "off":
                var was = await MaintenanceMode.TurnOffAsync(db, cancellationToken);
                await output.WriteLineAsync(
                    was
                        ? $"maintenance off: every intake node takes reports again within {every:0} s"
                        : "maintenance was not on; intake takes reports"
                );
                return 0;
            default:
                throw new UsageException($"unknown maintenance action '{action}' (on or off)");
        }
    }
}
