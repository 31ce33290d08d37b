using System.Runtime.InteropServices;
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

    /// <summary>The HKDF info string of the box's key derivation (public, like the format).</summary>
    public static ReadOnlySpan<byte> KeyInfo => Info;

    /// <summary>Seals <paramref name="plaintext"/> to <paramref name="recipient"/> (an X25519 public key).</summary>
    /// <remarks>
    /// Performance and memory hygiene: this runs once per submitted report, so the ephemeral secret, the shared
    /// secret and the AEAD key live in stack buffers that are wiped before returning, rather than in NSec keys, each of
    /// which maps, locks, guards and unmaps its own pages (three times per report, and the page-table churn slows every
    /// thread of the process). Locked pages would protect nothing here that the report's plaintext, which the caller
    /// holds in ordinary memory, does not already expose. Casework's opener does the same in reverse; NSec's
    /// composition (<see cref="DeriveKey"/>) is the reference both are tested against.
    /// </remarks>
    public static byte[] Seal(PublicKey recipient, ReadOnlySpan<byte> plaintext)
    {
        Sodium.EnsureInitialised();
        Span<byte> recipientRaw = stackalloc byte[PublicKeyLength];
        if (!recipient.TryExport(KeyBlobFormat.RawPublicKey, recipientRaw, out _))
        {
            throw new ArgumentException("not an X25519 public key", nameof(recipient));
        }

        var output = new byte[HeaderLength + plaintext.Length + TagLength];
        output[0] = Version;
        Convert.FromHexString(KeyId.Of(recipientRaw), output.AsSpan(1, KeyIdLength), out _, out _);
        var ephemeralPublic = output.AsSpan(1 + KeyIdLength, PublicKeyLength);
        var nonce = output.AsSpan(1 + KeyIdLength + PublicKeyLength, NonceLength);

        Span<byte> secrets = stackalloc byte[3 * 32];
        var ephemeralSecret = secrets[..32];
        var shared = secrets[32..64];
        var aeadKey = secrets[64..];
        try
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(ephemeralSecret);
            Sodium.crypto_scalarmult_curve25519_base(
                ref MemoryMarshal.GetReference(ephemeralPublic),
                ref MemoryMarshal.GetReference(ephemeralSecret)
            );
            // A non-zero result means the recipient key is a low-order point: refuse, as NSec's agreement does.
            if (
                Sodium.crypto_scalarmult_curve25519(
                    ref MemoryMarshal.GetReference(shared),
                    ref MemoryMarshal.GetReference(ephemeralSecret),
                    ref MemoryMarshal.GetReference(recipientRaw)
                ) != 0
            )
            {
                throw new InvalidOperationException("X25519 agreement failed");
            }

            Span<byte> salt = stackalloc byte[PublicKeyLength * 2];
            ephemeralPublic.CopyTo(salt);
            recipientRaw.CopyTo(salt[PublicKeyLength..]);
            System.Security.Cryptography.HKDF.DeriveKey(
                System.Security.Cryptography.HashAlgorithmName.SHA256,
                shared,
                aeadKey,
                salt,
                Info
            );
            System.Security.Cryptography.RandomNumberGenerator.Fill(nonce);
            var ciphertext = output.AsSpan(HeaderLength);
            var associated = output.AsSpan(0, HeaderLength - NonceLength);
            Sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
                ref MemoryMarshal.GetReference(ciphertext),
                out _,
                ref MemoryMarshal.GetReference(plaintext),
                (ulong)plaintext.Length,
                ref MemoryMarshal.GetReference(associated),
                (ulong)associated.Length,
                0,
                ref MemoryMarshal.GetReference(nonce),
                ref MemoryMarshal.GetReference(aeadKey)
            );
            return output;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>The id of the recipient key a box was sealed to, or null if the box is not a version-1 box.</summary>
    public static string? RecipientKeyId(ReadOnlySpan<byte> box) =>
        box.Length >= Overhead && box[0] == Version ? Convert.ToHexStringLower(box.Slice(1, KeyIdLength)) : null;

    /// <summary>Derives the box's AEAD key from the X25519 shared secret; shared by sealing and opening.</summary>
    public static Key DeriveKey(
        SharedSecret shared,
        ReadOnlySpan<byte> ephemeralPublic,
        ReadOnlySpan<byte> recipientPublic
    )
    {
        Span<byte> salt = stackalloc byte[PublicKeyLength * 2];
        ephemeralPublic.CopyTo(salt);
        recipientPublic.CopyTo(salt[PublicKeyLength..]);
        return KeyDerivationAlgorithm.HkdfSha256.DeriveKey(shared, salt, Info, AeadAlgorithm.XChaCha20Poly1305);
    }
}
