using System.Globalization;
using Jebo.Casework.Sampling;
using Jebo.Reference.TimeZones;

namespace Jebo.Cli;

/// <summary><c>jebo sample run --month YYYY-MM [--size N]</c>: draws the month's callback sample once and prints it;
/// <c>--size</c> is per province, in place of the configured size (<c>--sample-size</c>).</summary>
public static class SampleCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Words.Count < 2 || arguments.Words[1] != "run")
        {
            throw new UsageException("usage: jebo sample run --month YYYY-MM [--size N]");
        }

        arguments.AllowOnly("month", "size");
        var month = arguments.Require("month");
        var settings = JeboSettings.From(arguments, null);
        var zone = new PlatformTimeZone(settings.Casework.TimeZone);
        try
        {
            CallbackSampling.MonthBounds(month, zone);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var size = arguments.Get("size") is { } text
            ? int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1000
                ? n
                : throw new UsageException("--size must be 1 to 1000")
            : (int?)null;
        ZoneServices.Require(settings, Transfer.ZoneName.Casework);
        await using var casework = ZoneServices.Casework(settings);
        var sample = await casework
            .Get<CallbackSampling>()
            .DrawAsync(month, size, UsersCommand.CliActor, cancellationToken);
        if (sample.Count == 0)
        {
            await output.WriteLineAsync(
                $"callback sample {month}: no case reviewed or not accepted that month has a reporter who left a phone "
                    + "and consented to contact"
            );
            return 0;
        }

        var first = sample[0];
        await output.WriteLineAsync(
            $"callback sample {month}: {sample.Count} of {first.CandidateCount} case(s), drawn {first.DrawnAt:u}, seed "
                + $"{first.Seed}, candidates {first.CandidatesHash[..16]}"
        );
        foreach (var row in sample)
        {
            await output.WriteLineAsync(
                string.Format(CultureInfo.InvariantCulture, "{0,3}. {1}", row.Position, row.CaseId)
            );
        }

        return 0;
    }
}
