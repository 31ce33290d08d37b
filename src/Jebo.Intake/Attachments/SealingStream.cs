using System.Security.Cryptography;
using Jebo.Transfer.Attachments;

namespace Jebo.Intake.Attachments;

/// <summary>A write-only stream that seals what is written to it chunk by chunk and hands each sealed chunk on; at most
/// one chunk of plaintext is ever held, and it is wiped when the stream is done.</summary>
public sealed class SealingStream(AttachmentSealer sealer, Func<byte[], CancellationToken, Task> onChunk) : Stream
{
    private readonly byte[] chunk = new byte[sealer.ChunkSize];
    private int filled;
    private bool completed;

    /// <summary>Plaintext bytes written so far.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !completed;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(
        ReadOnlyMemory<byte> buffer,
        CancellationToken cancellationToken = default
    )
    {
        var data = buffer;
        ObjectDisposedException.ThrowIf(completed, this);
        while (!data.IsEmpty)
        {
            if (filled == chunk.Length)
            {
                // A full chunk is final only if nothing follows, which is known only when more arrives or the file
                // ends.
                await EmitAsync(final: false, cancellationToken);
            }

            var n = Math.Min(chunk.Length - filled, data.Length);
            data.Span[..n].CopyTo(chunk.AsSpan(filled));
            filled += n;
            Written += n;
            data = data[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Seals the last chunk (possibly empty) with the final flag.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await EmitAsync(final: true, cancellationToken);
        completed = true;
        CryptographicOperations.ZeroMemory(chunk);
    }

    private async Task EmitAsync(bool final, CancellationToken cancellationToken)
    {
        var sealedChunk = sealer.SealChunk(chunk.AsSpan(0, filled), final);
        filled = 0;
        await onChunk(sealedChunk, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("write asynchronously");

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(chunk);
        base.Dispose(disposing);
    }
}

/// <summary>Reads a stream and refuses to go past a number of bytes: an upload over the limit is stopped as it
/// arrives.</summary>
public sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        read += n;
        return read > limit ? throw new AttachmentTooLargeException() : n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("read asynchronously");

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>An attachment went past the size limit while it arrived.</summary>
public sealed class AttachmentTooLargeException() : Exception("the attachment is larger than allowed");
