using Jebo.Casework.Keys;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Casework.Sealing;

/// <summary>Opens boxes sealed by <see cref="SealedBox.Seal"/> with the casework sealing key they name.</summary>
/// <remarks>Security: the only code that uses the sealing private key. It lives in the casework assembly, which the
/// intake assembly never references (an architecture test checks). Any change to a box fails authentication.</remarks>
public sealed class SealedBoxOpener(CaseworkKeys keys)
{
    /// <summary>The plaintext, or null when the box is malformed, sealed to a key this zone lacks, or altered.</summary>
    public byte[]? Open(ReadOnlySpan<byte> box)
    {
        if (SealedBox.RecipientKeyId(box) is not { } keyId || keys.SealingKey(keyId) is not { } key)
        {
            return null;
        }

        var ephemeralRaw = box.Slice(1 + SealedBox.KeyIdLength, SealedBox.PublicKeyLength);
        var ephemeral = PublicKey.Import(KeyAgreementAlgorithm.X25519, ephemeralRaw, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(key, ephemeral);
        if (shared is null)
        {
            return null;
        }

        using var aeadKey = SealedBox.DeriveKey(shared, ephemeralRaw, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        var plaintext = new byte[box.Length - SealedBox.Overhead];
        var nonce = box.Slice(1 + SealedBox.KeyIdLength + SealedBox.PublicKeyLength, SealedBox.NonceLength);
        var associated = box[..(SealedBox.HeaderLength - SealedBox.NonceLength)];
        return AeadAlgorithm.XChaCha20Poly1305.Decrypt(aeadKey, nonce, associated, box[SealedBox.HeaderLength..], plaintext) ? plaintext : null;
    }
}
