using System.Buffers.Binary;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies a PNG (or APNG) keeping only the chunks that draw the picture, chunk by chunk as it
/// streams.</summary>
/// <remarks>
/// <para>Privacy, by allow-list: the critical chunks (IHDR, PLTE, IDAT, IEND), transparency (tRNS), the colour space a
/// viewer needs to show the colours right (gAMA, cHRM, sRGB, cICP, mDCV, cLLI), significant bits (sBIT), background
/// (bKGD), pixel size (pHYs) and APNG animation (acTL, fcTL, fdAT) are kept. Everything else goes: text chunks (tEXt,
/// zTXt, iTXt: XMP, author, software, comments), eXIf (EXIF with GPS and camera), tIME, iCCP (a free-form profile that
/// can name the device), histograms and palettes (hIST, sPLT), every chunk not listed, and anything after IEND. An
/// unknown critical chunk is refused: the picture cannot be drawn without it.</para>
/// <para>Damage, as a browser takes it (<see cref="Damage"/>): a photo a reporter's browser shows is taken, and what
/// leaves is always a well-formed PNG, every CRC computed afresh and IEND written here.</para>
/// </remarks>
public static class PngCleaner
{
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        "IHDR",
        "PLTE",
        "IDAT",
        "IEND",
        "tRNS",
        "gAMA",
        "cHRM",
        "sRGB",
        "cICP",
        "mDCV",
        "cLLI",
        "sBIT",
        "bKGD",
        "pHYs",
        "acTL",
        "fcTL",
        "fdAT",
    };

    /// <summary>The chunks that hold the picture's pixels, streamed through rather than held.</summary>
    private static readonly HashSet<string> PictureData = new(StringComparer.Ordinal) { "IDAT", "fdAT" };

    /// <summary>The most a kept chunk other than the picture data may hold (a palette is at most 768 bytes, every
    /// other kept chunk less): such chunks are read whole, so a damaged one can be dropped before any of it is
    /// written.</summary>
    private const int MaxSmallChunk = 1024;

    private static readonly byte[] End =
    [
        0,
        0,
        0,
        0,
        (byte)'I',
        (byte)'E',
        (byte)'N',
        (byte)'D',
        0xAE,
        0x42,
        0x60,
        0x82,
    ];

    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>What a damaged PNG comes to: the one place that decides it.</summary>
    /// <remarks>
    /// Security: a chunk's CRC guards against damage in storage or transit, not against an attacker, who writes right
    /// CRCs as easily as wrong ones; the pixel data is passed through either way, so refusing a wrong CRC protects
    /// nobody and loses a reporter's photo that browsers (Chromium among them) still show. So, as a browser does:
    /// a wrong CRC on picture data (IDAT, fdAT) or the palette is forgiven and the CRC written afresh; a damaged
    /// ancillary chunk is dropped; a file whose chunks stop making sense (a length or type that cannot be, or the
    /// end of the file between chunks) after picture data ends there, with IEND written here. What stays refused: a
    /// damaged header (IHDR: its size and colour type are what the pixels mean), no picture data at all, an unknown
    /// critical chunk, and a chunk cut off by the end of the file (the output would be cut too). Nothing after the
    /// damage is ever copied, so no metadata slips through it.
    /// </remarks>
    public enum Damage
    {
        /// <summary>The chunk's CRC is right.</summary>
        None,

        /// <summary>Kept, with the CRC computed afresh.</summary>
        Forgiven,

        /// <summary>Left out.</summary>
        Dropped,

        /// <summary>The file is refused.</summary>
        Refused,
    }

    /// <summary>What a kept chunk of <paramref name="type"/> whose CRC is wrong comes to.</summary>
    public static Damage WrongCrc(string type) =>
        type == "IHDR" ? Damage.Refused
        : PictureData.Contains(type) || type == "PLTE" ? Damage.Forgiven
        : char.IsAsciiLetterUpper(type[0]) ? Damage.Refused
        : Damage.Dropped;

    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var budget = new CleaningBudget(cancellationToken);
        var signature = new byte[8];
        await source.ReadExactlyAsync(signature, cancellationToken);
        if (!signature.AsSpan().SequenceEqual(Signature))
        {
            throw new UncleanableFileException("not a PNG");
        }

        await output.WriteAsync(signature, cancellationToken);
        var header = new byte[8];
        var crc = new byte[4];
        var first = true;
        var images = 0;
        while (true)
        {
            budget.Structure();
            var whole = await ReadHeaderAsync(source, header, cancellationToken);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            if (!whole || length > int.MaxValue || !type.All(char.IsAsciiLetter) || (first && length != 13))
            {
                if (images > 0 && !first)
                {
                    // The picture data came whole; what follows cannot be read as chunks. The file ends here.
                    await output.WriteAsync(End, cancellationToken);
                    await source.SkipRestAsync(cancellationToken);
                    return;
                }

                throw new UncleanableFileException("a PNG chunk is malformed");
            }

            if (first != (type == "IHDR"))
            {
                throw new UncleanableFileException("a PNG chunk is malformed");
            }

            first = false;
            if (type == "IEND")
            {
                if (images == 0)
                {
                    throw new UncleanableFileException("the PNG has no picture data");
                }

                await output.WriteAsync(End, cancellationToken);
                await source.SkipRestAsync(cancellationToken);
                return;
            }

            if (PictureData.Contains(type))
            {
                images += type == "IDAT" ? 1 : 0;
                var check = Crc(0, header.AsSpan(4));
                await output.WriteAsync(header, cancellationToken);
                await source.CopyAsync(length, output, cancellationToken, (piece, _) => check = Crc(check, piece.Span));
                await source.ReadExactlyAsync(crc, cancellationToken);
                BinaryPrimitives.WriteUInt32BigEndian(crc, check);
                await output.WriteAsync(crc, cancellationToken);
            }
            else if (Kept.Contains(type))
            {
                if (length > MaxSmallChunk)
                {
                    // Longer than any such chunk can be: a palette cannot be drawn from, the rest is left out.
                    if (char.IsAsciiLetterUpper(type[0]))
                    {
                        throw new UncleanableFileException($"the PNG's {type} chunk is too long to be one");
                    }

                    await source.SkipAsync(length + 4L, cancellationToken);
                    continue;
                }

                var data = new byte[length];
                await source.ReadExactlyAsync(data, cancellationToken);
                await source.ReadExactlyAsync(crc, cancellationToken);
                var check = Crc(Crc(0, header.AsSpan(4)), data);
                var damage = BinaryPrimitives.ReadUInt32BigEndian(crc) == check ? Damage.None : WrongCrc(type);
                if (damage == Damage.Refused)
                {
                    throw new UncleanableFileException($"the PNG's {type} chunk is damaged");
                }

                if (damage != Damage.Dropped)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(crc, check);
                    await output.WriteAsync(header, cancellationToken);
                    await output.WriteAsync(data, cancellationToken);
                    await output.WriteAsync(crc, cancellationToken);
                }
            }
            else if (char.IsAsciiLetterUpper(type[0]))
            {
                // A critical chunk we do not know: the picture cannot be drawn without it, so it cannot be dropped.
                throw new UncleanableFileException($"the PNG has an unknown critical chunk {type}");
            }
            else
            {
                await source.SkipAsync(length + 4L, cancellationToken);
            }
        }
    }

    /// <summary>Reads a chunk's length and type; false when the file ends before all eight bytes (nothing more to
    /// read).</summary>
    private static async ValueTask<bool> ReadHeaderAsync(
        ByteSource source,
        byte[] header,
        CancellationToken cancellationToken
    )
    {
        for (var at = 0; at < header.Length; at++)
        {
            var b = await source.ReadByteAsync(cancellationToken);
            if (b < 0)
            {
                return false;
            }

            header[at] = (byte)b;
        }

        return true;
    }

    private static readonly uint[] CrcTable =
    [
        .. Enumerable
            .Range(0, 256)
            .Select(n =>
            {
                var c = (uint)n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                return c;
            }),
    ];

    /// <summary>The PNG chunk CRC (ISO 3309) of <paramref name="data"/>, continuing from <paramref name="crc"/> (0 to
    /// start).</summary>
    public static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }
}
