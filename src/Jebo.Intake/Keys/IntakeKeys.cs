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

    private IntakeKeys(Key signingKey, byte[] pepper, PublicKey caseworkSealing, IReadOnlyDictionary<string, PublicKey> caseworkSigning)
    {
        SigningKey = signingKey;
        Pepper = pepper;
        CaseworkSealing = caseworkSealing;
        CaseworkSigning = caseworkSigning;
        SigningKeyId = KeyId.Of(signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        CaseworkSealingKeyId = KeyId.Of(caseworkSealing.Export(KeyBlobFormat.RawPublicKey));
    }

    public Key SigningKey { get; }
    public string SigningKeyId { get; }
    public byte[] Pepper { get; }

    /// <summary>The casework sealing key reports are sealed to: the newest generation installed.</summary>
    public PublicKey CaseworkSealing { get; }

    public string CaseworkSealingKeyId { get; }

    /// <summary>Casework signing keys whose status bundles this zone believes, by key id.</summary>
    public IReadOnlyDictionary<string, PublicKey> CaseworkSigning { get; }

    public static bool IsInitialised(string folder) => File.Exists(Path.Combine(folder, SigningKeyFile));

    /// <summary>Creates the zone's own keys if missing; returns true when something was created.</summary>
    public static bool CreateIfMissing(string folder)
    {
        var created = KeyFolder.CreateSigningKeyIfMissing(folder);
        if (!File.Exists(Path.Combine(folder, PepperFile)))
        {
            KeyFile.WritePrivate(Path.Combine(folder, PepperFile), System.Security.Cryptography.RandomNumberGenerator.GetBytes(Receipts.ReceiptKeys.PepperLength));
            created = true;
        }

        return created;
    }

    /// <summary>Loads every key; throws <see cref="KeyFileException"/> with the next step when casework's public keys
    /// are not installed yet, so the zone refuses to start rather than accept reports it could not seal.</summary>
    public static IntakeKeys Load(string folder)
    {
        var sealing = CaseworkSealingKeys(folder);
        var signing = KeyFolder.TrustedSigningKeys(folder, Peer);
        if (sealing.Count == 0 || signing.Count == 0)
        {
            throw new KeyFileException(
                $"casework's public keys are not installed in {folder}: on the casework machine run `jebo keys export --zone casework --to DIR`, carry DIR here and run `jebo keys install --from DIR`");
        }

        var newest = sealing.MaxBy(k => k.Generation);
        return new IntakeKeys(
            KeyFolder.LoadSigningKey(folder),
            KeyFile.Read(Path.Combine(folder, PepperFile)),
            PublicKey.Import(KeyAgreementAlgorithm.X25519, newest.Raw, KeyBlobFormat.RawPublicKey),
            signing);
    }

    /// <summary>The public keys casework needs from intake.</summary>
    public static ZonePublicKeys Export(string folder, DateTimeOffset now) => new(
        ZonePublicKeys.CurrentFormat,
        ZoneName.Intake.ToString(),
        now,
        [.. KeyFolder.OwnSigningPublicKeys(folder).Select((k, i) => ZonePublicKeys.Describe(ExportedKey.Signing, k.Raw, 1, k.Current))]);

    /// <summary>Installs casework's public keys: trusts its signing keys and seals to its newest sealing key. Refuses a
    /// sealing key older than the one installed, so a stale export cannot undo a rotation.</summary>
    /// <returns>One line per change, for the operator.</returns>
    public static IReadOnlyList<string> Install(string folder, ZonePublicKeys casework)
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

            if (key.Current && installed.Count > 0 && key.Generation <= installed.Max(k => k.Generation))
            {
                throw new KeyFileException(
                    $"casework sealing key {key.Id} is generation {key.Generation}, not newer than the one installed (generation {installed.Max(k => k.Generation)}): this export is stale");
            }

            KeyFile.WritePublic(Path.Combine(KeyFolder.Trusted(folder), string.Create(CultureInfo.InvariantCulture, $"{Peer}-sealing-g{key.Generation:D4}-{key.Id}.pub")), key.Raw);
            changes.Add($"casework sealing key {KeyFolder.Show(key.Raw)} (generation {key.Generation}){(key.Current ? "; new reports are sealed to it" : "")}");
        }

        foreach (var key in casework.Keys.Where(k => k.Purpose == ExportedKey.Signing))
        {
            if (KeyFolder.TrustSigningKey(folder, Peer, key.Raw))
            {
                changes.Add($"casework signing key {KeyFolder.Show(key.Raw)} trusted");
            }
        }

        return changes;
    }

    /// <summary>Replaces intake's signing key; casework must install the new public key before it can read bundles
    /// signed with it, and keeps trusting the old one.</summary>
    public static string Rotate(string folder) => KeyFolder.RotateSigningKey(folder);

    private static List<(int Generation, string Id, byte[] Raw)> CaseworkSealingKeys(string folder)
    {
        var keys = new List<(int, string, byte[])>();
        var trusted = KeyFolder.Trusted(folder);
        if (!Directory.Exists(trusted))
        {
            return keys;
        }

        foreach (var path in Directory.EnumerateFiles(trusted, $"{Peer}-sealing-g*.pub"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var parts = name[$"{Peer}-sealing-g".Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                var raw = KeyFile.Read(path);
                keys.Add((generation, KeyId.Of(raw), raw));
            }
        }

        return keys;
    }

    public void Dispose() => SigningKey.Dispose();
}
