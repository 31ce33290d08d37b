using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Casework.Keys;

/// <summary>
/// The casework zone's secrets (X25519 sealing key, Ed25519 signing key) and the intake public key it trusts, from
/// <c>casework/keys/</c> under the data folder.
/// </summary>
/// <remarks>Security: the sealing private key is the one secret that opens every report; it exists only in the
/// casework zone, in a file readable by its owner alone. Old sealing keys stay in <c>keys/retired/</c> so reports
/// sealed before a rotation can still be opened.</remarks>
public sealed class CaseworkKeys : IDisposable
{
    public const string SealingKeyFile = "sealing.key";
    public const string SealingPublicFile = "sealing.pub";
    public const string SigningKeyFile = "signing.key";
    public const string SigningPublicFile = "signing.pub";
    public const string IntakeSigningPublicFile = "intake-signing.pub";
    public const string RetiredFolder = "retired";

    private readonly Dictionary<string, Key> sealingKeys;

    private CaseworkKeys(Dictionary<string, Key> sealingKeys, Key signingKey, Dictionary<string, PublicKey> intakeSigning)
    {
        this.sealingKeys = sealingKeys;
        SigningKey = signingKey;
        SigningKeyId = KeyId.Of(signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        IntakeSigning = intakeSigning;
    }

    public Key SigningKey { get; }
    public string SigningKeyId { get; }

    /// <summary>Intake signing keys this zone trusts, by key id.</summary>
    public IReadOnlyDictionary<string, PublicKey> IntakeSigning { get; }

    /// <summary>The private sealing key with the given id (current or retired), or null.</summary>
    public Key? SealingKey(string keyId) => sealingKeys.GetValueOrDefault(keyId);

    public static bool CreateIfMissing(string folder)
    {
        var created = false;
        if (!File.Exists(Path.Combine(folder, SealingKeyFile)))
        {
            using var key = Key.Create(KeyAgreementAlgorithm.X25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            KeyFile.WritePrivate(Path.Combine(folder, SealingKeyFile), key.Export(KeyBlobFormat.RawPrivateKey));
            KeyFile.WritePublic(Path.Combine(folder, SealingPublicFile), key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
            created = true;
        }

        if (!File.Exists(Path.Combine(folder, SigningKeyFile)))
        {
            using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            KeyFile.WritePrivate(Path.Combine(folder, SigningKeyFile), key.Export(KeyBlobFormat.RawPrivateKey));
            KeyFile.WritePublic(Path.Combine(folder, SigningPublicFile), key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
            created = true;
        }

        return created;
    }

    public static CaseworkKeys Load(string folder)
    {
        var sealing = new Dictionary<string, Key>(StringComparer.Ordinal);
        var files = new[] { Path.Combine(folder, SealingKeyFile) };
        var retired = Path.Combine(folder, RetiredFolder);
        if (Directory.Exists(retired))
        {
            files = [.. files, .. Directory.EnumerateFiles(retired, "sealing-*.key")];
        }

        foreach (var file in files)
        {
            var key = Key.Import(KeyAgreementAlgorithm.X25519, KeyFile.Read(file), KeyBlobFormat.RawPrivateKey);
            sealing[KeyId.Of(key.PublicKey.Export(KeyBlobFormat.RawPublicKey))] = key;
        }

        var intake = new Dictionary<string, PublicKey>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "intake-signing*.pub"))
        {
            var raw = KeyFile.Read(file);
            intake[KeyId.Of(raw)] = PublicKey.Import(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey);
        }

        if (intake.Count == 0)
        {
            throw new KeyFileException($"no intake signing key is installed in {folder} ({IntakeSigningPublicFile}); install intake's public key first");
        }

        var signing = Key.Import(SignatureAlgorithm.Ed25519, KeyFile.Read(Path.Combine(folder, SigningKeyFile)), KeyBlobFormat.RawPrivateKey);
        return new CaseworkKeys(sealing, signing, intake);
    }

    public void Dispose()
    {
        foreach (var key in sealingKeys.Values)
        {
            key.Dispose();
        }

        SigningKey.Dispose();
    }
}
