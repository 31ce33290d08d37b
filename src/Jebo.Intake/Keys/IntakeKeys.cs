using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Intake.Keys;

/// <summary>
/// The intake zone's secrets and the casework public keys it trusts, from <c>intake/keys/</c> under the data folder.
/// </summary>
/// <remarks>Security: intake holds only its own signing key and pepper; of casework it knows public keys alone, so
/// nothing on the internet-facing machine can open a sealed report.</remarks>
public sealed class IntakeKeys : IDisposable
{
    public const string SigningKeyFile = "signing.key";
    public const string SigningPublicFile = "signing.pub";
    public const string PepperFile = "pepper.key";
    public const string CaseworkSealingPublicFile = "casework-sealing.pub";
    public const string CaseworkSigningPublicFile = "casework-signing.pub";

    private IntakeKeys(Key signingKey, byte[] pepper, PublicKey caseworkSealing, PublicKey caseworkSigning)
    {
        SigningKey = signingKey;
        Pepper = pepper;
        CaseworkSealing = caseworkSealing;
        CaseworkSigning = caseworkSigning;
        SigningKeyId = KeyId.Of(signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        CaseworkSigningKeyId = KeyId.Of(caseworkSigning.Export(KeyBlobFormat.RawPublicKey));
    }

    public Key SigningKey { get; }
    public string SigningKeyId { get; }
    public byte[] Pepper { get; }
    public PublicKey CaseworkSealing { get; }
    public PublicKey CaseworkSigning { get; }
    public string CaseworkSigningKeyId { get; }

    /// <summary>Creates the zone's own keys if missing; returns true when something was created.</summary>
    public static bool CreateIfMissing(string folder)
    {
        var created = false;
        if (!File.Exists(Path.Combine(folder, SigningKeyFile)))
        {
            using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            KeyFile.WritePrivate(Path.Combine(folder, SigningKeyFile), key.Export(KeyBlobFormat.RawPrivateKey));
            KeyFile.WritePublic(Path.Combine(folder, SigningPublicFile), key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
            created = true;
        }

        if (!File.Exists(Path.Combine(folder, PepperFile)))
        {
            KeyFile.WritePrivate(Path.Combine(folder, PepperFile), System.Security.Cryptography.RandomNumberGenerator.GetBytes(Receipts.ReceiptKeys.PepperLength));
            created = true;
        }

        return created;
    }

    public static IntakeKeys Load(string folder)
    {
        var signing = Key.Import(SignatureAlgorithm.Ed25519, KeyFile.Read(Path.Combine(folder, SigningKeyFile)), KeyBlobFormat.RawPrivateKey);
        return new IntakeKeys(
            signing,
            KeyFile.Read(Path.Combine(folder, PepperFile)),
            PublicKey.Import(KeyAgreementAlgorithm.X25519, KeyFile.Read(Path.Combine(folder, CaseworkSealingPublicFile)), KeyBlobFormat.RawPublicKey),
            PublicKey.Import(SignatureAlgorithm.Ed25519, KeyFile.Read(Path.Combine(folder, CaseworkSigningPublicFile)), KeyBlobFormat.RawPublicKey));
    }

    public void Dispose() => SigningKey.Dispose();
}
