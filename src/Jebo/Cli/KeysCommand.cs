using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Keys;
using Jebo.Intake.Keys;
using Jebo.Transfer;
using Jebo.Transfer.Keys;

namespace Jebo.Cli;

/// <summary>
/// <c>jebo keys export|install|rotate|list|untrust</c>: setting up two zones on two machines, rotating their keys, and
/// putting a wrong key right. Only public keys ever leave a zone's folder. A zone running beside the command picks up
/// the change at its next report or bundle (<see cref="ReloadingKeys{T}"/>), so none of these needs a restart. See
/// docs/operations.md ("Keys between the machines").
/// </summary>
public static class KeysCommand
{
    public const string Usage =
        "usage: jebo keys export --zone intake|casework --to DIR | install --from DIR [--replace --fingerprint F] | "
        + "rotate --zone intake|casework [--key signing|sealing|all] | list | untrust --id ID [--zone intake|casework]";

    private const string PickedUp =
        "a running zone uses the change from its next report or bundle; no restart is needed";

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException(Usage);
        var settings = JeboSettings.From(arguments, null);
        return action switch
        {
            "export" => await ExportAsync(settings, arguments, output),
            "install" => await InstallAsync(settings, arguments, output, cancellationToken),
            "rotate" => await RotateAsync(settings, arguments, output),
            "list" => await ListAsync(settings, arguments, output),
            "untrust" => await UntrustAsync(settings, arguments, output, cancellationToken),
            _ => throw new UsageException($"unknown keys action '{action}'; {Usage}"),
        };
    }

    /// <summary>Writes the zone's public keys to <c>DIR/jebo-ZONE-public-keys.json</c> and prints their fingerprints,
    /// which the operator at the other machine compares before installing.</summary>
    private static async Task<int> ExportAsync(JeboSettings settings, Arguments arguments, TextWriter output)
    {
        arguments.AllowOnly("zone", "to");
        var target = Path.GetFullPath(arguments.Require("to"));
        var zone = ZoneServices.Choose(settings, arguments, preferred: RequiredWhenBoth(settings, arguments));
        var keys = Export(settings, zone);
        keys.Write(target);
        await output.WriteLineAsync($"wrote {Path.Combine(target, ZonePublicKeys.FileName(zone))} (public keys only)");
        await Print(output, keys);
        await output.WriteLineAsync(
            "compare these fingerprints with the other machine's operator (telephone, paper) before they install the "
                + "file"
        );
        return 0;
    }

    /// <summary>Installs every <c>jebo-*-public-keys.json</c> in DIR into the zone here that needs it: intake's keys
    /// into casework, casework's into intake. With <c>--replace</c>, the zone trusts exactly the keys of the file in
    /// place of the other zone's keys it trusted before; that can undo a rotation and drop keys, so it is done only
    /// with
    /// <c>--fingerprint F</c>, the export's fingerprint as its operator reads it out.</summary>
    private static async Task<int> InstallAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("from", "replace", "fingerprint");
        var source = Path.GetFullPath(arguments.Require("from"));
        var replace = arguments.Has("replace");
        var fingerprint = arguments.Get("fingerprint");
        if (replace && fingerprint is null)
        {
            throw new UsageException(
                "--replace needs --fingerprint \"F\": the fingerprint of the export, as the operator who wrote it with "
                    + "`jebo keys export` reads it out to you"
            );
        }

        var files =
            Directory.Exists(source) ? Directory.GetFiles(source, "jebo-*-public-keys.json")
            : File.Exists(source) ? [source]
            : [];
        if (files.Length == 0)
        {
            throw new CommandFailedException(
                $"no jebo-*-public-keys.json in {source}; write one with `jebo keys export` on the other machine"
            );
        }

        // Only the exports a zone here uses: a stick may carry this machine's own export too.
        var exports = files
            .Order(StringComparer.Ordinal)
            .Select(f => (File: f, Keys: ZonePublicKeys.Read(f)))
            .Where(e => ZoneServices.IsInitialised(settings, e.Keys.Owner.Peer))
            .ToList();
        if (exports.Count == 0)
        {
            throw new CommandFailedException(
                $"{string.Join(", ", files.Select(Path.GetFileName))} in {source} "
                    + $"hold{(files.Length == 1 ? "s" : "")} no keys a zone in {settings.DataFolder} uses: "
                    + "install the other zone's export (`jebo keys export` on the other machine), not this zone's own"
            );
        }

        if (
            fingerprint is not null
            && exports.Find(e => !e.Keys.HasFingerprint(fingerprint)) is { File: not null } wrong
        )
        {
            throw new CommandFailedException(
                $"the fingerprint given is not that of {wrong.File}: nothing was installed. Ask the {wrong.Keys.Zone} "
                    + $"operator to read out the fingerprint `jebo keys export` printed; if it still differs, this "
                    + $"file is not their export — get a fresh one"
            );
        }

        var installed = 0;
        foreach (var (file, keys) in exports)
        {
            await output.WriteLineAsync(
                $"{Path.GetFileName(file)}: {keys.Zone}'s public keys, exported {keys.ExportedAt:u}"
            );
            await Print(output, keys);
            var changes = replace
                ? await ReplaceAsync(settings, keys, cancellationToken)
                : Install(settings, keys.Owner.Peer, keys);
            foreach (var change in changes)
            {
                await output.WriteLineAsync(
                    change.StartsWith(KeyFolder.Untrusted, StringComparison.Ordinal) ? change : $"installed {change}"
                );
            }

            installed += changes.Count;
        }

        await output.WriteLineAsync(installed == 0 ? "nothing new: every key was installed already" : PickedUp);
        return 0;
    }

    /// <summary>Replaces a zone's keys, keeping old sealing keys (casework) and old signing public keys so nothing
    /// sealed or signed before is lost; when both zones share this data folder the other zone learns the new
    /// keys.</summary>
    private static async Task<int> RotateAsync(JeboSettings settings, Arguments arguments, TextWriter output)
    {
        arguments.AllowOnly("zone", "key");
        var zone = ZoneServices.Choose(settings, arguments, preferred: RequiredWhenBoth(settings, arguments));
        var which = arguments.Get("key") ?? "all";
        if (which is not ("signing" or "sealing" or "all"))
        {
            throw new UsageException("--key must be signing, sealing or all");
        }

        if (zone == ZoneName.Intake)
        {
            if (which == "sealing")
            {
                throw new UsageException(
                    "intake has no sealing key of its own (it seals to casework's); rotate its signing key"
                );
            }

            await output.WriteLineAsync(
                $"intake signing key is now {IntakeKeys.Rotate(settings.Intake.KeysFolder)}; the old public key stays "
                    + $"in keys/retired/ and stays trusted by casework"
            );
        }
        else
        {
            if (which is "sealing" or "all")
            {
                await output.WriteLineAsync(
                    $"casework sealing key is now {CaseworkKeys.RotateSealingKey(settings.Casework.KeysFolder)} "
                        + $"(generation {CaseworkKeys.SealingGeneration(settings.Casework.KeysFolder)}); the old "
                        + $"private key is kept in keys/retired/ to open what was sealed to it"
                );
            }

            if (which is "signing" or "all")
            {
                await output.WriteLineAsync(
                    $"casework signing key is now {CaseworkKeys.RotateSigningKey(settings.Casework.KeysFolder)}; the "
                        + $"old public key stays in keys/retired/ and stays trusted by intake"
                );
            }
        }

        if (ZoneServices.IsInitialised(settings, zone.Peer))
        {
            foreach (var change in Install(settings, zone.Peer, Export(settings, zone)))
            {
                await output.WriteLineAsync($"installed in {zone.Peer} (same data folder): {change}");
            }
        }
        else
        {
            await output.WriteLineAsync(
                $"next: `jebo keys export --zone {zone} --to DIR`, carry DIR to the {zone.Peer} machine and `jebo keys "
                    + $"install --from DIR` there"
            );
        }

        await output.WriteLineAsync(PickedUp);
        return 0;
    }

    /// <summary>Every key of every zone here, with its role (own or trusted, sealing or signing), state, id and
    /// fingerprint.</summary>
    private static async Task<int> ListAsync(JeboSettings settings, Arguments arguments, TextWriter output)
    {
        arguments.AllowOnly();
        var zones = ZoneServices.Initialised(settings);
        foreach (var zone in zones)
        {
            var keys =
                zone == ZoneName.Intake
                    ? IntakeKeys.List(settings.Intake.KeysFolder)
                    : CaseworkKeys.List(settings.Casework.KeysFolder);
            await output.WriteLineAsync($"{zone}: own keys (in {settings.KeysFolder(zone)})");
            await PrintAsync(keys.Where(k => k.Whose == "own"));
            await output.WriteLineAsync($"{zone}: trusted {zone.Peer} keys (`jebo keys untrust --id ID` removes one)");
            await PrintAsync(keys.Where(k => k.Whose != "own"));
        }

        return zones.Count > 0 ? 0 : throw ZoneServices.NoZoneHere(settings);

        async Task PrintAsync(IEnumerable<ListedKey> keys)
        {
            foreach (var key in keys)
            {
                await output.WriteLineAsync(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "  {0,-8} {1,-14} {2}  fingerprint {3}",
                        key.Purpose,
                        key.State,
                        key.Id,
                        key.Fingerprint
                    )
                );
            }
        }
    }

    /// <summary>Stops trusting one of the other zone's keys, by the id <c>jebo keys list</c> shows: a key installed by
    /// mistake, or one that was compromised. Audited on casework.</summary>
    private static async Task<int> UntrustAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("id", "zone");
        var id = arguments.Require("id").Trim();
        var initialised = ZoneServices.Initialised(settings);
        var zone = arguments.Zone()
            ?? (initialised.Count == 2 ? initialised.FirstOrDefault(z => Trusts(settings, z, id)) : null)
            ?? ZoneServices.Choose(settings, arguments, preferred: RequiredWhenBoth(settings, arguments));
        ZoneServices.Require(settings, zone);
        string change;
        if (zone == ZoneName.Intake)
        {
            change = IntakeKeys.Untrust(settings.Intake.KeysFolder, id);
        }
        else
        {
            await using var casework = ZoneServices.Casework(settings);
            change = await Trust(casework, settings).UntrustAsync(id, By, cancellationToken);
        }

        await output.WriteLineAsync(change);
        await output.WriteLineAsync(PickedUp);
        return 0;
    }

    private static string By => "cli:" + Environment.UserName;

    private static bool Trusts(JeboSettings settings, ZoneName zone, string id) =>
        KeyFolder
            .TrustedKeys(settings.KeysFolder(zone), zone.Peer.ToString())
            .Any(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase));

    private static IntakeKeyTrust Trust(ZoneServices casework, JeboSettings settings) =>
        new(casework.Get<Casework.Data.CaseworkDb>(), casework.Get<Casework.Audit.AuditLog>(), settings.Casework);

    private static async Task<IReadOnlyList<string>> ReplaceAsync(
        JeboSettings settings,
        ZonePublicKeys keys,
        CancellationToken cancellationToken
    )
    {
        if (keys.Owner == ZoneName.Casework)
        {
            return IntakeKeys.Install(settings.Intake.KeysFolder, keys, replace: true);
        }

        await using var casework = ZoneServices.Casework(settings);
        return await Trust(casework, settings).ReplaceAsync(keys, By, cancellationToken);
    }

    private static ZonePublicKeys Export(JeboSettings settings, ZoneName zone) =>
        zone == ZoneName.Intake
            ? IntakeKeys.Export(settings.Intake.KeysFolder, DateTimeOffset.UtcNow)
            : CaseworkKeys.Export(settings.Casework.KeysFolder, DateTimeOffset.UtcNow);

    /// <summary>Installs the other zone's public keys into <paramref name="zone"/>'s folder here.</summary>
    private static IReadOnlyList<string> Install(JeboSettings settings, ZoneName zone, ZonePublicKeys peerKeys) =>
        zone == ZoneName.Intake
            ? IntakeKeys.Install(settings.Intake.KeysFolder, peerKeys)
            : CaseworkKeys.Install(settings.Casework.KeysFolder, peerKeys);

    private static async Task Print(TextWriter output, ZonePublicKeys keys)
    {
        foreach (var key in keys.Keys)
        {
            var state = key.Current ? "current" : "retired";
            var generation = key.Purpose == ExportedKey.Sealing ? $" generation {key.Generation}" : "";
            await output.WriteLineAsync($"  {keys.Zone} {key.Purpose} {key.Id} ({state}){generation}");
            await output.WriteLineAsync($"    fingerprint {ZonePublicKeys.Fingerprint(key.Raw)}");
        }

        await output.WriteLineAsync(
            $"  fingerprint of the whole export (for `jebo keys install --replace --fingerprint`): "
                + $"{keys.ExportFingerprint}"
        );
    }

    /// <summary>With both zones in one data folder, a keys command must be told which one it means.</summary>
    private static ZoneName RequiredWhenBoth(JeboSettings settings, Arguments arguments) =>
        arguments.Zone() is null && ZoneServices.Initialised(settings).Count == 2
            ? throw new UsageException("both zones live in this data folder: say which with --zone intake|casework")
            : ZoneName.Intake;
}
