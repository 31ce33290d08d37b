using System.Buffers.Binary;

namespace Jebo.Intake.Attachments.Isolation;

/// <summary>
/// What the zone and a cleaner worker (<c>jebo clean-worker</c>) say to each other over the worker's stdin and stdout,
/// and nothing else: no file, no socket.
/// </summary>
/// <remarks>
/// Request: the 8-byte <see cref="Magic"/>, one byte naming the <see cref="AttachmentKind"/>, then the file as frames
/// (a 4-byte big-endian length of at most <see cref="MaxFrame"/>, then that many bytes) ended by an empty frame.
/// Answer: the magic, the cleaned file as frames, an empty frame, then one <see cref="CleanerStatus"/> byte. A worker
/// that answers anything else (a wrong magic, an oversized frame, a status it may not give, or nothing) is treated as
/// taken over: it is killed and the upload refused.
/// </remarks>
public static class CleanerProtocol
{
    public static ReadOnlySpan<byte> Magic => "JEBOCLN1"u8;

    public const int MaxFrame = 1024 * 1024;

    /// <summary>Reads the magic and the kind of a request; throws <see cref="InvalidDataException"/>
    /// otherwise.</summary>
    public static async Task<AttachmentKind> ReadRequestAsync(Stream input, CancellationToken cancellationToken)
    {
        var header = new byte[Magic.Length + 1];
        await input.ReadExactlyAsync(header, cancellationToken);
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic) || !Enum.IsDefined((AttachmentKind)header[^1]))
        {
            throw new InvalidDataException("not a cleaning request");
        }

        return (AttachmentKind)header[^1];
    }

    public static async Task WriteRequestAsync(
        Stream output,
        AttachmentKind kind,
        CancellationToken cancellationToken
    ) => await output.WriteAsync((byte[])[.. Magic, (byte)kind], cancellationToken);

    public static async Task WriteMagicAsync(Stream output, CancellationToken cancellationToken) =>
        await output.WriteAsync(Magic.ToArray(), cancellationToken);

    /// <summary>Cleans one file into <paramref name="sink"/> and says how it ended: the one place where a cleaner's
    /// refusal (<see cref="Cleaning.AttachmentCleaners.IsRefusal"/>) becomes a status, for a worker and for in-process
    /// cleaning alike. Any other exception is a fault of the cleaner and goes on up.</summary>
    public static async Task<CleanerStatus> CleanAsync(
        Attachments.AttachmentKind kind,
        Cleaning.ByteSource source,
        Stream sink,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await Cleaning.AttachmentCleaners.CleanAsync(kind, source, sink, cancellationToken);
            return CleanerStatus.Cleaned;
        }
        catch (Exception e) when (Cleaning.AttachmentCleaners.IsRefusal(e))
        {
            return Cleaning.AttachmentCleaners.RefusalOf(e) == Validation.ValidationCode.AttachmentTooComplex
                ? CleanerStatus.TooComplex
                : CleanerStatus.Refused;
        }
    }

    public static async Task ReadMagicAsync(Stream input, CancellationToken cancellationToken)
    {
        var magic = new byte[Magic.Length];
        await input.ReadExactlyAsync(magic, cancellationToken);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("the answer does not start with the protocol's mark");
        }
    }
}

/// <summary>How a worker's answer ends.</summary>
public enum CleanerStatus : byte
{
    /// <summary>The frames are the cleaned file.</summary>
    Cleaned = 1,

    /// <summary>The file is damaged or cannot be cleaned with certainty
    /// (<see cref="Cleaning.AttachmentCleaners.IsRefusal"/>).</summary>
    Refused = 2,

    /// <summary>The file is past one of the cleaners' limits
    /// (<see cref="Cleaning.AttachmentCleaners.RefusalOf"/>).</summary>
    TooComplex = 3,
}

/// <summary>Writes what is written to it as protocol frames; <see cref="EndAsync"/> writes the empty frame.</summary>
public sealed class FrameWriteStream(Stream inner) : Stream
{
    private readonly byte[] length = new byte[4];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
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
        while (!buffer.IsEmpty)
        {
            var piece = buffer[..Math.Min(buffer.Length, CleanerProtocol.MaxFrame)];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)piece.Length);
            await inner.WriteAsync(length, cancellationToken);
            await inner.WriteAsync(piece, cancellationToken);
            buffer = buffer[piece.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public async Task EndAsync(CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt32BigEndian(length, 0);
        await inner.WriteAsync(length, cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("write asynchronously");

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Reads protocol frames as one stream that ends at the empty frame; a frame over
/// <see cref="CleanerProtocol.MaxFrame"/> or a stream cut inside a frame throws
/// <see cref="InvalidDataException"/>.</summary>
public sealed class FrameReadStream(Stream inner) : Stream
{
    private readonly byte[] length = new byte[4];
    private int left;
    private bool ended;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (ended || buffer.IsEmpty)
        {
            return 0;
        }

        if (left == 0)
        {
            await ReadFullyAsync(length, cancellationToken);
            var next = BinaryPrimitives.ReadUInt32BigEndian(length);
            if (next > CleanerProtocol.MaxFrame)
            {
                throw new InvalidDataException("a frame is larger than the protocol allows");
            }

            left = (int)next;
            if (left == 0)
            {
                ended = true;
                return 0;
            }
        }

        var n = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, left)], cancellationToken);
        if (n == 0)
        {
            throw new InvalidDataException("the stream ends inside a frame");
        }

        left -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>After the empty frame: the status byte.</summary>
    public async Task<CleanerStatus> ReadStatusAsync(CancellationToken cancellationToken)
    {
        if (!ended)
        {
            throw new InvalidOperationException("the frames have not ended");
        }

        var status = new byte[1];
        await ReadFullyAsync(status, cancellationToken);
        return status[0] is (byte)CleanerStatus.Cleaned or (byte)CleanerStatus.Refused or (byte)CleanerStatus.TooComplex
            ? (CleanerStatus)status[0]
            : throw new InvalidDataException("an unknown status");
    }

    private async Task ReadFullyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ReadExactlyAsync(target, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the stream ends early", e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("read asynchronously");

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
