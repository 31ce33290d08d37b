namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>AMR speech (RFC 4867's storage format, single channel): the magic line, then speech frames and nothing
/// else. The format has no place for metadata, so cleaning is proving that every byte belongs to a frame of a known
/// type; anything else (reserved frame types, set padding bits, a frame cut short) refuses the file.</summary>
public static class AmrCleaner
{
    // Speech bytes after the one-byte frame header, by frame type; -1: a reserved type.
    private static readonly int[] NarrowBand = [12, 13, 15, 17, 19, 20, 26, 31, 5, -1, -1, -1, -1, -1, -1, 0];
    private static readonly int[] WideBand = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, -1, -1, -1, -1, 0, 0];

    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var wide = new byte[9];
        await source.ReadExactlyAsync(wide.AsMemory(0, 6), cancellationToken);
        int[] sizes;
        if (wide.AsSpan(0, 6).SequenceEqual("#!AMR\n"u8))
        {
            sizes = NarrowBand;
            await output.WriteAsync(wide.AsMemory(0, 6), cancellationToken);
        }
        else
        {
            await source.ReadExactlyAsync(wide.AsMemory(6, 3), cancellationToken);
            if (!wide.AsSpan().SequenceEqual("#!AMR-WB\n"u8))
            {
                throw new UncleanableFileException("not an AMR file");
            }

            sizes = WideBand;
            await output.WriteAsync(wide, cancellationToken);
        }

        var frames = 0;
        var frame = new byte[61];
        int header;
        while ((header = await source.ReadByteAsync(cancellationToken)) >= 0)
        {
            var size = sizes[(header >> 3) & 0x0F];
            if (size < 0 || (header & 0x83) != 0)
            {
                throw new UncleanableFileException("an AMR frame of a reserved type, or with padding bits set");
            }

            frame[0] = (byte)header;
            await source.ReadExactlyAsync(frame.AsMemory(1, size), cancellationToken);
            await output.WriteAsync(frame.AsMemory(0, size + 1), cancellationToken);
            frames++;
        }

        if (frames == 0)
        {
            throw new UncleanableFileException("an AMR file without speech");
        }
    }
}
