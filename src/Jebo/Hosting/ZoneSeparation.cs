using Jebo.Casework.Keys;
using Jebo.Cli;
using Jebo.Intake.Keys;
using Jebo.Transfer;

namespace Jebo.Hosting;

/// <summary>
/// One zone per data folder on a two-machine deployment: a zone started alone (<c>jebo intake</c>,
/// <c>jebo casework</c>) and <c>jebo init --zone Z</c> refuse a data folder that holds the other zone's private keys,
/// and <c>jebo init</c> for both refuses a folder set up for one zone. Only <c>jebo up</c>, which runs both zones on
/// one machine, keeps both zones' keys in one folder.
/// </summary>
/// <remarks>Security: casework's sealing key opens every report; on the internet-facing machine it would give a
/// compromise of intake every report ever sealed. An operator who forgets <c>--zone</c> on the intake machine gets
/// both zones' keys there; this check stops that machine before it seals a single report to the local key. Private
/// key files are found by name (<c>*.key</c>): anything in the other zone's key folder, and anything in this zone's
/// that is not one of its own (<see cref="IntakeKeys.IsOwnPrivateFile"/>, <see cref="CaseworkKeys.IsOwnPrivateFile"/>),
/// such as casework's <c>sealing.key</c> copied into intake's folder.</remarks>
public static class ZoneSeparation
{
    /// <summary>Where the operator reads how to put a mixed-up machine right.</summary>
    public const string Guide = "docs/operations.md, \"A zone set up on the wrong machine\"";

    /// <summary>The other zone's private key files in this data folder, as paths.</summary>
    public static IReadOnlyList<string> ForeignPrivateKeys(JeboSettings settings, ZoneName zone)
    {
        var own = settings.KeysFolder(zone);
        var other = settings.KeysFolder(zone.Peer);
        var foreign = PrivateKeyFiles(other).ToList();
        foreach (var path in PrivateKeyFiles(own))
        {
            var relative = Path.GetRelativePath(own, path).Replace('\\', '/');
            if (!zone.Pick(IntakeKeys.IsOwnPrivateFile(relative), CaseworkKeys.IsOwnPrivateFile(relative)))
            {
                foreign.Add(path);
            }
        }

        return foreign;
    }

    /// <summary>Refuses to run <paramref name="zone"/> alone where the other zone's private keys are; the message says
    /// what is wrong and what to do on this machine.</summary>
    /// <param name="settings">The data folder's layout.</param>
    /// <param name="zone">The zone to run or set up here.</param>
    /// <param name="action">What is refused, for the message: "`jebo intake` runs", "`jebo init --zone intake` sets
    /// up".</param>
    public static void RequireSeparate(JeboSettings settings, ZoneName zone, string action)
    {
        if (ForeignPrivateKeys(settings, zone) is not [var first, ..] found)
        {
            return;
        }

        var peerFolder = settings.ZoneFolder(zone.Peer);
        throw new CommandFailedException(
            $"the {zone.Peer} zone's private keys are in this {zone} data folder "
                + $"({first}{(found.Count > 1 ? $" and {found.Count - 1} more" : "")}): "
                + $"{action} the {zone} zone alone, on a machine that never holds them. To run both zones on this "
                + $"one machine use `jebo up`. "
                + $"If this is the {zone} machine, move {peerFolder} off it (and any {zone.Peer} *.key file out of "
                + $"{settings.KeysFolder(zone)}), "
                + $"then put the real {zone.Peer} keys in place of the ones installed from it: `jebo keys list`, and "
                + $"`jebo keys install --replace --fingerprint \"F\" --from DIR` with the {zone.Peer} operator's "
                + $"export ({Guide})"
        );
    }

    /// <summary><c>jebo init</c> for both zones refuses a folder already set up for one, rather than add the other
    /// zone's private keys to it.</summary>
    public static void RequireNotSingleZone(JeboSettings settings)
    {
        if (ZoneServices.Initialised(settings) is [var zone])
        {
            throw new CommandFailedException(
                $"{settings.DataFolder} is set up for the {zone} zone alone: `jebo init` without --zone would add the "
                    + $"{zone.Peer} zone's private keys to it. Run `jebo init --zone {zone}` to check or repair this "
                    + $"{zone} zone"
            );
        }
    }

    private static IEnumerable<string> PrivateKeyFiles(string keysFolder) =>
        Directory.Exists(keysFolder)
            ? Directory.EnumerateFiles(keysFolder, "*.key", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
}
