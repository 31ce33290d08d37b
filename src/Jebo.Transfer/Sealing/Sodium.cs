using System.Runtime.InteropServices;

namespace Jebo.Transfer.Sealing;

/// <summary>The few libsodium functions sealing calls directly, from the libsodium that NSec ships and loads.</summary>
/// <remarks>Only primitives are called here (X25519, XChaCha20-Poly1305); nothing is composed that NSec would not
/// compose the same way, and every box made here is opened by the NSec-based opener in casework's tests.</remarks>
internal static partial class Sodium
{
    private const string Library = "libsodium";

    static Sodium()
    {
        // sodium_init picks the fastest implementations for this CPU; it is idempotent and thread-safe.
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
    internal static partial int crypto_scalarmult_curve25519_base(ref byte publicKey, ref byte secretKey);

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_curve25519(ref byte shared, ref byte secretKey, ref byte publicKey);

    [LibraryImport(Library)]
    internal static partial int crypto_aead_xchacha20poly1305_ietf_encrypt(
        ref byte ciphertext,
        out ulong ciphertextLength,
        ref byte message,
        ulong messageLength,
        ref byte associatedData,
        ulong associatedDataLength,
        nint secretNonce,
        ref byte nonce,
        ref byte key
    );
}
