using System.Globalization;
using Jebo.Transfer;
using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Intake.Keys;

/// <summary>
/// The intake zone's secrets and the casework public keys it trusts, from <c>intake/keys/</c> under the data folder:
/// <c>signing.key</c> (Ed25519), <c>pepper.key</c>, <c>retired/signing-ID.pub</c>, and under <c>trusted/</c> casework's
/// sealing keys (<c>casework-sealing-gN-ID.pub</c>, the highest generation is used) and signing keys
/// (<c>casework-signing-ID.pub</c>, all trusted).
/// </summary>
/// <remarks>Security: intake holds only its own signing key and pepper; of casework it knows public keys alone, so
/// nothing on the internet-facing machine can open a sealed report. The pepper is never rotated: every receipt's
/// lookup id depends on it.</remarks>
public sealed class IntakeKeys : IDisposable
{
    public const string SigningKeyFile = KeyFolder.SigningKeyFile;
    public const string SigningPublicFile = KeyFolder.SigningPublicFile;
    public const string PepperFile = "pepper.key";
    public static readonly string Peer = ZoneName.Casework.ToString();

    private readonly ReloadingKeys<Loaded> keys;

    private IntakeKeys(string folder, byte[] pepper)
    {
        Pepper = pepper;
        keys = new ReloadingKeys<Loaded>(folder, () => Loaded.From(folder));
    }

    /// <summary>The zone's own signing key with its id, taken together so a bundle never names one key and is signed
    /// with another while a rotation is picked up.</summary>
    public OwnSigningKey Signing => keys.Current.Signing;

    public string SigningKeyId => Signing.Id;

    /// <summary>Never rotated, so read once.</summary>
    public byte[] Pepper { get; }

    /// <summary>The casework sealing key reports are sealed to: the newest generation installed now.</summary>
    public PublicKey CaseworkSealing => keys.Current.CaseworkSealing;

    public string CaseworkSealingKeyId => KeyId.Of(CaseworkSealing.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>Casework signing keys whose status bundles this zone believes now, by key id.</summary>
    public IReadOnlyDictionary<string, PublicKey> CaseworkSigning => keys.Current.CaseworkSigning;

    public static bool IsInitialised(string folder) => File.Exists(Path.Combine(folder, SigningKeyFile));

    /// <summary>Whether a private key file (its path under the key folder, with <c>/</c>) is one of intake's
    /// own.</summary>
    public static bool IsOwnPrivateFile(string relativePath) => relativePath is SigningKeyFile or PepperFile;

    /// <summary>Creates the zone's own keys if missing; returns true when something was created.</summary>
    public static bool CreateIfMissing(string folder)
    {
        var created = KeyFolder.CreateSigningKeyIfMissing(folder);
        if (!File.Exists(Path.Combine(folder, PepperFile)))
        {
            KeyFile.WritePrivate(
                Path.Combine(folder, PepperFile),
                System.Security.Cryptography.RandomNumberGenerator.GetBytes(Receipts.ReceiptKeys.PepperLength)
            );
            created = true;
        }

        return created;
    }

    /// <summary>Loads every key, and again whenever the folder changes (<see cref="ReloadingKeys{T}"/>); throws
    /// <see cref="KeyFileException"/> with the next step when casework's public keys are not installed yet, so the
    /// zone refuses to start rather than accept reports it could not seal.</summary>
    public static IntakeKeys Load(string folder)
    {
        return new IntakeKeys(folder, KeyFile.Read(Path.Combine(folder, PepperFile)));
    }

    /// <summary>The public keys casework needs from intake.</summary>
    public static ZonePublicKeys Export(string folder, DateTimeOffset now) =>
        new(
            ZonePublicKeys.CurrentFormat,
            ZoneName.Intake.ToString(),
            now,
            [
                .. KeyFolder
                    .OwnSigningPublicKeys(folder)
                    .Select((k, i) => ZonePublicKeys.Describe(ExportedKey.Signing, k.Raw, 1, k.Current)),
            ]
        );

    /// <summary>Installs casework's public keys: trusts its signing keys and seals to its newest sealing key. Refuses a
    /// sealing key older than the one installed, so a stale export cannot undo a rotation — unless
    /// <paramref name="replace"/>: then intake trusts exactly the keys of this export, in place of every casework key
    /// it trusted before (the way to put right a wrongly installed key; the caller checks the export's
    /// fingerprint).</summary>
    /// <returns>One line per change, for the operator.</returns>
    public static IReadOnlyList<string> Install(string folder, ZonePublicKeys casework, bool replace = false)
    {
        if (casework.Owner != ZoneName.Casework)
        {
            throw new KeyFileException($"these are {casework.Zone}'s keys; the intake zone installs casework's");
        }

        var changes = new List<string>();
        var installed = CaseworkSealingKeys(folder);
        foreach (var key in casework.Keys.Where(k => k.Purpose == ExportedKey.Sealing))
        {
            if (installed.Any(k => k.Id == key.Id))
            {
                continue;
            }

            if (!replace && key.Current && installed.Count > 0 && key.Generation <= installed.Max(k => k.Generation))
            {
                throw new KeyFileException(
                    $"casework sealing key {key.Id} is generation {key.Generation}, not newer than the one installed "
                        + $"(generation {installed.Max(k => k.Generation)}): this export is stale, or the key "
                        + $"installed is the wrong one. `jebo keys list` shows it; if it is wrong, put this one in its "
                        + $"place with `jebo keys install --replace --fingerprint \"F\" --from DIR`, F being the "
                        + $"export's fingerprint the casework operator reads out"
                );
            }

            KeyFile.WritePublic(
                Path.Combine(
                    KeyFolder.Trusted(folder),
                    string.Create(CultureInfo.InvariantCulture, $"{Peer}-sealing-g{key.Generation:D4}-{key.Id}.pub")
                ),
                key.Raw
            );
            changes.Add(
                $"casework sealing key {KeyFolder.Show(key.Raw)} (generation "
                    + $"{key.Generation}){(key.Current ? "; new reports are sealed to it" : "")}"
            );
        }

        foreach (var key in casework.Keys.Where(k => k.Purpose == ExportedKey.Signing))
        {
            if (KeyFolder.TrustSigningKey(folder, Peer, key.Raw))
            {
                changes.Add($"casework signing key {KeyFolder.Show(key.Raw)} trusted");
            }
        }

        if (replace)
        {
            changes.AddRange(KeyFolder.UntrustAllBut(folder, Peer, casework));
        }

        return changes;
    }

    /// <summary>Stops trusting one casework key (wrongly installed, or compromised). Refuses to remove the last sealing
    /// key or the last signing key, with which the zone could neither seal a report nor start.</summary>
    /// <returns>What changed, for the operator.</returns>
    public static string Untrust(string folder, string id)
    {
        var trusted = KeyFolder.TrustedKeys(folder, Peer);
        if (
            trusted.All(k => !string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
            && KeyFolder
                .OwnSigningPublicKeys(folder)
                .Any(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
        )
        {
            throw new KeyFileException(
                $"{id} is intake's own signing key, not a key it trusts: `jebo keys rotate --zone intake` replaces it"
            );
        }

        var key = KeyFolder.Find(trusted, id, folder, ZoneName.Intake.ToString());
        if (trusted.Count(k => k.Purpose == key.Purpose) == 1)
        {
            throw new KeyFileException(
                $"casework {key.Purpose} key {key.Id} is the only one intake "
                    + $"has{(key.Purpose == ExportedKey.Sealing ? " to seal reports to" : "")}, so it cannot be "
                    + "removed alone: put the right one in its place with `jebo keys install --replace "
                    + "--fingerprint \"F\" --from DIR` (the casework operator's export)"
            );
        }

        KeyFolder.Untrust(key);
        var now =
            key.Purpose == ExportedKey.Sealing
                ? $"; new reports are sealed to {CaseworkSealingKeys(folder).MaxBy(k => k.Generation)!.Id}"
                : "";
        return $"casework {key.Purpose} key {KeyFolder.Show(key.Raw)} is no longer trusted{now}";
    }

    /// <summary>Every key of the zone for <c>jebo keys list</c>: its own signing keys, and casework's it
    /// trusts.</summary>
    public static IReadOnlyList<ListedKey> List(string folder)
    {
        var sealing = CaseworkSealingKeys(folder);
        var newest = sealing.Count == 0 ? 0 : sealing.Max(k => k.Generation);
        return
        [
            .. KeyFolder
                .OwnSigningPublicKeys(folder)
                .Select(k => new ListedKey("own", ExportedKey.Signing, k.Current ? "current" : "retired", k.Raw)),
            .. sealing
                .OrderByDescending(k => k.Generation)
                .Select(k => new ListedKey(
                    "trusted",
                    ExportedKey.Sealing,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"g{k.Generation}{(k.Generation == newest ? " sealed to" : " superseded")}"
                    ),
                    k.Raw
                )),
            .. KeyFolder
                .TrustedKeys(folder, Peer)
                .Where(k => k.Purpose == ExportedKey.Signing)
                .Select(k => new ListedKey("trusted", ExportedKey.Signing, "trusted", k.Raw)),
        ];
    }

    /// <summary>Replaces intake's signing key; casework must install the new public key before it can read bundles
    /// signed with it, and keeps trusting the old one.</summary>
    public static string Rotate(string folder) => KeyFolder.RotateSigningKey(folder);

    private static List<TrustedKey> CaseworkSealingKeys(string folder) =>
        [.. KeyFolder.TrustedKeys(folder, Peer).Where(k => k.Purpose == ExportedKey.Sealing)];

    public void Dispose() => keys.Dispose();

    /// <summary>One loading of the folder: the keys as they were at that moment.</summary>
    private sealed class Loaded(
        OwnSigningKey signing,
        PublicKey caseworkSealing,
        IReadOnlyDictionary<string, PublicKey> caseworkSigning
    ) : IDisposable
    {
        public OwnSigningKey Signing { get; } = signing;
        public PublicKey CaseworkSealing { get; } = caseworkSealing;
        public IReadOnlyDictionary<string, PublicKey> CaseworkSigning { get; } = caseworkSigning;

        public static Loaded From(string folder)
        {
            var sealing = CaseworkSealingKeys(folder);
            var signing = KeyFolder.TrustedSigningKeys(folder, Peer);
            if (sealing.Count == 0 || signing.Count == 0)
            {
                throw new KeyFileException(
                    $"casework's public keys are not installed in {folder}: on the casework machine run `jebo keys "
                        + $"export --zone casework --to DIR`, carry DIR here and run `jebo keys install --from DIR`"
                );
            }

            var newest = sealing.MaxBy(k => k.Generation);
            return new Loaded(
                OwnSigningKey.Load(folder),
                PublicKey.Import(KeyAgreementAlgorithm.X25519, newest!.Raw, KeyBlobFormat.RawPublicKey),
                signing
            );
        }

        public void Dispose() => Signing.Key.Dispose();
    }
}
