using System.Buffers.Binary;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies a PNG (or APNG) keeping only the chunks that draw the picture, chunk by chunk as it streams.</summary>
/// <remarks>
/// Privacy: text chunks (tEXt, zTXt, iTXt: where XMP, author, software and comments live), eXIf (EXIF with GPS and
/// camera), tIME, iCCP (a profile can name the device) and every chunk this list does not know are left out, as is
/// anything after IEND. The image data is copied unchanged.
/// </remarks>
public static class PngCleaner
{
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs", "hIST",
        "acTL", "fcTL", "fdAT", "cICP", "mDCV", "cLLI",
    };

    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var signature = new byte[8];
        await source.ReadExactlyAsync(signature, cancellationToken);
        if (!signature.AsSpan().SequenceEqual(Signature))
        {
            throw new UncleanableFileException("not a PNG");
        }

        await output.WriteAsync(signature, cancellationToken);
        var header = new byte[8];
        var first = true;
        while (true)
        {
            await source.ReadExactlyAsync(header, cancellationToken);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            if (length > int.MaxValue || !type.All(char.IsAsciiLetter) || (first && type != "IHDR"))
            {
                throw new UncleanableFileException("a PNG chunk is malformed");
            }

            first = false;
            if (Kept.Contains(type))
            {
                await output.WriteAsync(header, cancellationToken);
                await source.CopyAsync(length + 4L, output, cancellationToken);
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
                await source.SkipRestAsync(cancellationToken);
                return;
            }
        }
    }
}
