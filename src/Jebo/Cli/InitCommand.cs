using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Casework.Keys;
using Jebo.Casework.Staff;
using Jebo.Intake;
using Jebo.Intake.Keys;
using Jebo.Reference.Regions;
using Jebo.Storage;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Cli;

/// <summary><c>jebo init</c> and <c>jebo db migrate</c>: keys, databases, migrations, the first administrator.</summary>
public static class InitCommand
{
    public const string FirstAdministrator = "admin";

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly("zone");
        var settings = JeboSettings.From(arguments, null);
        var zone = arguments.Get("zone") ?? "both";
        if (zone is not ("both" or "intake" or "casework"))
        {
            throw new UsageException("--zone must be intake, casework or both");
        }

        await InitializeAsync(settings, zone, output, cancellationToken);
        await output.WriteLineAsync($"initialised {zone} in {settings.DataFolder}");
        if (zone != "both")
        {
            var peer = zone == "intake" ? "casework" : "intake";
            await output.WriteLineAsync($"next: `jebo keys export --zone {zone} --to DIR` for the {peer} machine, and install {peer}'s public keys here with `jebo keys install --from DIR`; the zone refuses to start until they are installed");
        }

        return 0;
    }

    /// <summary><c>jebo db migrate</c>: only migrations (and a missing PostgreSQL database, when the role may create
    /// it); no keys, no accounts. Without <c>--zone</c>, the zones initialised in this data folder.</summary>
    public static async Task<int> MigrateAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Words.Count < 2 || arguments.Words[1] != "migrate")
        {
            throw new UsageException("usage: jebo db migrate [--zone intake|casework|both]");
        }

        arguments.AllowOnly("zone");
        var settings = JeboSettings.From(arguments, null);
        var zone = arguments.Get("zone") ?? InitialisedZones(settings);
        if (zone is not ("both" or "intake" or "casework"))
        {
            throw new UsageException("--zone must be intake, casework or both");
        }

        if (zone is "both" or "casework")
        {
            await CaseworkZone.MigrateAsync(settings.Casework, cancellationToken);
            await output.WriteLineAsync("casework: migrations applied");
        }

        if (zone is "both" or "intake")
        {
            await IntakeZone.MigrateAsync(settings.Intake, cancellationToken);
            await output.WriteLineAsync("intake: migrations applied");
        }

        return 0;
    }

    /// <summary>Which zones have keys in this data folder: a two-zone machine holds one, <c>up</c> both.</summary>
    private static string InitialisedZones(JeboSettings settings)
    {
        var intake = File.Exists(Path.Combine(settings.Intake.KeysFolder, IntakeKeys.SigningKeyFile));
        var casework = File.Exists(Path.Combine(settings.Casework.KeysFolder, CaseworkKeys.SealingKeyFile));
        return (intake, casework) switch
        {
            (true, true) => "both",
            (true, false) => "intake",
            (false, true) => "casework",
            _ => throw new CommandFailedException($"no zone is initialised in {settings.DataFolder}: run `jebo init` first, or name one with --zone"),
        };
    }

    /// <summary>Initialises one zone or both; when both live in this data folder, each learns the other's public keys.</summary>
    public static async Task InitializeAsync(JeboSettings settings, string zone, TextWriter output, CancellationToken cancellationToken)
    {
        // The data folder and the spool between the zones are the owner's alone, as each zone's own folder is.
        OwnerOnly.Folder(settings.DataFolder);
        OwnerOnly.Folder(settings.TransferFolder);
        if (zone is "both" or "casework")
        {
            await CaseworkZone.InitializeAsync(settings.Casework, cancellationToken);
        }

        if (zone is "both" or "intake")
        {
            IntakeKeys.CreateIfMissing(settings.Intake.KeysFolder);
        }

        if (zone == "both")
        {
            InstallPeerKeys(settings);
        }

        if (zone is "both" or "intake")
        {
            await IntakeZone.InitializeAsync(settings.Intake, cancellationToken);
        }

        if (zone is "both" or "casework")
        {
            await CreateFirstAdministratorAsync(settings.Casework, output, cancellationToken);
        }
    }

    /// <summary>All-in-one mode: each zone installs the other's public keys, exactly as `jebo keys install` would
    /// (never a private key).</summary>
    private static void InstallPeerKeys(JeboSettings settings)
    {
        IntakeKeys.Install(settings.Intake.KeysFolder, CaseworkKeys.Export(settings.Casework.KeysFolder, DateTimeOffset.UtcNow));
        CaseworkKeys.Install(settings.Casework.KeysFolder, IntakeKeys.Export(settings.Intake.KeysFolder, DateTimeOffset.UtcNow));
    }

    /// <summary>On a fresh casework database, creates the national administrator and prints its one-time password once.</summary>
    private static async Task CreateFirstAdministratorAsync(CaseworkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        await using var db = CaseworkZone.OpenDatabase(options);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var password = StaffAccounts.NewOneTimePassword();
        var accounts = new StaffAccounts(db, new AuditLog(db, TimeProvider.System), TimeProvider.System);
        await accounts.AddAsync(FirstAdministrator, RegionDataset.National, Roles.Administrator, password, pledgeSigned: false, mustChangePassword: true, AuditLog.SystemActor, null, onTheMachine: false, cancellationToken);
        await output.WriteLineAsync($"national administrator: login '{FirstAdministrator}', one-time password {password} (shown once; change it at first sign-in)");
    }
}
