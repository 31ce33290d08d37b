using System.Runtime.InteropServices;

namespace Jebo.Casework.Keys;

/// <summary>The libsodium primitives opening calls directly, from the libsodium that NSec ships and loads.</summary>
/// <remarks>Only primitives: X25519, HKDF-SHA256, XChaCha20-Poly1305 decryption, and locking the private keys' pages.
/// They are composed exactly as <see cref="Jebo.Transfer.Sealing.SealedBox.Seal"/> and NSec compose them; a test opens
/// boxes both ways and compares.</remarks>
internal static partial class Libsodium
{
    private const string Library = "libsodium";

    static Libsodium()
    {
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium could not be initialised");
        }
    }

    /// <summary>Makes sure the static constructor ran before a primitive is called.</summary>
    internal static void EnsureInitialised() { }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_curve25519(ref byte shared, ref byte secretKey, ref byte publicKey);

    [LibraryImport(Library)]
    internal static partial int crypto_kdf_hkdf_sha256_extract(
        ref byte pseudorandomKey,
        ref byte salt,
        nuint saltLength,
        ref byte inputKey,
        nuint inputKeyLength
    );

    [LibraryImport(Library)]
    internal static partial int crypto_kdf_hkdf_sha256_expand(
        ref byte output,
        nuint outputLength,
        ref byte info,
        nuint infoLength,
        ref byte pseudorandomKey
    );

    [LibraryImport(Library)]
    internal static partial int crypto_aead_xchacha20poly1305_ietf_decrypt(
        ref byte message,
        out ulong messageLength,
        nint secretNonce,
        ref byte ciphertext,
        ulong ciphertextLength,
        ref byte associatedData,
        ulong associatedDataLength,
        ref byte nonce,
        ref byte key
    );

    [LibraryImport(Library)]
    internal static partial int sodium_mlock(ref byte address, nuint length);

    [LibraryImport(Library)]
    internal static partial int sodium_munlock(ref byte address, nuint length);
}
