using System.Security.Cryptography;

namespace Jebo.Transfer.Keys;

/// <summary>A short, stable name for a public key: the first 8 bytes of its SHA-256, in hex.</summary>
/// <remarks>Bundles and sealed reports carry the id of the key they were made with, so that a zone that has
/// rotated its keys still knows which of its old keys opens or verifies an old file.</remarks>
public static class KeyId
{
    public static string Of(ReadOnlySpan<byte> rawPublicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(rawPublicKey)[..8]);
}
