using Jebo.Casework;
using Jebo.Cli;
using Jebo.Intake.Data;
using Jebo.Intake.Reports;
using Jebo.Testing;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Transfer;

/// <summary>Intake and casework initialised in two data folders, as on two machines with removable media between
/// them: key exchange, carrying both ways, and rotating each zone's keys without losing a bundle.</summary>
public sealed class TwoMachineTests : IAsyncDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("jebo-two-").FullName;
    private readonly List<TestDatabase> databases = [];
    private string intakeDb = "";
    private string caseworkDb = "";
    private int medium;

    private string IntakeData => Path.Combine(root, "intake-machine");

    private string CaseworkData => Path.Combine(root, "casework-machine");

    private string NewMedium() => Directory.CreateDirectory(Path.Combine(root, "usb-" + ++medium)).FullName;

    private async Task<(int Exit, string Output, string Error)> OnIntake(params string[] args) =>
        await Run([.. args, "--data", IntakeData, "--intake-db", intakeDb]);

    private async Task<(int Exit, string Output, string Error)> OnCasework(params string[] args) =>
        await Run([.. args, "--data", CaseworkData, "--casework-db", caseworkDb]);

    private static async Task<(int, string, string)> Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, new StringReader(""), output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static void Ok((int Exit, string Output, string Error) result) =>
        Assert.True(result.Exit == 0, result.Error + result.Output);

    private JeboSettings IntakeSettings =>
        JeboSettings.From(Arguments.Parse(["--data", IntakeData, "--intake-db", intakeDb]), null);

    private JeboSettings CaseworkSettings =>
        JeboSettings.From(Arguments.Parse(["--data", CaseworkData, "--casework-db", caseworkDb]), null);

    private async Task<Guid> SubmitOnIntakeAsync(string description)
    {
        await using var intake = ZoneServices.Intake(IntakeSettings);
        var db = intake.Get<IntakeDb>();
        var before = await db.Reports.Select(r => r.Id).ToListAsync();
        await intake
            .Get<ReportIntake>()
            .SubmitAsync(
                new ReportContent
                {
                    Region = "26380",
                    Facts = new FactsContent { Description = description },
                },
                [],
                CancellationToken.None
            );
        return (await db.Reports.Select(r => r.Id).ToListAsync()).Except(before).Single();
    }

    private async Task<string?> LastSealedKeyIdAsync()
    {
        await using var intake = ZoneServices.Intake(IntakeSettings);
        var sealedBox = await intake
            .Get<IntakeDb>()
            .Reports.Where(r => r.BundleSequence == null && r.Sealed != null)
            .Select(r => r.Sealed)
            .FirstAsync();
        return SealedBox.RecipientKeyId(sealedBox);
    }

    /// <summary>Intake → medium → casework; returns the import's exit and words.</summary>
    private async Task<(int Exit, string Output, string Error)> CarryReportsAsync()
    {
        var usb = NewMedium();
        Ok(await OnIntake("transfer", "export", "--to", usb));
        return await OnCasework("transfer", "import", "--from", usb);
    }

    /// <summary>Casework → medium → intake.</summary>
    private async Task<(int Exit, string Output, string Error)> CarryStatusAsync()
    {
        var usb = NewMedium();
        Ok(await OnCasework("transfer", "export", "--to", usb));
        return await OnIntake("transfer", "import", "--from", usb);
    }

    private async Task ExchangeAsync(string from)
    {
        var usb = NewMedium();
        if (from == "casework")
        {
            Ok(await OnCasework("keys", "export", "--zone", "casework", "--to", usb));
            Ok(await OnIntake("keys", "install", "--from", usb));
        }
        else
        {
            Ok(await OnIntake("keys", "export", "--zone", "intake", "--to", usb));
            Ok(await OnCasework("keys", "install", "--from", usb));
        }
    }

    private async Task<List<Guid>> CaseworkReportIdsAsync()
    {
        await using var db = CaseworkZone.OpenDatabase(CaseworkSettings.Casework);
        return await db.Reports.Select(r => r.Id).ToListAsync();
    }

    private async Task<int> SealedKeptAsync()
    {
        await using var intake = ZoneServices.Intake(IntakeSettings);
        return await intake.Get<IntakeDb>().Reports.CountAsync(r => r.Sealed != null);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Two_machines_exchange_keys_carry_both_ways_and_rotate_keys_without_losing_a_bundle(
        string provider
    )
    {
        databases.Add(await TestDatabases.CreateAsync(provider, IntakeData, "intake"));
        databases.Add(await TestDatabases.CreateAsync(provider, CaseworkData, "casework"));
        intakeDb = databases[0].ConnectionString;
        caseworkDb = databases[1].ConnectionString;

        // Each machine initialises its own zone; neither starts before it holds the other's public keys.
        var init = await OnIntake("init", "--zone", "intake");
        Ok(init);
        Assert.Contains("jebo keys install", init.Output, StringComparison.Ordinal);
        Ok(await OnCasework("init", "--zone", "casework"));
        Assert.False(
            Directory.Exists(Path.Combine(IntakeData, "casework")),
            "the intake machine holds nothing of casework"
        );
        var refused = await OnIntake("intake", "--intake-url", "http://127.0.0.1:1");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("casework's public keys are not installed", refused.Error, StringComparison.Ordinal);
        var refusedCasework = await OnCasework("casework", "--casework-url", "http://127.0.0.1:1");
        Assert.Equal(1, refusedCasework.Exit);
        Assert.Contains("intake's public key is not installed", refusedCasework.Error, StringComparison.Ordinal);

        await ExchangeAsync("casework");
        await ExchangeAsync("intake");
        Assert.Empty(Directory.GetFiles(IntakeData, "sealing.key", SearchOption.AllDirectories));

        // A report crosses, and its status and acknowledgement come back.
        var first = await SubmitOnIntakeAsync("첫 번째 제보");
        Ok(await CarryReportsAsync());
        Ok(await CarryStatusAsync());
        Assert.Equal(0, await SealedKeptAsync());

        // Casework rotates both keys. Intake has not heard yet: it seals to the old key, which casework still opens.
        Ok(await OnCasework("keys", "rotate", "--zone", "casework"));
        var second = await SubmitOnIntakeAsync("회전 직후의 제보");
        Ok(await CarryReportsAsync());

        // The new signing key's status bundle waits at intake until the new keys are installed.
        var waiting = await CarryStatusAsync();
        Assert.Equal(1, waiting.Exit);
        Assert.Contains("does not trust", waiting.Error, StringComparison.Ordinal);
        Assert.Equal(1, await SealedKeptAsync());
        await ExchangeAsync("casework");
        Ok(await CarryStatusAsync());
        Assert.Equal(0, await SealedKeptAsync());

        var third = await SubmitOnIntakeAsync("새 키로 봉인된 제보");
        var keys = await OnCasework("keys", "list");
        Assert.Matches($@"\n  sealing  g\d+ current +{await LastSealedKeyIdAsync()}  fingerprint ", keys.Output);

        // Intake rotates its signing key: its next bundle waits at casework until casework installs the new key.
        Ok(await OnIntake("keys", "rotate", "--zone", "intake"));
        var held = await CarryReportsAsync();
        Assert.Equal(1, held.Exit);
        Assert.Contains("does not trust", held.Error, StringComparison.Ordinal);
        await ExchangeAsync("intake");
        Ok(await CarryReportsAsync());
        Ok(await CarryStatusAsync());

        var ids = await CaseworkReportIdsAsync();
        Assert.Equal(new[] { first, second, third }.Order(), ids.Order());
        Assert.Equal(0, await SealedKeptAsync());
        var status = await OnCasework("transfer", "status");
        Assert.Contains("applied (imported) through 3", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("intake:", status.Output, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }
}
