using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Transfer.Sealing;

/// <summary>
/// Seals bytes to the casework zone's X25519 public key, so that only the holder of the matching private key
/// can read them. Layout (version 1):
/// <c>0x01 | recipient key id (8) | ephemeral public key (32) | nonce (24) | XChaCha20-Poly1305 ciphertext</c>.
/// The AEAD key is HKDF-SHA256 over the X25519 shared secret, salted with the ephemeral and recipient public
/// keys; the first 41 bytes are authenticated as associated data.
/// </summary>
/// <remarks>
/// Security: intake calls <see cref="Seal"/> the moment a report arrives and keeps only the result, so a full
/// compromise of the internet-facing machine reveals no past report. A fresh ephemeral key per box means two boxes
/// never share a key; opening lives in the casework assembly alone (see <c>Jebo.Casework.Sealing</c>).
/// </remarks>
public static class SealedBox
{
    public const byte Version = 1;
    public const int KeyIdLength = 8;
    public const int PublicKeyLength = 32;
    public const int NonceLength = 24;
    public const int HeaderLength = 1 + KeyIdLength + PublicKeyLength + NonceLength;
    public const int TagLength = 16;
    public const int Overhead = HeaderLength + TagLength;

    private static readonly byte[] Info = "jebo/sealed-box/v1"u8.ToArray();

    /// <summary>Seals <paramref name="plaintext"/> to <paramref name="recipient"/> (an X25519 public key).</summary>
    public static byte[] Seal(PublicKey recipient, ReadOnlySpan<byte> plaintext)
    {
        var recipientRaw = recipient.Export(KeyBlobFormat.RawPublicKey);
        using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
        var ephemeralRaw = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(ephemeral, recipient)
            ?? throw new InvalidOperationException("X25519 agreement failed");

        var output = new byte[HeaderLength + plaintext.Length + TagLength];
        output[0] = Version;
        Convert.FromHexString(KeyId.Of(recipientRaw)).CopyTo(output.AsSpan(1, KeyIdLength));
        ephemeralRaw.CopyTo(output.AsSpan(1 + KeyIdLength, PublicKeyLength));
        System.Security.Cryptography.RandomNumberGenerator.Fill(output.AsSpan(1 + KeyIdLength + PublicKeyLength, NonceLength));

        using var aeadKey = DeriveKey(shared, ephemeralRaw, recipientRaw);
        AeadAlgorithm.XChaCha20Poly1305.Encrypt(
            aeadKey,
            output.AsSpan(1 + KeyIdLength + PublicKeyLength, NonceLength),
            output.AsSpan(0, HeaderLength - NonceLength),
            plaintext,
            output.AsSpan(HeaderLength));
        return output;
    }

    /// <summary>The id of the recipient key a box was sealed to, or null if the box is not a version-1 box.</summary>
    public static string? RecipientKeyId(ReadOnlySpan<byte> box) =>
        box.Length >= Overhead && box[0] == Version ? Convert.ToHexStringLower(box.Slice(1, KeyIdLength)) : null;

    /// <summary>Derives the box's AEAD key from the X25519 shared secret; shared by sealing and opening.</summary>
    public static Key DeriveKey(SharedSecret shared, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> recipientPublic)
    {
        Span<byte> salt = stackalloc byte[PublicKeyLength * 2];
        ephemeralPublic.CopyTo(salt);
        recipientPublic.CopyTo(salt[PublicKeyLength..]);
        return KeyDerivationAlgorithm.HkdfSha256.DeriveKey(shared, salt, Info, AeadAlgorithm.XChaCha20Poly1305);
    }
}
