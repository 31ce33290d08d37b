using Jebo.Demo;
using Jebo.Intake.Reports;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary><c>jebo demo seed --count N [--seed S]</c>: N synthetic reports through the real intake path — the same
/// validator, receipts, sealing and durable commit as the public API — into the intake database, for the next
/// transfer.</summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Words.Count < 2 || arguments.Words[1] != "seed")
        {
            throw new UsageException("usage: jebo demo seed --count N [--seed S]");
        }

        arguments.AllowOnly("count", "seed");
        if (
            !int.TryParse(arguments.Require("count"), System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > 1_000_000
        )
        {
            throw new UsageException("--count must be a number from 1 to 1000000");
        }

        var seed = arguments.Get("seed") is { } text
            ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : Environment.TickCount;
        var settings = JeboSettings.From(arguments, null);
        ZoneServices.Require(settings, ZoneName.Intake);
        await using var intake = ZoneServices.Intake(settings);
        var validator = intake.Get<ReportValidator>();
        var synthetic = new SyntheticReports(intake.Get<RegionDataset>(), intake.Get<CategoryList>(), seed);
        for (var i = 0; i < count; i++)
        {
            var report = synthetic.Next();
            var errors = validator.Validate(report);
            if (!errors.IsEmpty)
            {
                throw new CommandFailedException(
                    $"synthetic report {i + 1} failed validation at {errors.Items[0].Field}: fix SyntheticReports"
                );
            }

            // One scope (one database context) per report, as the zone has one per request.
            await using var scope = intake.NewScope();
            await scope
                .ServiceProvider.GetRequiredService<ReportIntake>()
                .SubmitAsync(report, ["demo"], cancellationToken);
        }

        await output.WriteLineAsync(
            $"{count} synthetic report(s) received and sealed (seed {seed}); they cross at the next transfer"
        );
        return 0;
    }
}
