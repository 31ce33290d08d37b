namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies a GIF keeping only the blocks that draw and animate it, block by block as it streams.</summary>
/// <remarks>
/// Privacy, by allow-list: the header and screen descriptor, colour tables, each frame (image descriptor and compressed
/// data), graphic control extensions (frame delay, transparency) and the NETSCAPE/ANIMEXTS looping extension, rewritten
/// to its one loop count, are kept. Comment extensions, plain-text extensions, every other application extension (XMP,
/// ICC profiles, editors' private data) and anything after the trailer go.
/// </remarks>
public static class GifCleaner
{
    public static bool IsGif(ReadOnlySpan<byte> head) => head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8);

    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var budget = new CleaningBudget(cancellationToken);
        var header = new byte[13];
        await source.ReadExactlyAsync(header, cancellationToken);
        if (!IsGif(header))
        {
            throw new UncleanableFileException("not a GIF");
        }

        await output.WriteAsync(header, cancellationToken);
        await CopyColourTableAsync(source, output, header[10], cancellationToken);
        var frames = 0;
        var loopWritten = false;
        var one = new byte[1];
        while (true)
        {
            budget.Structure();
            var introducer = await source.ReadByteAsync(cancellationToken);
            switch (introducer)
            {
                case 0x2C:
                    var descriptor = new byte[10];
                    descriptor[0] = 0x2C;
                    await source.ReadExactlyAsync(descriptor.AsMemory(1), cancellationToken);
                    await output.WriteAsync(descriptor, cancellationToken);
                    await CopyColourTableAsync(source, output, descriptor[9], cancellationToken);
                    await source.ReadExactlyAsync(one, cancellationToken);
                    if (one[0] is < 1 or > 12)
                    {
                        throw new UncleanableFileException("a GIF frame is malformed");
                    }

                    await output.WriteAsync(one, cancellationToken);
                    await SubBlocksAsync(source, output, budget, cancellationToken);
                    frames++;
                    break;
                case 0x21:
                    var label = await source.ReadByteAsync(cancellationToken);
                    var first = await FirstSubBlockAsync(source, cancellationToken);
                    if (label == 0xF9 && first is { Length: 4 })
                    {
                        // Graphic control: delay, disposal, transparent colour.
                        byte[] control = [0x21, 0xF9, 4, .. first, 0];
                        await output.WriteAsync(control, cancellationToken);
                        await SubBlocksAsync(source, null, budget, cancellationToken);
                    }
                    else if (
                        label == 0xFF
                        && first is { Length: 11 }
                        && (
                            first.AsSpan().SequenceEqual("NETSCAPE2.0"u8)
                            || first.AsSpan().SequenceEqual("ANIMEXTS1.0"u8)
                        )
                    )
                    {
                        var loop = await FirstSubBlockAsync(source, cancellationToken);
                        if (loop is { Length: 3 } && loop[0] == 1 && !loopWritten)
                        {
                            loopWritten = true;
                            byte[] looping = [0x21, 0xFF, 11, .. "NETSCAPE2.0"u8, 3, 1, loop[1], loop[2], 0];
                            await output.WriteAsync(looping, cancellationToken);
                        }

                        if (loop is { Length: > 0 })
                        {
                            await SubBlocksAsync(source, null, budget, cancellationToken);
                        }
                    }
                    else if (first is { Length: > 0 })
                    {
                        // Comments, plain text, XMP, ICC and any other extension: read past, never copied.
                        await SubBlocksAsync(source, null, budget, cancellationToken);
                    }

                    break;
                case 0x3B:
                    if (frames == 0)
                    {
                        throw new UncleanableFileException("the GIF has no picture");
                    }

                    await output.WriteAsync(new byte[] { 0x3B }, cancellationToken);
                    await source.SkipRestAsync(cancellationToken);
                    return;
                case < 0:
                    throw new UncleanableFileException("the GIF ends without its trailer");
                default:
                    throw new UncleanableFileException("a GIF block is malformed");
            }
        }
    }

    private static async Task CopyColourTableAsync(
        ByteSource source,
        Stream output,
        byte packed,
        CancellationToken cancellationToken
    )
    {
        if ((packed & 0x80) != 0)
        {
            await source.CopyAsync(3 << ((packed & 7) + 1), output, cancellationToken);
        }
    }

    /// <summary>Reads the first data sub-block of an extension; an empty array when the extension has none (its
    /// terminator was read).</summary>
    private static async Task<byte[]> FirstSubBlockAsync(ByteSource source, CancellationToken cancellationToken)
    {
        var length = await source.ReadByteAsync(cancellationToken);
        var block = new byte[
            length < 0 ? throw new UncleanableFileException("the GIF ends inside an extension") : length
        ];
        await source.ReadExactlyAsync(block, cancellationToken);
        return block;
    }

    /// <summary>Copies (or, with no output, reads past) data sub-blocks up to and including their terminator.</summary>
    private static async Task SubBlocksAsync(
        ByteSource source,
        Stream? output,
        CleaningBudget budget,
        CancellationToken cancellationToken
    )
    {
        while (true)
        {
            budget.Work();
            var length = await source.ReadByteAsync(cancellationToken);
            if (length < 0)
            {
                throw new UncleanableFileException("the GIF ends inside a block");
            }

            if (output is null)
            {
                await source.SkipAsync(length, cancellationToken);
            }
            else
            {
                await output.WriteAsync(new byte[] { (byte)length }, cancellationToken);
                await source.CopyAsync(length, output, cancellationToken);
            }

            if (length == 0)
            {
                return;
            }
        }
    }
}
