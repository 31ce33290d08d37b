using Jebo.Casework.Keys;
using Jebo.Intake.Keys;
using Jebo.Transfer;
using Jebo.Transfer.Keys;

namespace Jebo.Cli;

/// <summary>
/// <c>jebo keys export|install|rotate|list</c>: setting up two zones on two machines and rotating their keys. Only
/// public keys ever leave a zone's folder. See docs/operations.md ("Two machines").
/// </summary>
public static class KeysCommand
{
    public const string Usage = "usage: jebo keys export --zone intake|casework --to DIR | install --from DIR | rotate --zone intake|casework [--key signing|sealing|all] | list";

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException(Usage);
        var settings = JeboSettings.From(arguments, null);
        return action switch
        {
            "export" => await ExportAsync(settings, arguments, output),
            "install" => await InstallAsync(settings, arguments, output),
            "rotate" => await RotateAsync(settings, arguments, output),
            "list" => await ListAsync(settings, arguments, output),
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
        await output.WriteLineAsync($"compare these fingerprints with the other machine's operator (telephone, paper) before they install the file");
        return 0;
    }

    /// <summary>Installs every <c>jebo-*-public-keys.json</c> in DIR into the zone here that needs it: intake's keys
    /// into casework, casework's into intake.</summary>
    private static async Task<int> InstallAsync(JeboSettings settings, Arguments arguments, TextWriter output)
    {
        arguments.AllowOnly("from");
        var source = Path.GetFullPath(arguments.Require("from"));
        var files = Directory.Exists(source) ? Directory.GetFiles(source, "jebo-*-public-keys.json") : File.Exists(source) ? [source] : [];
        if (files.Length == 0)
        {
            throw new CommandFailedException($"no jebo-*-public-keys.json in {source}; write one with `jebo keys export` on the other machine");
        }

        var installed = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var keys = ZonePublicKeys.Read(file);
            await output.WriteLineAsync($"{Path.GetFileName(file)}: {keys.Zone}'s public keys, exported {keys.ExportedAt:u}");
            await Print(output, keys);
            var user = keys.Owner.Peer;
            if (!ZoneServices.IsInitialised(settings, user))
            {
                throw new CommandFailedException($"{Path.GetFileName(file)} holds {keys.Zone}'s keys, but the zone that uses them ({user}) is not initialised in {settings.DataFolder}");
            }

            var changes = Install(settings, user, keys);

            foreach (var change in changes)
            {
                await output.WriteLineAsync($"installed {change}");
            }

            installed += changes.Count;
        }

        await output.WriteLineAsync(installed == 0 ? "nothing new: every key was installed already" : "restart the zone so it uses the new keys");
        return 0;
    }

    /// <summary>Replaces a zone's keys, keeping old sealing keys (casework) and old signing public keys so nothing
    /// sealed or signed before is lost; when both zones share this data folder the other zone learns the new keys.</summary>
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
                throw new UsageException("intake has no sealing key of its own (it seals to casework's); rotate its signing key");
            }

            await output.WriteLineAsync($"intake signing key is now {IntakeKeys.Rotate(settings.Intake.KeysFolder)}; the old public key stays in keys/retired/ and stays trusted by casework");
        }
        else
        {
            if (which is "sealing" or "all")
            {
                await output.WriteLineAsync($"casework sealing key is now {CaseworkKeys.RotateSealingKey(settings.Casework.KeysFolder)} (generation {CaseworkKeys.SealingGeneration(settings.Casework.KeysFolder)}); the old private key is kept in keys/retired/ to open what was sealed to it");
            }

            if (which is "signing" or "all")
            {
                await output.WriteLineAsync($"casework signing key is now {CaseworkKeys.RotateSigningKey(settings.Casework.KeysFolder)}; the old public key stays in keys/retired/ and stays trusted by intake");
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
            await output.WriteLineAsync($"next: `jebo keys export --zone {zone} --to DIR`, carry DIR to the {zone.Peer} machine and `jebo keys install --from DIR` there");
        }

        await output.WriteLineAsync($"restart the {zone} zone so it uses the new keys");
        return 0;
    }

    private static async Task<int> ListAsync(JeboSettings settings, Arguments arguments, TextWriter output)
    {
        arguments.AllowOnly();
        var any = false;
        foreach (var zone in ZoneServices.Initialised(settings))
        {
            any = true;
            var folder = settings.KeysFolder(zone);
            await output.WriteLineAsync($"{zone}: own keys");
            await Print(output, Export(settings, zone));
            await output.WriteLineAsync($"{zone}: trusted {zone.Peer} keys");
            foreach (var path in Directory.Exists(KeyFolder.Trusted(folder)) ? Directory.GetFiles(KeyFolder.Trusted(folder), "*.pub").Order(StringComparer.Ordinal).ToArray() : [])
            {
                await output.WriteLineAsync($"  {Path.GetFileNameWithoutExtension(path)}  fingerprint {ZonePublicKeys.Fingerprint(KeyFile.Read(path))}");
            }
        }

        return any ? 0 : throw new CommandFailedException($"no zone is initialised in {settings.DataFolder}");
    }

    private static ZonePublicKeys Export(JeboSettings settings, ZoneName zone) => zone == ZoneName.Intake
        ? IntakeKeys.Export(settings.Intake.KeysFolder, DateTimeOffset.UtcNow)
        : CaseworkKeys.Export(settings.Casework.KeysFolder, DateTimeOffset.UtcNow);

    /// <summary>Installs the other zone's public keys into <paramref name="zone"/>'s folder here.</summary>
    private static IReadOnlyList<string> Install(JeboSettings settings, ZoneName zone, ZonePublicKeys peerKeys) => zone == ZoneName.Intake
        ? IntakeKeys.Install(settings.Intake.KeysFolder, peerKeys)
        : CaseworkKeys.Install(settings.Casework.KeysFolder, peerKeys);

    private static async Task Print(TextWriter output, ZonePublicKeys keys)
    {
        foreach (var key in keys.Keys)
        {
            await output.WriteLineAsync($"  {keys.Zone} {key.Purpose} {key.Id}{(key.Current ? " (current)" : " (retired)")}{(key.Purpose == ExportedKey.Sealing ? $" generation {key.Generation}" : "")}");
            await output.WriteLineAsync($"    fingerprint {ZonePublicKeys.Fingerprint(key.Raw)}");
        }
    }

    /// <summary>With both zones in one data folder, a keys command must be told which one it means.</summary>
    private static ZoneName RequiredWhenBoth(JeboSettings settings, Arguments arguments) =>
        arguments.Zone() is null && ZoneServices.Initialised(settings).Count == 2
            ? throw new UsageException("both zones live in this data folder: say which with --zone intake|casework")
            : ZoneName.Intake;
}
