using System.Security.Cryptography;
using Jebo.Casework.Attachments;
using Jebo.Transfer.Attachments;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Casework.Tests.Attachments;

/// <summary>The chunked sealed-attachment format: it opens whole, and any reordering, cut or change is
/// caught.</summary>
public sealed class AttachmentFormatTests
{
    private readonly Key recipient = Key.Create(KeyAgreementAlgorithm.X25519);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(1024)]
    [InlineData(4096 + 7)]
    public void A_sealed_file_opens_to_the_same_bytes_and_metadata(int length)
    {
        var file = RandomNumberGenerator.GetBytes(length);
        var id = Guid.NewGuid();
        var (header, chunks) = Seal(file, id, chunkSize: 1024);

        var parsed = AttachmentFormat.ReadHeader(header);
        Assert.Equal(id, parsed.AttachmentId);
        var metadata = AttachmentFormat.ReadMetadata(Open(parsed.SealedMetadata));
        Assert.Equal("photo.jpg", metadata.Name);
        Assert.Equal("image/jpeg", metadata.ContentType);
        Assert.Equal(Math.Max(1, (length + 1023) / 1024), chunks.Count);

        using var opener = new AttachmentChunkOpener(parsed, metadata.Key);
        var output = new MemoryStream();
        var total = opener.OpenAll(chunks.SelectMany(c => c).ToArray(), span => output.Write(span));
        Assert.Equal(length, total);
        Assert.Equal(file, output.ToArray());
    }

    [Fact]
    public void Dropping_swapping_or_changing_a_chunk_is_refused()
    {
        var (header, chunks) = Seal(RandomNumberGenerator.GetBytes(3000), Guid.NewGuid(), chunkSize: 1024);
        var parsed = AttachmentFormat.ReadHeader(header);
        var key = AttachmentFormat.ReadMetadata(Open(parsed.SealedMetadata)).Key;
        using var opener = new AttachmentChunkOpener(parsed, key);

        byte[][] dropped = [chunks[0], chunks[1]];
        byte[][] swapped = [chunks[1], chunks[0], chunks[2]];
        var changed = chunks.Select(c => c.ToArray()).ToArray();
        changed[2][0] ^= 1;
        byte[][] extended = [.. chunks, chunks[2]];
        foreach (var bad in new[] { dropped, swapped, changed, extended })
        {
            Assert.Throws<InvalidDataException>(() => opener.OpenAll(bad.SelectMany(c => c).ToArray(), _ => { }));
        }
    }

    [Fact]
    public void A_chunk_moved_to_another_file_does_not_open()
    {
        var (headerA, chunksA) = Seal(new byte[100], Guid.NewGuid(), chunkSize: 1024);
        var (headerB, _) = Seal(new byte[100], Guid.NewGuid(), chunkSize: 1024);
        var parsedB = AttachmentFormat.ReadHeader(headerB);
        using var opener = new AttachmentChunkOpener(
            parsedB,
            AttachmentFormat.ReadMetadata(Open(parsedB.SealedMetadata)).Key
        );
        Assert.Throws<InvalidDataException>(() => opener.OpenAll(chunksA[0], _ => { }));
        _ = headerA;
    }

    [Fact]
    public void A_header_that_is_not_one_is_refused() =>
        Assert.Throws<InvalidDataException>(() =>
            AttachmentFormat.ReadHeader("JEBOBNDL-not-an-attachment-header-at-all-0000000000"u8)
        );

    private (byte[] Header, List<byte[]> Chunks) Seal(byte[] file, Guid id, int chunkSize)
    {
        using var sealer = AttachmentFormat.Seal(
            recipient.PublicKey,
            id,
            "photo.jpg",
            "image/jpeg",
            "metadata-removed",
            chunkSize
        );
        var chunks = new List<byte[]>();
        var at = 0;
        while (file.Length - at > chunkSize)
        {
            chunks.Add(sealer.SealChunk(file.AsSpan(at, chunkSize), final: false));
            at += chunkSize;
        }

        chunks.Add(sealer.SealChunk(file.AsSpan(at), final: true));
        return (sealer.Header, chunks);
    }

    /// <summary>Opens a sealed box as casework's SealedBoxOpener does.</summary>
    private byte[] Open(byte[] box)
    {
        var ephemeralRaw = box.AsSpan(1 + SealedBox.KeyIdLength, SealedBox.PublicKeyLength);
        var ephemeral = PublicKey.Import(KeyAgreementAlgorithm.X25519, ephemeralRaw, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(recipient, ephemeral)!;
        using var key = SealedBox.DeriveKey(
            shared,
            ephemeralRaw,
            recipient.PublicKey.Export(KeyBlobFormat.RawPublicKey)
        );
        var plaintext = new byte[box.Length - SealedBox.Overhead];
        Assert.True(
            AeadAlgorithm.XChaCha20Poly1305.Decrypt(
                key,
                box.AsSpan(SealedBox.HeaderLength - SealedBox.NonceLength, SealedBox.NonceLength),
                box.AsSpan(0, SealedBox.HeaderLength - SealedBox.NonceLength),
                box.AsSpan(SealedBox.HeaderLength),
                plaintext
            )
        );
        return plaintext;
    }
}
