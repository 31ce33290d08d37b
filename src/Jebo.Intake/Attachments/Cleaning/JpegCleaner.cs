using System.Buffers.Binary;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies a JPEG keeping only the segments that draw it, segment by segment as it streams.</summary>
/// <remarks>
/// Privacy, by allow-list: kept are the start and end of image, quantisation and Huffman tables, arithmetic-coding
/// conditioning, restart interval, the frame header and each scan with its compressed data, copied bit for bit. A JFIF
/// header is rewritten to its 14 fixed bytes (density; never its thumbnail) and an Adobe header to its 12 (how colours
/// are coded, which a CMYK picture needs). Of EXIF only the orientation survives, written afresh in an EXIF segment of
/// its own, so a portrait photo still shows upright. Everything else goes: the rest of EXIF (GPS position, camera make,
/// model and serial, times, the thumbnail of the uncropped picture), XMP, IPTC/Photoshop (APP13), ICC profiles (APP2,
/// free-form, can name the device; colours may shift slightly), MPF, every other application segment, comments, and
/// anything after the end-of-image marker (where phones append extra pictures). Hierarchical JPEG is refused.
/// </remarks>
public static class JpegCleaner
{
    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var budget = new CleaningBudget(cancellationToken);
        var soi = new byte[2];
        await source.ReadExactlyAsync(soi, cancellationToken);
        if (soi[0] != 0xFF || soi[1] != 0xD8)
        {
            throw new UncleanableFileException("not a JPEG");
        }

        await output.WriteAsync(soi, cancellationToken);
        var frames = 0;
        var scans = 0;
        var orientationWritten = false;
        var marker = await NextMarkerAsync(source, cancellationToken);
        while (true)
        {
            budget.Structure();
            switch (marker)
            {
                case 0xD9:
                    if (frames != 1 || scans == 0)
                    {
                        throw new UncleanableFileException("the JPEG has no picture");
                    }

                    await output.WriteAsync(new byte[] { 0xFF, 0xD9 }, cancellationToken);
                    await source.SkipRestAsync(cancellationToken);
                    return;
                case (>= 0xD0 and <= 0xD7) or 0x01:
                    // Restart or TEM markers outside a scan carry nothing; they are dropped.
                    marker = await NextMarkerAsync(source, cancellationToken);
                    continue;
                case 0xDE or 0xDF:
                    throw new UncleanableFileException("hierarchical JPEG is not supported");
            }

            var lengthBytes = new byte[2];
            await source.ReadExactlyAsync(lengthBytes, cancellationToken);
            var payload = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes) - 2;
            if (payload < 0)
            {
                throw new UncleanableFileException("a JPEG segment has an impossible length");
            }

            if (IsKept(marker))
            {
                frames += IsFrame(marker) ? 1 : 0;
                if (marker == 0xDA && frames != 1)
                {
                    throw new UncleanableFileException("the JPEG's scan comes without exactly one frame");
                }

                await output.WriteAsync(
                    new byte[] { 0xFF, (byte)marker, lengthBytes[0], lengthBytes[1] },
                    cancellationToken
                );
                await source.CopyAsync(payload, output, cancellationToken);
            }
            else if (marker is 0xE0 or 0xE1 or 0xEE)
            {
                var content = new byte[payload];
                await source.ReadExactlyAsync(content, cancellationToken);
                if (Rewritten(marker, content, ref orientationWritten) is { } segment)
                {
                    await output.WriteAsync(segment, cancellationToken);
                }
            }
            else
            {
                await source.SkipAsync(payload, cancellationToken);
            }

            if (marker == 0xDA)
            {
                scans++;
                marker = await CopyScanAsync(source, output, budget, cancellationToken);
            }
            else
            {
                marker = await NextMarkerAsync(source, cancellationToken);
            }
        }
    }

    /// <summary>Tables, frame headers, scans, restart intervals: what the decoder reads.</summary>
    private static bool IsKept(int marker) => IsFrame(marker) || marker is 0xDB or 0xC4 or 0xCC or 0xDD or 0xDA or 0xDC;

    private static bool IsFrame(int marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    /// <summary>The fixed part of a JFIF or Adobe header, or the orientation alone of the first EXIF segment; null to
    /// drop the segment.</summary>
    private static byte[]? Rewritten(int marker, byte[] content, ref bool orientationWritten)
    {
        if (marker == 0xE0 && content.Length >= 14 && content.AsSpan(0, 5).SequenceEqual("JFIF\0"u8))
        {
            // Version, units and density; the thumbnail's size becomes 0 and the thumbnail is not copied.
            return [0xFF, 0xE0, 0, 16, .. content.AsSpan(0, 12), 0, 0];
        }

        if (marker == 0xEE && content.Length >= 12 && content.AsSpan(0, 5).SequenceEqual("Adobe"u8))
        {
            return [0xFF, 0xEE, 0, 14, .. content.AsSpan(0, 12)];
        }

        if (
            marker == 0xE1
            && !orientationWritten
            && content.AsSpan().StartsWith("Exif\0\0"u8)
            && Orientation(content.AsSpan(6)) is { } orientation
        )
        {
            orientationWritten = true;
            return
            [
                0xFF,
                0xE1,
                0,
                34,
                .. "Exif\0\0"u8,
                (byte)'M',
                (byte)'M',
                0,
                42,
                0,
                0,
                0,
                8,
                0,
                1,
                0x01,
                0x12,
                0,
                3,
                0,
                0,
                0,
                1,
                0,
                (byte)orientation,
                0,
                0,
                0,
                0,
                0,
                0,
            ];
        }

        return null;
    }

    /// <summary>The orientation (2–8) in the first directory of an EXIF block, or null (absent, upright or unreadable:
    /// the block is dropped either way). Reads one directory, no pointers followed.</summary>
    public static int? Orientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8 || !(tiff.StartsWith("MM"u8) || tiff.StartsWith("II"u8)))
        {
            return null;
        }

        var big = tiff[0] == (byte)'M';
        uint U16(ReadOnlySpan<byte> at) =>
            big ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at);
        var directory = big
            ? BinaryPrimitives.ReadUInt32BigEndian(tiff[4..])
            : BinaryPrimitives.ReadUInt32LittleEndian(tiff[4..]);
        if (directory > tiff.Length - 2)
        {
            return null;
        }

        var entries = tiff[(int)directory..];
        var count = (int)Math.Min(U16(entries), (entries.Length - 2) / 12);
        for (var i = 0; i < count; i++)
        {
            var entry = entries.Slice(2 + (i * 12), 12);
            if (U16(entry) == 0x0112 && U16(entry[2..]) == 3)
            {
                var value = U16(entry[8..]);
                return value is >= 2 and <= 8 ? (int)value : null;
            }
        }

        return null;
    }

    /// <summary>Reads a marker: 0xFF, any fill bytes, then the marker code.</summary>
    private static async Task<int> NextMarkerAsync(ByteSource source, CancellationToken cancellationToken)
    {
        var b = await source.ReadByteAsync(cancellationToken);
        if (b != 0xFF)
        {
            throw new UncleanableFileException(
                b < 0 ? "the JPEG ends without an end-of-image marker" : "a JPEG segment is not where one should be"
            );
        }

        do
        {
            b = await source.ReadByteAsync(cancellationToken);
        } while (b == 0xFF);

        return b is < 0 or 0 ? throw new UncleanableFileException("the JPEG ends inside a marker") : b;
    }

    /// <summary>Copies entropy-coded data up to the next marker that is not a restart or a stuffed byte; returns
    /// it.</summary>
    private static async Task<int> CopyScanAsync(
        ByteSource source,
        Stream output,
        CleaningBudget budget,
        CancellationToken cancellationToken
    )
    {
        var escaped = new byte[] { 0xFF, 0 };
        var pendingFf = false;
        while (await source.FillAsync(cancellationToken))
        {
            budget.Work();
            var data = source.Buffered;
            if (pendingFf)
            {
                var next = data.Span[0];
                source.Consume(1);
                if (next == 0xFF)
                {
                    continue;
                }

                if (next != 0x00 && next is not (>= 0xD0 and <= 0xD7))
                {
                    return next;
                }

                escaped[1] = next;
                await output.WriteAsync(escaped, cancellationToken);
                pendingFf = false;
                continue;
            }

            var ff = data.Span.IndexOf((byte)0xFF);
            var plain = ff < 0 ? data.Length : ff;
            if (plain > 0)
            {
                await output.WriteAsync(data[..plain], cancellationToken);
            }

            source.Consume(ff < 0 ? plain : plain + 1);
            pendingFf = ff >= 0;
        }

        throw new UncleanableFileException("the JPEG ends inside its picture data");
    }
}
