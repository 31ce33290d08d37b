using Jebo.Casework.Keys;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Casework.Sealing;

/// <summary>Seals what casework keeps of its own (the investigation documents staff attach) to its current sealing
/// key, the box <see cref="SealedBoxOpener"/> opens, so such files rest as sealed as the reporters'.</summary>
public sealed class SealedBoxSealer(CaseworkKeys keys)
{
    public byte[] Seal(ReadOnlySpan<byte> plaintext)
    {
        var secrets = keys.SealingSecrets;
        if (!secrets.TryGet(secrets.Ids[0], out _, out var publicKey))
        {
            throw new InvalidOperationException("casework holds no sealing key");
        }

        var recipient = PublicKey.Import(KeyAgreementAlgorithm.X25519, publicKey, KeyBlobFormat.RawPublicKey);
        return SealedBox.Seal(recipient, plaintext);
    }
}
