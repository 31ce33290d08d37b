using System.Buffers.Binary;
using System.Formats.Tar;
using System.Security.Cryptography;
using Jebo.Storage;
using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Backups;

/// <summary>
/// A zone backup encrypted to a recipient's X25519 public key, so that whoever holds the backup medium learns nothing
/// without the private key kept elsewhere. Layout (version 1):
/// <c>"JEBOBKP1" | recipient key id (8) | ephemeral public key (32) | nonce prefix (16) | chunks</c>, where the chunks
/// are the backup folder as a tar archive, cut into 1 MiB pieces, each sealed with XChaCha20-Poly1305 under
/// HKDF-SHA256(X25519(ephemeral, recipient), salt ephemeral||recipient, info <c>jebo/backup/v1</c>), nonce
/// <c>prefix || index (8, big-endian)</c>, and the header, the index and a final flag as associated data.
/// </summary>
/// <remarks>Security: the same composition as the zones' sealed boxes, chunked so a database of any size streams
/// through. A chunk moved, altered, dropped, or an archive cut short fails authentication, and a wrong key is refused
/// by its id before anything is written. Encryption to a public key says nothing of who made the file: the manifest's
/// hashes and the restored audit chain are still checked after opening.</remarks>
public static class SealedBackup
{
    public const string Extension = ".jebo-backup";
    public const int ChunkSize = 1024 * 1024;
    private const int TagLength = 16;
    private const int HeaderLength = 8 + 8 + 32 + 16;

    private static ReadOnlySpan<byte> Magic => "JEBOBKP1"u8;

    private static readonly byte[] Info = "jebo/backup/v1"u8.ToArray();

    /// <summary>Creates a recipient key pair: <c>NAME.key</c> (private, owner-only; keep it off the machine) and
    /// <c>NAME.pub</c> (give it to <c>jebo backup --recipient</c>). Returns the key id.</summary>
    public static string CreateKeyPair(string name)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(name))!;
        if (File.Exists(name + ".key") || File.Exists(name + ".pub"))
        {
            throw new IOException($"{name}.key or {name}.pub exists already; choose another name");
        }

        return KeyFolder.WriteNewKey(
            folder,
            KeyAgreementAlgorithm.X25519,
            Path.GetFileName(name) + ".key",
            Path.GetFileName(name) + ".pub"
        );
    }

    public static PublicKey ReadRecipient(string publicKeyFile)
    {
        try
        {
            return PublicKey.Import(
                KeyAgreementAlgorithm.X25519,
                KeyFile.Read(publicKeyFile),
                KeyBlobFormat.RawPublicKey
            );
        }
        catch (FormatException)
        {
            throw new KeyFileException(
                $"{publicKeyFile} is not an X25519 public key (make one with `jebo backup keygen --out NAME`)"
            );
        }
    }

    public static Key ReadPrivate(string privateKeyFile)
    {
        var raw = KeyFile.Read(privateKeyFile);
        try
        {
            return Key.Import(
                KeyAgreementAlgorithm.X25519,
                raw,
                KeyBlobFormat.RawPrivateKey,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None }
            );
        }
        catch (FormatException)
        {
            throw new KeyFileException($"{privateKeyFile} is not an X25519 private key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>Packs <paramref name="folder"/> and seals it to <paramref name="recipient"/> as
    /// <paramref name="target"/>; the plain archive lives only in <paramref name="staging"/> (owner-only, beside the
    /// live data) meanwhile.</summary>
    public static async Task SealAsync(
        string folder,
        PublicKey recipient,
        string target,
        string staging,
        CancellationToken cancellationToken
    )
    {
        var archive = Path.Combine(OwnerOnly.Folder(staging), "backup.tar");
        try
        {
            await TarFile.CreateFromDirectoryAsync(folder, archive, includeBaseDirectory: false, cancellationToken);
            var header = new byte[HeaderLength];
            Magic.CopyTo(header);
            var recipientRaw = recipient.Export(KeyBlobFormat.RawPublicKey);
            Convert.FromHexString(KeyId.Of(recipientRaw), header.AsSpan(8, 8), out _, out _);
            using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
            ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(header, 16);
            RandomNumberGenerator.Fill(header.AsSpan(48, 16));
            using var shared = KeyAgreementAlgorithm.X25519.Agree(ephemeral, recipient)
                ?? throw new CryptographicException("the recipient key is not usable");
            using var key = Derive(shared, header.AsSpan(16, 32), recipientRaw);

            await using var input = File.OpenRead(archive);
            await using var output = OwnerOnly.NewFile(target);
            await output.WriteAsync(header, cancellationToken);
            var plain = new byte[ChunkSize];
            var sealedChunk = new byte[ChunkSize + TagLength];
            long index = 0;
            var remaining = input.Length;
            do
            {
                var length = (int)Math.Min(ChunkSize, remaining);
                await input.ReadExactlyAsync(plain.AsMemory(0, length), cancellationToken);
                remaining -= length;
                Seal(key, header, index++, remaining == 0, plain.AsSpan(0, length), sealedChunk);
                await output.WriteAsync(sealedChunk.AsMemory(0, length + TagLength), cancellationToken);
            } while (remaining > 0);

            CryptographicOperations.ZeroMemory(plain);
            output.Flush(flushToDisk: true);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Opens a sealed backup with the recipient's private key and unpacks it into <paramref name="folder"/>,
    /// by way of <paramref name="staging"/>; refuses a wrong key, and a damaged or altered file, before
    /// unpacking.</summary>
    public static async Task OpenAsync(
        string sealedFile,
        Key privateKey,
        string folder,
        string staging,
        CancellationToken cancellationToken
    )
    {
        await using var input = File.OpenRead(sealedFile);
        var header = new byte[HeaderLength];
        if (
            input.Length < HeaderLength + TagLength
            || await input.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken)
                < HeaderLength
            || !header.AsSpan(0, 8).SequenceEqual(Magic)
        )
        {
            throw new IOException($"{sealedFile} is not an encrypted Jebo backup");
        }

        var recipientRaw = privateKey.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var keyId = Convert.ToHexStringLower(header.AsSpan(8, 8));
        if (keyId != KeyId.Of(recipientRaw))
        {
            throw new IOException(
                $"{sealedFile} is encrypted to key {keyId}, not to the key given ({KeyId.Of(recipientRaw)}); nothing "
                    + $"was restored"
            );
        }

        var ephemeral = PublicKey.Import(
            KeyAgreementAlgorithm.X25519,
            header.AsSpan(16, 32),
            KeyBlobFormat.RawPublicKey
        );
        using var shared = KeyAgreementAlgorithm.X25519.Agree(privateKey, ephemeral)
            ?? throw new IOException($"{sealedFile} is damaged (its key exchange is not valid); nothing was restored");
        using var key = Derive(shared, header.AsSpan(16, 32), recipientRaw);
        var archive = Path.Combine(OwnerOnly.Folder(staging), "backup.tar");
        try
        {
            await using (var output = OwnerOnly.NewFile(archive))
            {
                var sealedChunk = new byte[ChunkSize + TagLength];
                var plain = new byte[ChunkSize];
                long index = 0;
                var remaining = input.Length - HeaderLength;
                while (remaining > 0)
                {
                    var length = (int)Math.Min(ChunkSize + TagLength, remaining);
                    await input.ReadExactlyAsync(sealedChunk.AsMemory(0, length), cancellationToken);
                    remaining -= length;
                    if (
                        length <= TagLength
                        || !Open(key, header, index++, remaining == 0, sealedChunk.AsSpan(0, length), plain)
                    )
                    {
                        throw new IOException(
                            $"{sealedFile} is damaged or was altered (piece {index} does not open); nothing was "
                                + $"restored"
                        );
                    }

                    await output.WriteAsync(plain.AsMemory(0, length - TagLength), cancellationToken);
                }

                CryptographicOperations.ZeroMemory(plain);
            }

            OwnerOnly.Folder(folder);
            await TarFile.ExtractToDirectoryAsync(archive, folder, overwriteFiles: false, cancellationToken);
            OwnerOnly.Tree(folder);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static Key Derive(
        SharedSecret shared,
        ReadOnlySpan<byte> ephemeralPublic,
        ReadOnlySpan<byte> recipientPublic
    )
    {
        Span<byte> salt = stackalloc byte[64];
        ephemeralPublic.CopyTo(salt);
        recipientPublic.CopyTo(salt[32..]);
        return KeyDerivationAlgorithm.HkdfSha256.DeriveKey(shared, salt, Info, AeadAlgorithm.XChaCha20Poly1305);
    }

    private static void Seal(
        Key key,
        byte[] header,
        long index,
        bool final,
        ReadOnlySpan<byte> plain,
        Span<byte> output
    )
    {
        Span<byte> nonce = stackalloc byte[24];
        Span<byte> associated = stackalloc byte[HeaderLength + 9];
        Frame(header, index, final, nonce, associated);
        AeadAlgorithm.XChaCha20Poly1305.Encrypt(key, nonce, associated, plain, output[..(plain.Length + TagLength)]);
    }

    private static bool Open(
        Key key,
        byte[] header,
        long index,
        bool final,
        ReadOnlySpan<byte> sealedChunk,
        Span<byte> output
    )
    {
        Span<byte> nonce = stackalloc byte[24];
        Span<byte> associated = stackalloc byte[HeaderLength + 9];
        Frame(header, index, final, nonce, associated);
        return AeadAlgorithm.XChaCha20Poly1305.Decrypt(
            key,
            nonce,
            associated,
            sealedChunk,
            output[..(sealedChunk.Length - TagLength)]
        );
    }

    private static void Frame(byte[] header, long index, bool final, Span<byte> nonce, Span<byte> associated)
    {
        header.AsSpan(48, 16).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce[16..], index);
        header.CopyTo(associated);
        BinaryPrimitives.WriteInt64BigEndian(associated[HeaderLength..], index);
        associated[^1] = final ? (byte)1 : (byte)0;
    }
}
