using System.Buffers.Binary;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies a PNG (or APNG) keeping only the chunks that draw the picture, chunk by chunk as it
/// streams.</summary>
/// <remarks>
/// Privacy, by allow-list: the critical chunks (IHDR, PLTE, IDAT, IEND), transparency (tRNS), the colour space a
/// viewer needs to show the colours right (gAMA, cHRM, sRGB, cICP, mDCV, cLLI), significant bits (sBIT), background
/// (bKGD), pixel size (pHYs) and APNG animation (acTL, fcTL, fdAT) are kept, each with its CRC checked. Everything else
/// goes: text chunks (tEXt, zTXt, iTXt: XMP, author, software, comments), eXIf (EXIF with GPS and camera), tIME, iCCP
/// (a free-form profile that can name the device), histograms and palettes (hIST, sPLT), every chunk not listed, and
/// anything after IEND. An unknown critical chunk is refused: the picture cannot be drawn without it.
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

    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

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
        uint check = 0;
        while (true)
        {
            budget.Structure();
            await source.ReadExactlyAsync(header, cancellationToken);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            if (
                length > int.MaxValue
                || !type.All(char.IsAsciiLetter)
                || first != (type == "IHDR")
                || (first && length != 13)
            )
            {
                throw new UncleanableFileException("a PNG chunk is malformed");
            }

            first = false;
            if (Kept.Contains(type))
            {
                images += type == "IDAT" ? 1 : 0;
                check = Crc(0, header.AsSpan(4));
                await output.WriteAsync(header, cancellationToken);
                await source.CopyAsync(length, output, cancellationToken, (piece, _) => check = Crc(check, piece.Span));
                await source.ReadExactlyAsync(crc, cancellationToken);
                if (BinaryPrimitives.ReadUInt32BigEndian(crc) != check)
                {
                    throw new UncleanableFileException($"the PNG's {type} chunk is damaged");
                }

                await output.WriteAsync(crc, cancellationToken);
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

            if (type == "IEND")
            {
                if (images == 0)
                {
                    throw new UncleanableFileException("the PNG has no picture data");
                }

                await source.SkipRestAsync(cancellationToken);
                return;
            }
        }
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
