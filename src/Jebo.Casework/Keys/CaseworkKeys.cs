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
    public static readonly string Peer = ZoneName.Intake.ToString();

    private CaseworkKeys(
        SealingSecrets sealingSecrets, Key signingKey, IReadOnlyDictionary<string, PublicKey> intakeSigning, IReadOnlyDictionary<string, PublicKey> ownSigning)
    {
        SealingSecrets = sealingSecrets;
        SigningKey = signingKey;
        SigningKeyId = KeyId.Of(signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        IntakeSigning = intakeSigning;
        OwnSigning = ownSigning;
    }

    public Key SigningKey { get; }
    public string SigningKeyId { get; }

    /// <summary>Intake signing keys this zone trusts, by key id.</summary>
    public IReadOnlyDictionary<string, PublicKey> IntakeSigning { get; }

    /// <summary>This zone's own signing public keys, current and retired (<see cref="KeyFolder.OwnSigningKeys"/>), for
    /// checking its own status bundles and audit checkpoints.</summary>
    public IReadOnlyDictionary<string, PublicKey> OwnSigning { get; }

    /// <summary>The private sealing keys (current and retired), held once, raw, in locked memory: what the opener uses
    /// (see <see cref="Keys.SealingSecrets"/>).</summary>
    public SealingSecrets SealingSecrets { get; }

    public static bool IsInitialised(string folder) => File.Exists(Path.Combine(folder, SealingKeyFile));

    public static bool CreateIfMissing(string folder)
    {
        var created = false;
        if (!File.Exists(Path.Combine(folder, SealingKeyFile)))
        {
            KeyFolder.WriteNewKey(folder, KeyAgreementAlgorithm.X25519, SealingKeyFile, SealingPublicFile);
            created = true;
        }

        return KeyFolder.CreateSigningKeyIfMissing(folder) || created;
    }

    /// <summary>Loads every key; throws <see cref="KeyFileException"/> with the next step when intake's public key is
    /// not installed yet, so the zone refuses to start rather than refuse every bundle.</summary>
    public static CaseworkKeys Load(string folder)
    {
        var intake = KeyFolder.TrustedSigningKeys(folder, Peer);
        if (intake.Count == 0)
        {
            throw new KeyFileException(
                $"intake's public key is not installed in {folder}: on the intake machine run `jebo keys export --zone intake --to DIR`, carry DIR here and run `jebo keys install --from DIR`");
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

            return new CaseworkKeys(new SealingSecrets(raw), KeyFolder.LoadSigningKey(folder), intake, KeyFolder.OwnSigningKeys(folder));
        }
        finally
        {
            foreach (var (_, privateKey, _) in raw)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(privateKey);
            }
        }
    }

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
                .. KeyFolder.OwnSigningPublicKeys(folder).Select(k => ZonePublicKeys.Describe(ExportedKey.Signing, k.Raw, 1, k.Current)),
            ]);
    }

    /// <summary>Trusts intake's signing keys from its export.</summary>
    /// <returns>One line per change, for the operator.</returns>
    public static IReadOnlyList<string> Install(string folder, ZonePublicKeys intake)
    {
        if (intake.Owner != ZoneName.Intake)
        {
            throw new KeyFileException($"these are {intake.Zone}'s keys; the casework zone installs intake's");
        }

        return [.. intake.Keys.Where(k => k.Purpose == ExportedKey.Signing && KeyFolder.TrustSigningKey(folder, Peer, k.Raw))
            .Select(k => $"intake signing key {KeyFolder.Show(k.Raw)} trusted")];
    }

    /// <summary>Replaces the sealing key, keeping the old one in <c>retired/</c> to open what was sealed to it.</summary>
    /// <returns>The new key's id.</returns>
    public static string RotateSealingKey(string folder)
    {
        var current = KeyFile.Read(Path.Combine(folder, SealingKeyFile));
        using (var key = Key.Import(KeyAgreementAlgorithm.X25519, current, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
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
        return 1 + (Directory.Exists(KeyFolder.Retired(folder))
            ? Directory.EnumerateFiles(KeyFolder.Retired(folder), "sealing-*.key").Count(f => Path.GetFileNameWithoutExtension(f) != $"sealing-{current}")
            : 0);
    }

    /// <summary>The current sealing public key, derived from the private key (the .pub file is only a convenience copy,
    /// which a crash during rotation could leave behind).</summary>
    private static byte[] CurrentSealingPublicKey(string folder) => PublicHalf(KeyFile.Read(Path.Combine(folder, SealingKeyFile)));

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

    public void Dispose()
    {
        SealingSecrets.Dispose();
        SigningKey.Dispose();
    }
}
