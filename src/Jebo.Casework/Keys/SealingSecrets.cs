using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Jebo.Casework.Keys;

/// <summary>The raw X25519 sealing private keys (current and retired) with their public keys, for the opener.</summary>
/// <remarks>Security: one pinned buffer for all keys, locked in memory (<c>sodium_mlock</c>: never swapped, left out of
/// core dumps where the system honours it) and wiped and unlocked on dispose. This is what NSec's keys give each key,
/// without NSec's per-operation locked pages for every shared secret and derived key — which made opening a bundle of
/// 10,000 reports map, lock and unmap 20,000 page sets (docs/benchmarks.md). The per-report secrets live in stack
/// buffers wiped before the opener returns.</remarks>
public sealed class SealingSecrets : IDisposable
{
    public const int KeyLength = 32;

    private readonly byte[] buffer;
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);
    private readonly bool locked;

    /// <param name="keys">Key id → raw private key; the caller wipes its copies.</param>
    public SealingSecrets(IReadOnlyList<(string Id, byte[] PrivateKey, byte[] PublicKey)> keys)
    {
        buffer = GC.AllocateArray<byte>(Math.Max(1, keys.Count) * 2 * KeyLength, pinned: true);
        Libsodium.EnsureInitialised();
        // Locking may be refused (RLIMIT_MEMLOCK); the keys are then as protected as any pinned memory, and as NSec's
        // own keys would be on that system.
        locked = Libsodium.sodium_mlock(ref MemoryMarshal.GetArrayDataReference(buffer), (nuint)buffer.Length) == 0;
        for (var i = 0; i < keys.Count; i++)
        {
            var (id, privateKey, publicKey) = keys[i];
            if (privateKey.Length != KeyLength || publicKey.Length != KeyLength)
            {
                throw new ArgumentException($"sealing key {id} is not a raw X25519 key", nameof(keys));
            }

            if (slots.TryAdd(id, i * 2 * KeyLength))
            {
                privateKey.CopyTo(buffer, i * 2 * KeyLength);
                publicKey.CopyTo(buffer, (i * 2 * KeyLength) + KeyLength);
            }
        }
    }

    /// <summary>The ids of the keys held, in the order given (current first).</summary>
    public IReadOnlyList<string> Ids => [.. slots.OrderBy(s => s.Value).Select(s => s.Key)];

    /// <summary>The private and public key with this id, or false.</summary>
    public bool TryGet(string keyId, out ReadOnlySpan<byte> privateKey, out ReadOnlySpan<byte> publicKey)
    {
        if (slots.TryGetValue(keyId, out var at))
        {
            privateKey = buffer.AsSpan(at, KeyLength);
            publicKey = buffer.AsSpan(at + KeyLength, KeyLength);
            return true;
        }

        privateKey = publicKey = default;
        return false;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(buffer);
        if (locked)
        {
            Libsodium.sodium_munlock(ref MemoryMarshal.GetArrayDataReference(buffer), (nuint)buffer.Length);
        }
    }
}
