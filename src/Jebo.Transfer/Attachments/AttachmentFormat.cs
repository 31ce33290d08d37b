using System.Buffers.Binary;
using System.Security.Cryptography;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Transfer.Attachments;

/// <summary>What casework learns of an attachment when it opens the sealed header: the file key and what the file
/// is.</summary>
/// <param name="Key">The 32-byte XChaCha20-Poly1305 key of this file's chunks, random per file.</param>
/// <param name="Name">The file name the reporter's device gave, reduced to a safe plain name.</param>
/// <param name="ContentType">The type intake found by looking at the bytes (never the type the client claimed).</param>
/// <param name="Cleaning">What intake removed before sealing: <c>metadata-removed</c> or <c>none</c> (see
/// docs/portal.md).</param>
public sealed record AttachmentMetadata(byte[] Key, string Name, string ContentType, string Cleaning);

/// <summary>The parsed, not yet opened, header of a sealed attachment.</summary>
public sealed record AttachmentHeader(
    Guid AttachmentId,
    int ChunkSize,
    byte[] NoncePrefix,
    byte[] SealedMetadata,
    int Length,
    byte[] Hash
);

/// <summary>
/// A file sealed to casework as a stream of independently authenticated chunks, so intake can seal it while it is still
/// arriving and casework can open it while it streams out, neither holding the whole file in memory.
/// Layout (big-endian; see docs/transfer-format.md):
/// <c>"JEBOATCH" | u8 version (1) | attachment id (16) | u32 chunk size | nonce prefix (16) | u32 n | SealedBox of the
/// metadata JSON (n bytes)</c>, then the chunks. Chunk <c>i</c> is XChaCha20-Poly1305 under the file key with nonce
/// <c>prefix || u64 i</c> and associated data <c>SHA-256(header) || u64 i || u8 final</c>; every chunk but the last
/// holds exactly chunk-size plaintext bytes, the last holds 0 to chunk-size bytes and is the only one with final = 1.
/// </summary>
/// <remarks>
/// Security: the per-file key exists in the clear only in intake's memory while the file streams in; it is sealed to
/// casework's X25519 key with <see cref="SealedBox"/>, exactly like a report. The chunk number in the nonce and the
/// associated data stops chunks being reordered, dropped or repeated; the final flag stops truncation at a chunk
/// boundary and extension after the end; the header hash binds every chunk to this file's id and metadata.
/// </remarks>
public static class AttachmentFormat
{
    public const byte Version = 1;
    public const int DefaultChunkSize = 64 * 1024;
    public const int MaxChunkSize = 1024 * 1024;
    public const int KeyLength = 32;
    public const int NoncePrefixLength = 16;
    public const int TagLength = 16;
    public const int FixedHeaderLength = 8 + 1 + 16 + 4 + NoncePrefixLength + 4;
    public const int MaxSealedMetadataLength = 16 * 1024;

    private static ReadOnlySpan<byte> Magic => "JEBOATCH"u8;

    /// <summary>Begins sealing a file: makes its key and header.</summary>
    public static AttachmentSealer Seal(
        PublicKey recipient,
        Guid attachmentId,
        string name,
        string contentType,
        string cleaning,
        int chunkSize = DefaultChunkSize
    )
    {
        if (chunkSize is < 1 or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize));
        }

        var key = RandomNumberGenerator.GetBytes(KeyLength);
        var metadata = TransferJson.Serialize(new AttachmentMetadata(key, name, contentType, cleaning));
        byte[] sealedMetadata;
        try
        {
            sealedMetadata = SealedBox.Seal(recipient, metadata);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(metadata);
        }

        var header = new byte[FixedHeaderLength + sealedMetadata.Length];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        span[8] = Version;
        attachmentId.TryWriteBytes(span.Slice(9, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(span[25..], chunkSize);
        RandomNumberGenerator.Fill(span.Slice(29, NoncePrefixLength));
        BinaryPrimitives.WriteInt32BigEndian(span[45..], sealedMetadata.Length);
        sealedMetadata.CopyTo(span[FixedHeaderLength..]);
        return new AttachmentSealer(key, header, chunkSize);
    }

    /// <summary>Reads the header at the start of a sealed attachment; throws <see cref="InvalidDataException"/> when it
    /// is not one.</summary>
    public static AttachmentHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeaderLength || !data.StartsWith(Magic))
        {
            throw new InvalidDataException("not a sealed attachment (bad magic or too short)");
        }

        if (data[8] != Version)
        {
            throw new InvalidDataException(
                $"sealed attachment version {data[8]} is not supported (this build reads {Version})"
            );
        }

        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(data[25..]);
        var sealedLength = BinaryPrimitives.ReadInt32BigEndian(data[45..]);
        if (
            chunkSize is < 1 or > MaxChunkSize
            || sealedLength is < SealedBox.Overhead or > MaxSealedMetadataLength
            || data.Length < FixedHeaderLength + sealedLength
        )
        {
            throw new InvalidDataException("sealed attachment header is out of bounds");
        }

        var length = FixedHeaderLength + sealedLength;
        return new AttachmentHeader(
            new Guid(data.Slice(9, 16), bigEndian: true),
            chunkSize,
            data.Slice(29, NoncePrefixLength).ToArray(),
            data.Slice(FixedHeaderLength, sealedLength).ToArray(),
            length,
            SHA256.HashData(data[..length])
        );
    }

    /// <summary>Reads the metadata casework opened from <see cref="AttachmentHeader.SealedMetadata"/>.</summary>
    public static AttachmentMetadata ReadMetadata(ReadOnlySpan<byte> opened)
    {
        var metadata = TransferJson.Deserialize<AttachmentMetadata>(opened);
        return metadata.Key is { Length: KeyLength } && metadata.Name is not null && metadata.ContentType is not null
            ? metadata
            : throw new InvalidDataException("sealed attachment metadata is incomplete");
    }

    /// <summary>The nonce of chunk <paramref name="index"/>: the file's prefix and the chunk number.</summary>
    public static void Nonce(ReadOnlySpan<byte> prefix, long index, Span<byte> nonce)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce[NoncePrefixLength..], index);
    }

    /// <summary>The associated data of a chunk: the header hash, the chunk number and the final flag.</summary>
    public static void AssociatedData(ReadOnlySpan<byte> headerHash, long index, bool final, Span<byte> associated)
    {
        headerHash.CopyTo(associated);
        BinaryPrimitives.WriteInt64BigEndian(associated[32..], index);
        associated[40] = final ? (byte)1 : (byte)0;
    }
}

/// <summary>Seals one file chunk by chunk (see <see cref="AttachmentFormat"/>). Call <see cref="SealChunk"/> with
/// full chunks, then once with <c>final: true</c>.</summary>
public sealed class AttachmentSealer : IDisposable
{
    private readonly Key key;
    private readonly byte[] noncePrefix;
    private readonly byte[] headerHash;
    private long next;
    private bool finished;

    internal AttachmentSealer(byte[] rawKey, byte[] header, int chunkSize)
    {
        key = Key.Import(AeadAlgorithm.XChaCha20Poly1305, rawKey, KeyBlobFormat.RawSymmetricKey);
        CryptographicOperations.ZeroMemory(rawKey);
        Header = header;
        ChunkSize = chunkSize;
        noncePrefix = header.AsSpan(29, AttachmentFormat.NoncePrefixLength).ToArray();
        headerHash = SHA256.HashData(header);
    }

    public byte[] Header { get; }
    public int ChunkSize { get; }

    /// <summary>How many chunks have been sealed.</summary>
    public long Chunks => next;

    public byte[] SealChunk(ReadOnlySpan<byte> plaintext, bool final)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (plaintext.Length > ChunkSize || (!final && plaintext.Length != ChunkSize))
        {
            throw new ArgumentException("only the final chunk may be shorter than the chunk size", nameof(plaintext));
        }

        Span<byte> nonce = stackalloc byte[24];
        Span<byte> associated = stackalloc byte[41];
        AttachmentFormat.Nonce(noncePrefix, next, nonce);
        AttachmentFormat.AssociatedData(headerHash, next, final, associated);
        var output = new byte[plaintext.Length + AttachmentFormat.TagLength];
        AeadAlgorithm.XChaCha20Poly1305.Encrypt(key, nonce, associated, plaintext, output);
        next++;
        finished = final;
        return output;
    }

    public void Dispose() => key.Dispose();
}
