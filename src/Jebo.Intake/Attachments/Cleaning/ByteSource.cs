using System.Security.Cryptography;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Reads a stream forwards through a small buffer, for the cleaners that walk a file's structure as it
/// arrives. Tracks the position, so cleaners can name offsets; never seeks.</summary>
public sealed class ByteSource(Stream stream, ReadOnlyMemory<byte> prefix)
{
    private readonly byte[] buffer = new byte[64 * 1024];
    private ReadOnlyMemory<byte> prefix = prefix;
    private int start;
    private int end;

    /// <summary>Bytes consumed from the start of the file.</summary>
    public long Position { get; private set; }

    /// <summary>Ensures at least one byte is buffered; false at the end of the file.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (start < end)
        {
            return true;
        }

        start = 0;
        if (!prefix.IsEmpty)
        {
            var n = Math.Min(prefix.Length, buffer.Length);
            prefix[..n].CopyTo(buffer);
            prefix = prefix[n..];
            end = n;
            return true;
        }

        end = await stream.ReadAsync(buffer, cancellationToken);
        return end > 0;
    }

    /// <summary>The buffered bytes not yet consumed (at least one after a true <see cref="FillAsync"/>).</summary>
    public ReadOnlyMemory<byte> Buffered => buffer.AsMemory(start, end - start);

    public void Consume(int count)
    {
        start += count;
        Position += count;
    }

    public async ValueTask<int> ReadByteAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(cancellationToken))
        {
            return -1;
        }

        var b = buffer[start];
        Consume(1);
        return b;
    }

    /// <summary>Reads exactly <paramref name="target"/>.Length bytes or throws: the file ended inside a
    /// structure.</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var at = 0;
        while (at < target.Length)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new UncleanableFileException("the file ends in the middle of a structure");
            }

            var n = Math.Min(target.Length - at, end - start);
            buffer.AsSpan(start, n).CopyTo(target.Span[at..]);
            Consume(n);
            at += n;
        }
    }

    /// <summary>Copies <paramref name="count"/> bytes to <paramref name="output"/>, passing each piece through
    /// <paramref name="mask"/> (given the piece and its file offset) first.</summary>
    public async ValueTask CopyAsync(
        long count,
        Stream output,
        CancellationToken cancellationToken,
        Action<Memory<byte>, long>? mask = null
    )
    {
        while (count > 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new UncleanableFileException("the file ends in the middle of a structure");
            }

            var n = (int)Math.Min(count, end - start);
            var piece = buffer.AsMemory(start, n);
            mask?.Invoke(piece, Position);
            await output.WriteAsync(piece, cancellationToken);
            Consume(n);
            count -= n;
        }
    }

    /// <summary>Copies everything left.</summary>
    public async ValueTask CopyRestAsync(
        Stream output,
        CancellationToken cancellationToken,
        Action<Memory<byte>, long>? mask = null
    )
    {
        while (await FillAsync(cancellationToken))
        {
            var piece = buffer.AsMemory(start, end - start);
            mask?.Invoke(piece, Position);
            await output.WriteAsync(piece, cancellationToken);
            Consume(piece.Length);
        }
    }

    /// <summary>Reads past <paramref name="count"/> bytes without keeping them.</summary>
    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new UncleanableFileException("the file ends in the middle of a structure");
            }

            var n = (int)Math.Min(count, end - start);
            Consume(n);
            count -= n;
        }
    }

    /// <summary>Reads everything left into memory, for the formats whose cleaning must see the whole file (ISO media
    /// with the movie box after the media, WebP whose RIFF size comes first); refuses a file above
    /// <paramref name="limit"/> bytes.</summary>
    public async ValueTask<byte[]> ReadAllAsync(int limit, CancellationToken cancellationToken)
    {
        // Started small (below the large-object heap) and doubled: a small picture does not cost a mebibyte that
        // must then be wiped, and a large file is copied about twice its size in all.
        var all = new byte[Math.Min(limit, 64 * 1024)];
        var length = 0;
        while (await FillAsync(cancellationToken))
        {
            var n = end - start;
            if (length + n > all.Length)
            {
                if (length + n > limit)
                {
                    CryptographicOperations.ZeroMemory(all);
                    throw UncleanableFileException.TooComplex("the file is too large to inspect in memory");
                }

                // Grown by copying; the old copy is wiped, as every plaintext buffer is.
                var larger = new byte[Math.Min(limit, Math.Max(all.Length * 2, length + n))];
                all.AsSpan(0, length).CopyTo(larger);
                CryptographicOperations.ZeroMemory(all);
                all = larger;
            }

            buffer.AsSpan(start, n).CopyTo(all.AsSpan(length));
            length += n;
            Consume(n);
        }

        if (length == all.Length)
        {
            return all;
        }

        var exact = all[..length];
        CryptographicOperations.ZeroMemory(all);
        return exact;
    }

    /// <summary>Reads past everything left (what follows a file's logical end is never kept).</summary>
    public async ValueTask SkipRestAsync(CancellationToken cancellationToken)
    {
        while (await FillAsync(cancellationToken))
        {
            Consume(end - start);
        }
    }
}
