using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Jebo.Casework.Keys;
using Jebo.Transfer.Sealing;

namespace Jebo.Casework.Sealing;

/// <summary>Opens boxes sealed by <see cref="SealedBox.Seal"/> with the casework sealing key they name.</summary>
/// <remarks>Security: the only code that uses the sealing private key. It lives in the casework assembly, which the
/// intake assembly never references (an architecture test checks). Any change to a box fails authentication.
/// Performance and memory hygiene: opening runs once per imported record, so the shared secret and the AEAD key live
/// in a stack buffer wiped before returning, as in <see cref="SealedBox.Seal"/>; the private keys stay in the locked
/// buffer of <see cref="SealingSecrets"/>. The composition is the one NSec performs (X25519, HKDF-SHA256 with salt
/// <c>ephemeral public || recipient public</c>, XChaCha20-Poly1305); a test opens boxes both ways.</remarks>
public sealed class SealedBoxOpener(CaseworkKeys keys)
{
    /// <summary>Why <see cref="Open"/> gave null, for a quarantine reason: the key id the box was sealed to and whether
    /// this zone holds that key, so an operator can tell a wrong key at intake from a damaged file.</summary>
    public string WhyNotOpened(ReadOnlySpan<byte> box)
    {
        if (SealedBox.RecipientKeyId(box) is not { } keyId)
        {
            return "it is not a sealed box Jebo can read";
        }

        var secrets = keys.SealingSecrets;
        return secrets.TryGet(keyId, out _, out _)
            ? $"it is sealed to casework sealing key {keyId}, which this zone holds, but it does not open with it: the "
                + $"record was altered"
            : $"it is sealed to key {keyId}, which this zone does not hold (it holds "
                + $"{string.Join(", ", secrets.Ids)}): intake seals to a key that is not this "
                + "casework's. Compare `jebo keys list` on both machines, and on intake put this casework's key in "
                + "its place with "
                + "`jebo keys install --replace --fingerprint \"F\" --from DIR` (the export of `jebo keys export "
                + "--zone casework`)";
    }

    /// <summary>The plaintext, or null when the box is malformed, sealed to a key this zone lacks, or
    /// altered.</summary>
    public byte[]? Open(ReadOnlySpan<byte> box)
    {
        if (
            SealedBox.RecipientKeyId(box) is not { } keyId
            || !keys.SealingSecrets.TryGet(keyId, out var privateKey, out var publicKey)
        )
        {
            return null;
        }

        var ephemeral = box.Slice(1 + SealedBox.KeyIdLength, SealedBox.PublicKeyLength);
        var nonce = box.Slice(1 + SealedBox.KeyIdLength + SealedBox.PublicKeyLength, SealedBox.NonceLength);
        var associated = box[..(SealedBox.HeaderLength - SealedBox.NonceLength)];
        var ciphertext = box[SealedBox.HeaderLength..];
        Span<byte> secrets = stackalloc byte[96];
        var shared = secrets[..32];
        var pseudorandomKey = secrets[32..64];
        var aeadKey = secrets[64..];
        var plaintext = new byte[ciphertext.Length - SealedBox.TagLength];
        try
        {
            // A non-zero result: the ephemeral key is a low-order point (an all-zero secret); refuse, as NSec does.
            if (
                Libsodium.crypto_scalarmult_curve25519(
                    ref MemoryMarshal.GetReference(shared),
                    ref MemoryMarshal.GetReference(privateKey),
                    ref MemoryMarshal.GetReference(ephemeral)
                ) != 0
            )
            {
                return null;
            }

            Span<byte> salt = stackalloc byte[SealedBox.PublicKeyLength * 2];
            ephemeral.CopyTo(salt);
            publicKey.CopyTo(salt[SealedBox.PublicKeyLength..]);
            // HKDF-SHA256 (RFC 5869) in libsodium: the runtime's HKDF.DeriveKey set up an OpenSSL context per call, a
            // tenth of an import's opening time.
            var info = SealedBox.KeyInfo;
            if (
                Libsodium.crypto_kdf_hkdf_sha256_extract(
                    ref MemoryMarshal.GetReference(pseudorandomKey),
                    ref MemoryMarshal.GetReference(salt),
                    (nuint)salt.Length,
                    ref MemoryMarshal.GetReference(shared),
                    (nuint)shared.Length
                ) != 0
                || Libsodium.crypto_kdf_hkdf_sha256_expand(
                    ref MemoryMarshal.GetReference(aeadKey),
                    (nuint)aeadKey.Length,
                    ref MemoryMarshal.GetReference(info),
                    (nuint)info.Length,
                    ref MemoryMarshal.GetReference(pseudorandomKey)
                ) != 0
            )
            {
                return null;
            }

            var opened =
                Libsodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
                    ref MemoryMarshal.GetArrayDataReference(plaintext),
                    out _,
                    0,
                    ref MemoryMarshal.GetReference(ciphertext),
                    (ulong)ciphertext.Length,
                    ref MemoryMarshal.GetReference(associated),
                    (ulong)associated.Length,
                    ref MemoryMarshal.GetReference(nonce),
                    ref MemoryMarshal.GetReference(aeadKey)
                ) == 0;
            if (!opened)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                return null;
            }

            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }
}
