using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Casework.Staff;
using Jebo.Hosting;
using Jebo.Intake;
using Jebo.Intake.Keys;
using Jebo.Reference.Regions;
using Jebo.Storage;
using Jebo.Transfer;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Cli;

/// <summary><c>jebo init</c> and <c>jebo db migrate</c>: keys, databases, migrations, the first
/// administrator.</summary>
public static class InitCommand
{
    public const string FirstAdministrator = "admin";

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly("zone");
        var settings = JeboSettings.From(arguments, null);
        // Without --zone: both zones, as CONTRACT.md's `jebo init` (and `jebo up`) has it; made safe below and by the
        // zones themselves, which refuse to start alone beside the other zone's private keys (ZoneSeparation).
        var zones = arguments.Zones(() => ZoneName.All);
        var single = zones.Count == 1 ? zones[0] : null;
        if (single is not null)
        {
            ZoneSeparation.RequireSeparate(settings, single, $"`jebo init --zone {single}` sets up");
        }
        else
        {
            ZoneSeparation.RequireNotSingleZone(settings);
        }

        var before = ZoneServices.Initialised(settings);
        await InitializeAsync(settings, zones, output, cancellationToken);
        foreach (var zone in zones)
        {
            await output.WriteLineAsync(
                before.Contains(zone)
                    ? $"{zone}: already set up in {settings.ZoneFolder(zone)}; keys kept, migrations checked"
                    : $"{zone}: created in {settings.ZoneFolder(zone)}; its private keys are in "
                        + $"{settings.KeysFolder(zone)}"
            );
        }

        await output.WriteLineAsync($"initialised {single?.ToString() ?? "both"} in {settings.DataFolder}");
        if (single is not null)
        {
            await output.WriteLineAsync(
                $"next: `jebo keys export --zone {single} --to DIR` for the {single.Peer} machine, and install "
                    + $"{single.Peer}'s public keys here with `jebo keys install --from DIR`; the zone refuses to "
                    + $"start until they are installed"
            );
        }
        else
        {
            await output.WriteLineAsync(
                "both zones share this folder, for `jebo up` on one machine; on a two-machine deployment each machine "
                    + "runs `jebo init --zone intake` or `--zone casework`, and `jebo intake` / `jebo casework` refuse "
                    + "to start here"
            );
        }

        return 0;
    }

    /// <summary><c>jebo db migrate</c>: only migrations (and a missing PostgreSQL database, when the role may create
    /// it); no keys, no accounts. Without <c>--zone</c>, the zones initialised in this data folder.</summary>
    public static async Task<int> MigrateAsync(
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        if (arguments.Words.Count < 2 || arguments.Words[1] != "migrate")
        {
            throw new UsageException("usage: jebo db migrate [--zone intake|casework|both]");
        }

        arguments.AllowOnly("zone");
        var settings = JeboSettings.From(arguments, null);
        var zones = arguments.Zones(() =>
            ZoneServices.Initialised(settings) is { Count: > 0 } initialised
                ? initialised
                : throw ZoneServices.NoZoneHere(settings)
        );
        if (zones.Contains(ZoneName.Casework))
        {
            await CaseworkZone.MigrateAsync(settings.Casework, cancellationToken);
            await output.WriteLineAsync($"{ZoneName.Casework}: migrations applied");
        }

        if (zones.Contains(ZoneName.Intake))
        {
            await IntakeZone.MigrateAsync(settings.Intake, cancellationToken);
            await output.WriteLineAsync($"{ZoneName.Intake}: migrations applied");
        }

        return 0;
    }

    /// <summary>Initialises the given zones; when both live in this data folder, each learns the other's public
    /// keys.</summary>
    public static async Task InitializeAsync(
        JeboSettings settings,
        IReadOnlyList<ZoneName> zones,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        var casework = zones.Contains(ZoneName.Casework);
        var intake = zones.Contains(ZoneName.Intake);
        // The data folder and the spool between the zones are the owner's alone, as each zone's own folder is.
        OwnerOnly.Folder(settings.DataFolder);
        OwnerOnly.Folder(settings.TransferFolder);
        if (casework)
        {
            await CaseworkZone.InitializeAsync(settings.Casework, cancellationToken);
        }

        if (intake)
        {
            IntakeKeys.CreateIfMissing(settings.Intake.KeysFolder);
        }

        if (intake && casework)
        {
            InstallPeerKeys(settings);
        }

        if (intake)
        {
            await IntakeZone.InitializeAsync(settings.Intake, cancellationToken);
        }

        if (casework)
        {
            await CreateFirstAdministratorAsync(settings, output, cancellationToken);
        }
    }

    /// <summary>All-in-one mode: each zone installs the other's public keys, exactly as `jebo keys install` would
    /// (never a private key).</summary>
    private static void InstallPeerKeys(JeboSettings settings)
    {
        IntakeKeys.Install(
            settings.Intake.KeysFolder,
            CaseworkKeys.Export(settings.Casework.KeysFolder, DateTimeOffset.UtcNow)
        );
        CaseworkKeys.Install(
            settings.Casework.KeysFolder,
            IntakeKeys.Export(settings.Intake.KeysFolder, DateTimeOffset.UtcNow)
        );
    }

    /// <summary>On a fresh casework database, creates the national administrator and prints its one-time password
    /// once.</summary>
    private static async Task CreateFirstAdministratorAsync(
        JeboSettings settings,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        await using var casework = ZoneServices.Casework(settings);
        if (await casework.Get<CaseworkDb>().Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var password = StaffAccounts.NewOneTimePassword();
        await casework
            .Get<StaffAccounts>()
            .AddAsync(
                FirstAdministrator,
                RegionDataset.National,
                Roles.Administrator,
                password,
                pledgeSigned: false,
                mustChangePassword: true,
                AuditLog.SystemActor,
                null,
                onTheMachine: false,
                cancellationToken
            );
        await output.WriteLineAsync(
            $"national administrator: login '{FirstAdministrator}', one-time password {password} (shown once; change "
                + $"it at first sign-in)"
        );
    }
}
