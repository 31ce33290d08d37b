using Jebo.Backups;
using Jebo.Storage;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary><c>jebo backup --to DIR [--zone Z] [--recipient FILE.pub]</c> and <c>jebo restore --from DIR [--zone Z]
/// [--key FILE.key]</c>: a zone's database, keys, checkpoint file and spool; consistent while running; owner-only, and
/// encrypted to a recipient key when one is given (<c>jebo backup keygen --out NAME</c> makes the pair). With both
/// zones in one data folder, each gets its own subfolder (or, encrypted, its own <c>ZONE.jebo-backup</c>
/// file).</summary>
public static class BackupCommand
{
    public static async Task<int> BackupAsync(
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        if (arguments.Words.Count > 1)
        {
            return await KeygenAsync(arguments, output);
        }

        arguments.AllowOnly("to", "zone", "recipient");
        var settings = JeboSettings.From(arguments, null);
        var to = arguments.Require("to");
        var recipient = arguments.Get("recipient") is { } publicKeyFile
            ? SealedBackup.ReadRecipient(publicKeyFile)
            : null;
        var zones = arguments.Zone() is { } named ? [named] : ZoneServices.Initialised(settings);
        if (zones.Count == 0)
        {
            throw ZoneServices.NoZoneHere(settings);
        }

        foreach (var zone in zones)
        {
            // A zone named that is not here is the other machine's: backed up there, never as an empty stray here.
            ZoneServices.Require(settings, zone);
        }

        var target = OwnerOnly.Folder(to);

        foreach (var zone in zones)
        {
            var (folder, database, spool) = (
                settings.ZoneFolder(zone),
                settings.Database(zone),
                settings.OutboundSpool(zone)
            );
            if (recipient is null)
            {
                var copy = Path.Combine(target, zone.ToString());
                var manifest = await ZoneBackup.CreateAsync(zone, folder, database, spool, copy, cancellationToken);
                await output.WriteLineAsync(
                    $"{zone}: {manifest.Files.Count} file(s) backed up to {copy} ({manifest.Provider})"
                );
                continue;
            }

            // The plain copy is made beside the live data, which is just as plain, and only the sealed file leaves it.
            var sealedFile = Path.Combine(target, zone + SealedBackup.Extension);
            if (File.Exists(sealedFile))
            {
                throw new CommandFailedException($"{sealedFile} exists; give a new folder for each backup");
            }

            var plain = Staging(folder, "backup");
            try
            {
                var manifest = await ZoneBackup.CreateAsync(zone, folder, database, spool, plain, cancellationToken);
                await SealedBackup.SealAsync(plain, recipient, sealedFile, Staging(folder, "seal"), cancellationToken);
                await output.WriteLineAsync(
                    $"{zone}: {manifest.Files.Count} file(s) backed up, encrypted to key "
                        + $"{Transfer.Keys.KeyId.Of(recipient.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey))}, "
                        + $"to {sealedFile} ({manifest.Provider})"
                );
            }
            finally
            {
                if (Directory.Exists(plain))
                {
                    Directory.Delete(plain, recursive: true);
                }
            }
        }

        return 0;
    }

    public static async Task<int> RestoreAsync(
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("from", "zone", "key");
        var settings = JeboSettings.From(arguments, null);
        var source = arguments.Require("from");
        var encrypted = ZoneName
            .All.Where(z => File.Exists(Path.Combine(source, z + SealedBackup.Extension)))
            .ToArray();
        var zones =
            arguments.Zone() is { } only ? [only]
            : encrypted.Length > 0 ? encrypted
            : ZoneName.All.Where(z => Directory.Exists(Path.Combine(source, z.ToString()))).ToArray();
        if (zones.Length == 0)
        {
            throw new CommandFailedException(
                $"{source} holds no zone backup (intake/, casework/ or ZONE{SealedBackup.Extension})"
            );
        }

        using var key = arguments.Get("key") is { } keyFile ? SealedBackup.ReadPrivate(keyFile) : null;
        foreach (var zone in zones)
        {
            var (folder, database, spool) = (
                settings.ZoneFolder(zone),
                settings.Database(zone),
                settings.OutboundSpool(zone)
            );
            var sealedFile = Path.Combine(source, zone + SealedBackup.Extension);
            if (!File.Exists(sealedFile))
            {
                await ZoneBackup.RestoreAsync(
                    Path.Combine(source, zone.ToString()),
                    folder,
                    database,
                    spool,
                    cancellationToken
                );
            }
            else
            {
                if (key is null)
                {
                    throw new CommandFailedException(
                        $"{sealedFile} is encrypted: give the recipient's private key with --key FILE.key"
                    );
                }

                OwnerOnly.Folder(settings.DataFolder);
                var plain = Staging(settings.DataFolder, "restore-" + zone);
                try
                {
                    await SealedBackup.OpenAsync(
                        sealedFile,
                        key,
                        plain,
                        Staging(settings.DataFolder, "open-" + zone),
                        cancellationToken
                    );
                    await ZoneBackup.RestoreAsync(plain, folder, database, spool, cancellationToken);
                }
                finally
                {
                    if (Directory.Exists(plain))
                    {
                        Directory.Delete(plain, recursive: true);
                    }
                }
            }

            await output.WriteLineAsync(
                $"{zone}: restored into {folder}; run `jebo audit verify` and `jebo transfer status` before starting"
            );
        }

        return 0;
    }

    /// <summary><c>jebo backup keygen --out NAME</c>: a recipient key pair for encrypted backups.</summary>
    private static async Task<int> KeygenAsync(Arguments arguments, TextWriter output)
    {
        if (arguments.Words[1] != "keygen")
        {
            throw new UsageException(
                "usage: jebo backup --to DIR [--zone Z] [--recipient FILE.pub] | jebo backup keygen --out NAME"
            );
        }

        arguments.AllowOnly("out");
        var name = arguments.Require("out");
        var id = SealedBackup.CreateKeyPair(name);
        await output.WriteLineAsync(
            $"backup key {id}: give {name}.pub to `jebo backup --recipient`; keep {name}.key (owner-only) off this "
                + $"machine, it alone opens the backups"
        );
        return 0;
    }

    /// <summary>A fresh owner-only working folder inside <paramref name="folder"/>.</summary>
    private static string Staging(string folder, string purpose) =>
        Path.Combine(folder, $".{purpose}-{Guid.NewGuid():n}");
}
