using Jebo.Demo;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Receipts;
using Jebo.Intake.Reports;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Storage;

namespace Jebo.Cli;

/// <summary><c>jebo demo seed --count N [--seed S]</c>: N synthetic reports through the real intake path — the same
/// validator, receipts, sealing and durable commit as the public API — into the intake database, for the next transfer.</summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Words.Count < 2 || arguments.Words[1] != "seed")
        {
            throw new UsageException("usage: jebo demo seed --count N [--seed S]");
        }

        arguments.AllowOnly("count", "seed");
        if (!int.TryParse(arguments.Require("count"), System.Globalization.CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1_000_000)
        {
            throw new UsageException("--count must be a number from 1 to 1000000");
        }

        var seed = arguments.Get("seed") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount;
        var settings = JeboSettings.From(arguments, null);
        using var keys = IntakeKeys.Load(settings.Intake.KeysFolder);
        var regions = RegionDataset.Load();
        var categories = CategoryList.Load();
        var validator = new ReportValidator(categories, regions);
        var receiptKeys = new ReceiptKeys(keys.Pepper);
        var synthetic = new SyntheticReports(regions, categories, seed);
        // The same group commit the zone uses: a receipt counts only once its row is durably committed.
        var services = new ServiceCollection().AddLogging().AddDbContext<IntakeDb>(o => o.Use(settings.Intake.Database)).AddSingleton<GroupCommit>();
        await using var provider = services.BuildServiceProvider();
        var commits = provider.GetRequiredService<GroupCommit>();
        for (var i = 0; i < count; i++)
        {
            var report = synthetic.Next();
            var errors = validator.Validate(report);
            if (!errors.IsEmpty)
            {
                throw new CommandFailedException($"synthetic report {i + 1} failed validation at {errors.Items[0].Field}: fix SyntheticReports");
            }

            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
            await new ReportIntake(commits, db, keys, receiptKeys, settings.Intake, TimeProvider.System).SubmitAsync(report, ["demo"], cancellationToken);
        }

        await output.WriteLineAsync($"{count} synthetic report(s) received and sealed (seed {seed}); they cross at the next transfer");
        return 0;
    }
}
