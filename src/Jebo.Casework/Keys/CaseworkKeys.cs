using System.Globalization;
using Jebo.Transfer;
using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Casework.Keys;

/// <summary>
/// The casework zone's secrets and the intake keys it trusts, from <c>casework/keys/</c> under the data folder:
/// <c>sealing.key</c> (X25519) and <c>signing.key</c> (Ed25519); after rotations <c>retired/sealing-ID.key</c> and
/// <c>retired/signing-ID.pub</c>; and intake's signing keys under <c>trusted/intake-signing-ID.pub</c>.
/// </summary>
/// <remarks>Security: the sealing private key is the one secret that opens every report; it exists only in the
/// casework zone, in files readable by their owner alone. Retired sealing keys are kept, so a report sealed before a
/// rotation — still in intake's database, in the spool or on a carried medium — can always be opened.</remarks>
public sealed class CaseworkKeys : IDisposable
{
    public const string SealingKeyFile = "sealing.key";
    public const string SealingPublicFile = "sealing.pub";
    public const string SigningKeyFile = KeyFolder.SigningKeyFile;
    public const string SigningPublicFile = KeyFolder.SigningPublicFile;

    /// <summary>The zone's hashing secret (32 random bytes, never rotated): keys such as the contact hash's are derived
    /// from it (<c>Screening/ContactHashing</c>).</summary>
    public const string HashingKeyFile = "hashing.key";
    public static readonly string Peer = ZoneName.Intake.ToString();

    private readonly ReloadingKeys<Loaded> keys;

    private CaseworkKeys(string folder) => keys = new ReloadingKeys<Loaded>(folder, () => Loaded.From(folder));

    /// <summary>The zone's own signing key with its id, taken together so a bundle or checkpoint never names one key
    /// and is signed with another while a rotation is picked up.</summary>
    public OwnSigningKey Signing => keys.Current.Signing;

    public string SigningKeyId => Signing.Id;

    /// <summary>Intake signing keys this zone trusts now, by key id.</summary>
    public IReadOnlyDictionary<string, PublicKey> IntakeSigning => keys.Current.IntakeSigning;

    /// <summary>This zone's own signing public keys, current and retired (<see cref="KeyFolder.OwnSigningKeys"/>), for
    /// checking its own status bundles and audit checkpoints.</summary>
    public IReadOnlyDictionary<string, PublicKey> OwnSigning => keys.Current.OwnSigning;

    /// <summary>The private sealing keys (current and retired) as in the folder now, held once, raw, in locked memory:
    /// what the opener uses (see <see cref="Keys.SealingSecrets"/>).</summary>
    public SealingSecrets SealingSecrets => keys.Current.SealingSecrets;

    public static bool IsInitialised(string folder) => File.Exists(Path.Combine(folder, SealingKeyFile));

    /// <summary>Whether a private key file (its path under the key folder, with <c>/</c>) is one of casework's
    /// own.</summary>
    public static bool IsOwnPrivateFile(string relativePath) =>
        relativePath is SealingKeyFile or SigningKeyFile or HashingKeyFile
        || (
            relativePath.StartsWith(KeyFolder.RetiredFolder + "/sealing-", StringComparison.Ordinal)
            && relativePath.Count(c => c == '/') == 1
        );

    public static bool CreateIfMissing(string folder)
    {
        var created = false;
        if (!File.Exists(Path.Combine(folder, SealingKeyFile)))
        {
            KeyFolder.WriteNewKey(folder, KeyAgreementAlgorithm.X25519, SealingKeyFile, SealingPublicFile);
            created = true;
        }

        created = CreateHashingKeyIfMissing(folder) || created;
        return KeyFolder.CreateSigningKeyIfMissing(folder) || created;
    }

    /// <summary>Creates the hashing secret if missing (a zone set up before it existed gets one on its next start);
    /// returns true when it did.</summary>
    public static bool CreateHashingKeyIfMissing(string folder)
    {
        var path = Path.Combine(folder, HashingKeyFile);
        if (File.Exists(path))
        {
            return false;
        }

        KeyFile.WritePrivate(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return true;
    }

    /// <summary>Loads every key, and again whenever the folder changes (<see cref="ReloadingKeys{T}"/>); throws
    /// <see cref="KeyFileException"/> with the next step when intake's public key is not installed yet, so the zone
    /// refuses to start rather than refuse every bundle.</summary>
    public static CaseworkKeys Load(string folder) => new(folder);

    /// <summary>The public keys intake needs: the current sealing key (with its generation) and every signing key
    /// casework has used, so that status bundles signed before a rotation still verify there.</summary>
    public static ZonePublicKeys Export(string folder, DateTimeOffset now)
    {
        var sealing = CurrentSealingPublicKey(folder);
        return new ZonePublicKeys(
            ZonePublicKeys.CurrentFormat,
            ZoneName.Casework.ToString(),
            now,
            [
                ZonePublicKeys.Describe(ExportedKey.Sealing, sealing, SealingGeneration(folder), current: true),
                .. KeyFolder
                    .OwnSigningPublicKeys(folder)
                    .Select(k => ZonePublicKeys.Describe(ExportedKey.Signing, k.Raw, 1, k.Current)),
            ]
        );
    }

    /// <summary>Trusts intake's signing keys from its export; with <paramref name="replace"/>, exactly those, in place
    /// of every intake key trusted before (the caller checks the export's fingerprint and audits the change).</summary>
    /// <returns>One line per change, for the operator.</returns>
    public static IReadOnlyList<string> Install(string folder, ZonePublicKeys intake, bool replace = false)
    {
        if (intake.Owner != ZoneName.Intake)
        {
            throw new KeyFileException($"these are {intake.Zone}'s keys; the casework zone installs intake's");
        }

        List<string> changes =
        [
            .. intake
                .Keys.Where(k => k.Purpose == ExportedKey.Signing && KeyFolder.TrustSigningKey(folder, Peer, k.Raw))
                .Select(k => $"intake signing key {KeyFolder.Show(k.Raw)} trusted"),
        ];
        if (replace)
        {
            changes.AddRange(KeyFolder.UntrustAllBut(folder, Peer, intake));
        }

        return changes;
    }

    /// <summary>The trusted intake key a <c>jebo keys untrust --id ID</c> would remove, checked: refuses casework's own
    /// keys, an id nothing here has, and the last intake signing key (without which casework could not
    /// start).</summary>
    public static TrustedKey FindUntrustable(string folder, string id)
    {
        var trusted = KeyFolder.TrustedKeys(folder, Peer);
        if (
            trusted.All(k => !string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
            && List(folder).Any(k => k.Whose == "own" && string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
        )
        {
            throw new KeyFileException(
                $"{id} is casework's own key, not a key it trusts: `jebo keys rotate --zone casework` replaces it"
            );
        }

        var key = KeyFolder.Find(trusted, id, folder, ZoneName.Casework.ToString());
        if (trusted.Count == 1)
        {
            throw new KeyFileException(
                $"intake signing key {key.Id} is the only one casework trusts, so it cannot be removed alone: put the "
                    + $"right one in its place with `jebo keys install --replace --fingerprint \"F\" --from DIR` (the "
                    + $"intake operator's export)"
            );
        }

        return key;
    }

    /// <summary>Every key of the zone for <c>jebo keys list</c>: its own sealing and signing keys, and intake's it
    /// trusts.</summary>
    public static IReadOnlyList<ListedKey> List(string folder)
    {
        var current = CurrentSealingPublicKey(folder);
        var currentId = KeyId.Of(current);
        return
        [
            new ListedKey(
                "own",
                ExportedKey.Sealing,
                string.Create(CultureInfo.InvariantCulture, $"g{SealingGeneration(folder)} current"),
                current
            ),
            .. SealingKeyFiles(folder)
                .Skip(1)
                .Select(PublicHalfOfFile)
                .Where(k => KeyId.Of(k) != currentId)
                .Select(k => new ListedKey("own", ExportedKey.Sealing, "retired", k)),
            .. KeyFolder
                .OwnSigningPublicKeys(folder)
                .Select(k => new ListedKey("own", ExportedKey.Signing, k.Current ? "current" : "retired", k.Raw)),
            .. KeyFolder.TrustedKeys(folder, Peer).Select(k => new ListedKey("trusted", k.Purpose, "trusted", k.Raw)),
        ];
    }

    /// <summary>Replaces the sealing key, keeping the old one in <c>retired/</c> to open what was sealed to
    /// it.</summary>
    /// <returns>The new key's id.</returns>
    public static string RotateSealingKey(string folder)
    {
        var current = KeyFile.Read(Path.Combine(folder, SealingKeyFile));
        using (
            var key = Key.Import(
                KeyAgreementAlgorithm.X25519,
                current,
                KeyBlobFormat.RawPrivateKey,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }
            )
        )
        {
            var raw = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            var retired = Path.Combine(KeyFolder.Retired(folder), $"sealing-{KeyId.Of(raw)}.key");
            if (!File.Exists(retired))
            {
                KeyFile.WritePrivate(retired, current);
            }

            KeyFile.WritePublic(Path.ChangeExtension(retired, ".pub"), raw);
        }

        return KeyFolder.WriteNewKey(folder, KeyAgreementAlgorithm.X25519, SealingKeyFile, SealingPublicFile);
    }

    /// <summary>Replaces the signing key; its public half stays trusted here and at intake.</summary>
    public static string RotateSigningKey(string folder) => KeyFolder.RotateSigningKey(folder);

    /// <summary>1 for the first sealing key, one more for each rotation (the retired keys other than the current one,
    /// so a rotation cut short by a crash does not count).</summary>
    public static int SealingGeneration(string folder)
    {
        var current = KeyId.Of(CurrentSealingPublicKey(folder));
        return 1
            + (
                Directory.Exists(KeyFolder.Retired(folder))
                    ? Directory
                        .EnumerateFiles(KeyFolder.Retired(folder), "sealing-*.key")
                        .Count(f => Path.GetFileNameWithoutExtension(f) != $"sealing-{current}")
                    : 0
            );
    }

    /// <summary>The current sealing public key, derived from the private key (the .pub file is only a convenience copy,
    /// which a crash during rotation could leave behind).</summary>
    private static byte[] CurrentSealingPublicKey(string folder) =>
        PublicHalf(KeyFile.Read(Path.Combine(folder, SealingKeyFile)));

    /// <summary>The public key of the X25519 private key in a file, the private bytes wiped after.</summary>
    private static byte[] PublicHalfOfFile(string path)
    {
        var privateKey = KeyFile.Read(path);
        try
        {
            return PublicHalf(privateKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>The public key of a raw X25519 private key.</summary>
    private static byte[] PublicHalf(byte[] privateKey)
    {
        using var key = Key.Import(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    private static IEnumerable<string> SealingKeyFiles(string folder)
    {
        yield return Path.Combine(folder, SealingKeyFile);
        if (Directory.Exists(KeyFolder.Retired(folder)))
        {
            foreach (var file in Directory.EnumerateFiles(KeyFolder.Retired(folder), "sealing-*.key"))
            {
                yield return file;
            }
        }
    }

    public void Dispose() => keys.Dispose();

    /// <summary>One loading of the folder: the keys as they were at that moment.</summary>
    private sealed class Loaded(
        SealingSecrets sealingSecrets,
        OwnSigningKey signing,
        IReadOnlyDictionary<string, PublicKey> intakeSigning,
        IReadOnlyDictionary<string, PublicKey> ownSigning
    ) : IDisposable
    {
        public SealingSecrets SealingSecrets { get; } = sealingSecrets;
        public OwnSigningKey Signing { get; } = signing;
        public IReadOnlyDictionary<string, PublicKey> IntakeSigning { get; } = intakeSigning;
        public IReadOnlyDictionary<string, PublicKey> OwnSigning { get; } = ownSigning;

        public static Loaded From(string folder)
        {
            var intake = KeyFolder.TrustedSigningKeys(folder, Peer);
            if (intake.Count == 0)
            {
                throw new KeyFileException(
                    $"intake's public key is not installed in {folder}: on the intake machine run `jebo keys export "
                        + $"--zone intake --to DIR`, carry DIR here and run `jebo keys install --from DIR`"
                );
            }

            var raw = new List<(string Id, byte[] PrivateKey, byte[] PublicKey)>();
            try
            {
                foreach (var file in SealingKeyFiles(folder))
                {
                    var privateKey = KeyFile.Read(file);
                    var publicKey = PublicHalf(privateKey);
                    raw.Add((KeyId.Of(publicKey), privateKey, publicKey));
                }

                return new Loaded(
                    new SealingSecrets(raw),
                    OwnSigningKey.Load(folder),
                    intake,
                    KeyFolder.OwnSigningKeys(folder)
                );
            }
            finally
            {
                foreach (var (_, privateKey, _) in raw)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
                }
            }
        }

        public void Dispose()
        {
            SealingSecrets.Dispose();
            Signing.Key.Dispose();
        }
    }
}
