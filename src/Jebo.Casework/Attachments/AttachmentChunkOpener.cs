using System.Security.Cryptography;
using Jebo.Transfer.Attachments;
using NSec.Cryptography;

namespace Jebo.Casework.Attachments;

/// <summary>Opens the chunks of a sealed attachment (<see cref="AttachmentFormat"/>) with the file key from its opened
/// metadata.</summary>
/// <remarks>Security: lives in the casework assembly beside <see cref="Sealing.SealedBoxOpener"/>, which alone yields
/// the file key; the intake assembly cannot reach code that opens anything (an architecture test checks).</remarks>
public sealed class AttachmentChunkOpener : IDisposable
{
    private readonly Key key;
    private readonly AttachmentHeader header;

    public AttachmentChunkOpener(AttachmentHeader header, ReadOnlySpan<byte> fileKey)
    {
        this.header = header;
        key = Key.Import(AeadAlgorithm.XChaCha20Poly1305, fileKey, KeyBlobFormat.RawSymmetricKey);
    }

    /// <summary>Opens chunk <paramref name="index"/> into <paramref name="plaintext"/> (at least the chunk's length
    /// less the tag); false when it was altered, moved, or its final flag is not the one given.</summary>
    public bool TryOpen(long index, bool final, ReadOnlySpan<byte> sealedChunk, Span<byte> plaintext)
    {
        if (
            sealedChunk.Length < AttachmentFormat.TagLength
            || sealedChunk.Length > header.ChunkSize + AttachmentFormat.TagLength
            || (!final && sealedChunk.Length != header.ChunkSize + AttachmentFormat.TagLength)
        )
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[24];
        Span<byte> associated = stackalloc byte[41];
        AttachmentFormat.Nonce(header.NoncePrefix, index, nonce);
        AttachmentFormat.AssociatedData(header.Hash, index, final, associated);
        return AeadAlgorithm.XChaCha20Poly1305.Decrypt(
            key,
            nonce,
            associated,
            sealedChunk,
            plaintext[..(sealedChunk.Length - AttachmentFormat.TagLength)]
        );
    }

    /// <summary>Opens a whole sealed body (every chunk after the header) to <paramref name="output"/>, chunk by chunk;
    /// returns the plaintext length, or throws <see cref="InvalidDataException"/> at the first chunk that does not open
    /// (altered, reordered, truncated or extended).</summary>
    public long OpenAll(ReadOnlySpan<byte> chunks, Action<ReadOnlySpan<byte>> output)
    {
        var sealedChunk = header.ChunkSize + AttachmentFormat.TagLength;
        var plaintext = new byte[header.ChunkSize];
        long total = 0;
        long index = 0;
        var at = 0;
        try
        {
            while (true)
            {
                var remaining = chunks.Length - at;
                var final = remaining <= sealedChunk;
                var length = final ? remaining : sealedChunk;
                if (!TryOpen(index, final, chunks.Slice(at, length), plaintext))
                {
                    throw new InvalidDataException(
                        $"chunk {index + 1} of the attachment does not open: altered, moved or cut short"
                    );
                }

                output(plaintext.AsSpan(0, length - AttachmentFormat.TagLength));
                total += length - AttachmentFormat.TagLength;
                at += length;
                index++;
                if (final)
                {
                    return total;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public void Dispose() => key.Dispose();
}
