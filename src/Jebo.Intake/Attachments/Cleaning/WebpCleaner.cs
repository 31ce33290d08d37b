using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Rebuilds a WebP picture (a RIFF file) keeping only the chunks that draw and animate it.</summary>
/// <remarks>
/// Privacy, by allow-list: the compressed picture (VP8, VP8L), its alpha plane (ALPH), the extended header (VP8X, with
/// its EXIF, XMP and ICC flags cleared), the animation header (ANIM) and frames (ANMF, whose own chunks are filtered
/// the same way) are kept. EXIF (GPS, camera), XMP, ICCP (a free-form profile that can name the device; colours may
/// shift slightly) and unknown chunks go, as does anything after the RIFF's end. The file is read whole (it is bounded
/// by the attachment limit) because the RIFF header states the size of what follows.
/// </remarks>
public static class WebpCleaner
{
    public static bool IsWebp(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8);

    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var file = await source.ReadAllAsync(CleaningLimits.MaxInMemoryBytes, cancellationToken);
        try
        {
            await RebuildAsync(file, output, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(file);
        }
    }

    private static async Task RebuildAsync(byte[] file, Stream output, CancellationToken cancellationToken)
    {
        var budget = new CleaningBudget(cancellationToken);
        if (!IsWebp(file))
        {
            throw new UncleanableFileException("not a WebP picture");
        }

        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4));
        if (riffEnd > file.Length)
        {
            throw new UncleanableFileException("the WebP picture is cut short");
        }

        var chunks = Chunks(file, 12, (int)riffEnd, budget);
        var kept = new List<byte>();
        var first = chunks.Count > 0 ? chunks[0].Type : "";
        var pictures = 0;
        if (first is "VP8 " or "VP8L")
        {
            // A simple picture: the one chunk, nothing else belongs.
            Append(kept, first, file.AsSpan(chunks[0].Start, chunks[0].Length));
            pictures = 1;
        }
        else if (first == "VP8X" && chunks[0].Length >= 10)
        {
            var extended = file.AsSpan(chunks[0].Start, 10).ToArray();
            extended[0] &= 0x10 | 0x02; // alpha and animation; never ICC, EXIF or XMP
            extended.AsSpan(1, 3).Clear();
            Append(kept, "VP8X", extended);
            foreach (var (type, start, length) in chunks.Skip(1))
            {
                switch (type)
                {
                    case "ANIM" when length >= 6:
                        Append(kept, type, file.AsSpan(start, 6));
                        break;
                    case "ALPH" or "VP8 " or "VP8L":
                        pictures += type == "ALPH" ? 0 : 1;
                        Append(kept, type, file.AsSpan(start, length));
                        break;
                    case "ANMF" when length >= 16:
                        pictures++;
                        Append(kept, type, Frame(file, start, length, budget));
                        break;
                }
            }
        }

        if (pictures == 0)
        {
            throw new UncleanableFileException("the WebP file has no picture");
        }

        var riff = new byte[12];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(kept.Count + 4));
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        await output.WriteAsync(riff, cancellationToken);
        await output.WriteAsync(kept.ToArray(), cancellationToken);
    }

    /// <summary>An animation frame: its 16-byte header, then only its alpha and picture chunks.</summary>
    private static byte[] Frame(byte[] file, int start, int length, CleaningBudget budget)
    {
        var frame = new List<byte>(file.AsSpan(start, 16).ToArray());
        var pictures = 0;
        foreach (var (type, at, size) in Chunks(file, start + 16, start + length, budget))
        {
            if (type is "ALPH" or "VP8 " or "VP8L")
            {
                pictures += type == "ALPH" ? 0 : 1;
                Append(frame, type, file.AsSpan(at, size));
            }
        }

        return pictures == 1 ? [.. frame] : throw new UncleanableFileException("a WebP frame is malformed");
    }

    /// <summary>The chunks laid one after another in <c>file[from..to]</c>: type, content start and length.</summary>
    private static List<(string Type, int Start, int Length)> Chunks(
        byte[] file,
        int from,
        int to,
        CleaningBudget budget
    )
    {
        var chunks = new List<(string, int, int)>();
        var at = from;
        while (at < to)
        {
            budget.Structure();
            if (to - at < 8)
            {
                throw new UncleanableFileException("a WebP chunk is cut short");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            if (length > to - at - 8)
            {
                throw new UncleanableFileException("a WebP chunk has an impossible size");
            }

            chunks.Add((Encoding.Latin1.GetString(file, at, 4), at + 8, (int)length));
            at += 8 + (int)length + (int)(length & 1);
        }

        return chunks;
    }

    private static void Append(List<byte> output, string type, ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[8];
        Encoding.Latin1.GetBytes(type, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)content.Length);
        output.AddRange(header);
        output.AddRange(content);
        if ((content.Length & 1) != 0)
        {
            output.Add(0);
        }
    }
}
