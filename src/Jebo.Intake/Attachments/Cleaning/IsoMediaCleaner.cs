using System.Buffers.Binary;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies an ISO base media file (HEIC/HEIF/AVIF pictures; MP4, MOV, M4A and 3GP recordings) without its
/// metadata, box by box as it streams. Box sizes never change, so every offset in the file stays right.</summary>
/// <remarks>
/// Privacy: user-data, metadata and uuid boxes (iTunes/QuickTime tags, Apple location and device keys, XMP) become
/// <c>free</c> boxes of the same size full of zeros; creation and modification times in the movie, track and media
/// headers become zero; tracks that are neither picture, sound, text nor timecode (timed metadata such as GPS tracks)
/// are removed from the movie and their samples zeroed. In a HEIF picture, the EXIF and XMP items keep their place but
/// their bytes become zeros. What cannot be cleaned with certainty is refused: a metadata track whose samples were
/// already streamed before the movie box that describes them, an EXIF item stored before the box that lists it, boxes
/// too large to inspect in memory.
/// </remarks>
public static class IsoMediaCleaner
{
    /// <summary>The largest movie or HEIF meta box read into memory; its index tables, not the pictures or sound.</summary>
    public const int MaxBufferedBox = 16 * 1024 * 1024;

    private static readonly HashSet<string> KeptHandlers = new(StringComparer.Ordinal)
    {
        "vide", "soun", "tmcd", "text", "sbtl", "subt", "clcp", "pict", "auxv",
    };

    private static readonly HashSet<string> Blanked = new(StringComparer.Ordinal) { "udta", "meta", "uuid", "XMP_" };

    public static async Task CleanAsync(ByteSource source, Stream output, bool isHeif, CancellationToken cancellationToken)
    {
        var zero = new List<(long Start, long End)>();
        void Mask(Memory<byte> piece, long at) => ZeroOverlaps(piece.Span, at, zero);

        var header = new byte[16];
        var first = true;
        while (await source.FillAsync(cancellationToken))
        {
            var start = source.Position;
            await source.ReadExactlyAsync(header.AsMemory(0, 8), cancellationToken);
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.Latin1.GetString(header, 4, 4);
            var headerLength = 8;
            if (size == 1)
            {
                await source.ReadExactlyAsync(header.AsMemory(8, 8), cancellationToken);
                size = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(8));
                headerLength = 16;
            }

            var toEnd = size == 0;
            if ((!toEnd && size < headerLength) || (first && type != "ftyp"))
            {
                throw new UncleanableFileException("a box of the file is malformed");
            }

            first = false;
            var payload = toEnd ? -1 : size - headerLength;
            if (type is "moov" || (type == "meta" && isHeif))
            {
                if (toEnd || size > MaxBufferedBox)
                {
                    throw new UncleanableFileException($"the {type} box is too large to inspect");
                }

                var box = new byte[size];
                header.AsSpan(0, headerLength).CopyTo(box);
                await source.ReadExactlyAsync(box.AsMemory(headerLength), cancellationToken);
                var ranges = new List<(long Start, long End)>();
                if (type == "moov")
                {
                    CleanContainer(box.AsSpan(headerLength), start + headerLength, "moov", ranges);
                }
                else
                {
                    HeifMetadata(box, headerLength, ranges);
                }

                foreach (var range in ranges)
                {
                    if (range.Start < start)
                    {
                        throw new UncleanableFileException("metadata lies before the box that describes it, and has already been passed");
                    }

                    zero.Add(range);
                }

                ZeroOverlaps(box, start, zero);
                await output.WriteAsync(box, cancellationToken);
            }
            else if (Blanked.Contains(type))
            {
                Encoding.Latin1.GetBytes("free", header.AsSpan(4, 4));
                await output.WriteAsync(header.AsMemory(0, headerLength), cancellationToken);
                await WriteZerosAsync(source, payload, output, cancellationToken);
            }
            else
            {
                var head = header.AsMemory(0, headerLength);
                Mask(head, start);
                await output.WriteAsync(head, cancellationToken);
                if (toEnd)
                {
                    await source.CopyRestAsync(output, cancellationToken, Mask);
                }
                else
                {
                    await source.CopyAsync(payload, output, cancellationToken, Mask);
                }
            }
        }

        if (zero.Any(r => r.End > source.Position))
        {
            throw new UncleanableFileException("metadata is said to lie beyond the end of the file");
        }
    }

    private static async Task WriteZerosAsync(ByteSource source, long payload, Stream output, CancellationToken cancellationToken)
    {
        var zeros = new byte[64 * 1024];
        while (payload != 0 && await source.FillAsync(cancellationToken))
        {
            var n = (int)(payload < 0 ? source.Buffered.Length : Math.Min(payload, source.Buffered.Length));
            source.Consume(n);
            await output.WriteAsync(zeros.AsMemory(0, n), cancellationToken);
            if (payload > 0)
            {
                payload -= n;
            }
        }

        if (payload > 0)
        {
            throw new UncleanableFileException("the file ends in the middle of a box");
        }
    }

    private static void ZeroOverlaps(Span<byte> piece, long at, List<(long Start, long End)> zero)
    {
        foreach (var (start, end) in zero)
        {
            var from = Math.Max(start, at);
            var to = Math.Min(end, at + piece.Length);
            if (from < to)
            {
                piece[(int)(from - at)..(int)(to - at)].Clear();
            }
        }
    }

    /// <summary>The child boxes of a container: (offset in span, total size, header length, type).</summary>
    private static List<(int Offset, int Size, int HeaderLength, string Type)> Children(ReadOnlySpan<byte> content)
    {
        var children = new List<(int, int, int, string)>();
        var at = 0;
        while (at < content.Length)
        {
            if (content.Length - at < 8)
            {
                // QuickTime allows a 4-byte zero terminator at the end of some containers.
                if (content[at..].IndexOfAnyExcept((byte)0) < 0)
                {
                    break;
                }

                throw new UncleanableFileException("a box inside the movie is cut short");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(content[at..]);
            var type = Encoding.Latin1.GetString(content.Slice(at + 4, 4));
            var headerLength = 8;
            if (size == 1)
            {
                if (content.Length - at < 16)
                {
                    throw new UncleanableFileException("a box inside the movie is cut short");
                }

                size = BinaryPrimitives.ReadInt64BigEndian(content[(at + 8)..]);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = content.Length - at;
            }

            if (size < headerLength || size > content.Length - at)
            {
                throw new UncleanableFileException("a box inside the movie has an impossible size");
            }

            children.Add((at, (int)size, headerLength, type));
            at += (int)size;
        }

        return children;
    }

    private static void CleanContainer(Span<byte> content, long fileOffset, string parent, List<(long Start, long End)> ranges)
    {
        foreach (var (offset, size, headerLength, type) in Children(content))
        {
            var box = content.Slice(offset, size);
            var payload = box[headerLength..];
            switch (type)
            {
                case "udta" or "meta" or "uuid" or "XMP_":
                    Blank(box, headerLength);
                    break;
                case "mvhd" or "tkhd" or "mdhd" when payload.Length >= 12:
                    // Creation and modification times: 32-bit in version 0, 64-bit in version 1.
                    payload[4..(payload[0] == 1 && payload.Length >= 20 ? 20 : 12)].Clear();
                    break;
                case "trak":
                    if (!KeptHandlers.Contains(HandlerOf(payload)))
                    {
                        if (parent != "moov" || Children(content).Any(c => c.Type == "mvex"))
                        {
                            throw new UncleanableFileException("a fragmented recording carries a metadata track");
                        }

                        ranges.AddRange(SampleRanges(payload));
                        Blank(box, headerLength);
                    }
                    else
                    {
                        CleanContainer(payload, fileOffset + offset + headerLength, type, ranges);
                    }

                    break;
                case "mdia" or "minf" or "edts" or "dinf" or "mvex":
                    CleanContainer(payload, fileOffset + offset + headerLength, type, ranges);
                    break;
            }
        }
    }

    private static void Blank(Span<byte> box, int headerLength)
    {
        Encoding.Latin1.GetBytes("free", box.Slice(4, 4));
        box[headerLength..].Clear();
    }

    /// <summary>The handler type of a track (<c>vide</c>, <c>soun</c>, <c>meta</c>...), from trak/mdia/hdlr.</summary>
    private static string HandlerOf(ReadOnlySpan<byte> trak)
    {
        foreach (var mdia in Children(trak).Where(c => c.Type == "mdia"))
        {
            var content = trak.Slice(mdia.Offset + mdia.HeaderLength, mdia.Size - mdia.HeaderLength);
            foreach (var hdlr in Children(content).Where(c => c.Type == "hdlr" && c.Size - c.HeaderLength >= 12))
            {
                return Encoding.Latin1.GetString(content.Slice(hdlr.Offset + hdlr.HeaderLength + 8, 4));
            }
        }

        return "";
    }

    /// <summary>Where in the file a track's samples lie (chunk offsets, samples per chunk, sample sizes).</summary>
    private static List<(long Start, long End)> SampleRanges(ReadOnlySpan<byte> trak)
    {
        var stbl = Find(trak, "mdia", "minf", "stbl");
        if (stbl is null)
        {
            return [];
        }

        var table = trak.Slice(stbl.Value.Offset, stbl.Value.Length).ToArray();
        var boxes = Children(table).ToDictionary(c => c.Type, c => table.AsSpan(c.Offset + c.HeaderLength, c.Size - c.HeaderLength).ToArray(), StringComparer.Ordinal);
        if (boxes.ContainsKey("stz2") || !boxes.TryGetValue("stsz", out var stsz) || !boxes.TryGetValue("stsc", out var stsc)
            || !(boxes.TryGetValue("stco", out var chunkTable) || boxes.TryGetValue("co64", out chunkTable)))
        {
            throw new UncleanableFileException("a metadata track's samples cannot be located");
        }

        var wide = boxes.ContainsKey("co64");
        var chunkCount = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(chunkTable.AsSpan(4)), (chunkTable.Length - 8) / (wide ? 8 : 4));
        var runCount = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(stsc.AsSpan(4)), (stsc.Length - 8) / 12);
        var fixedSize = BinaryPrimitives.ReadUInt32BigEndian(stsz.AsSpan(4));
        var sampleCount = BinaryPrimitives.ReadUInt32BigEndian(stsz.AsSpan(8));
        var ranges = new List<(long, long)>();
        long sample = 0;
        for (var chunk = 0; chunk < chunkCount && sample < sampleCount; chunk++)
        {
            var offset = wide
                ? BinaryPrimitives.ReadInt64BigEndian(chunkTable.AsSpan(8 + (chunk * 8)))
                : BinaryPrimitives.ReadUInt32BigEndian(chunkTable.AsSpan(8 + (chunk * 4)));
            long perChunk = 0;
            for (var run = 0; run < runCount; run++)
            {
                if (BinaryPrimitives.ReadUInt32BigEndian(stsc.AsSpan(8 + (run * 12))) <= chunk + 1)
                {
                    perChunk = BinaryPrimitives.ReadUInt32BigEndian(stsc.AsSpan(8 + (run * 12) + 4));
                }
            }

            long length = 0;
            for (var i = 0; i < perChunk && sample < sampleCount; i++, sample++)
            {
                length += fixedSize != 0 ? fixedSize
                    : 12 + (sample * 4) + 4 <= stsz.Length ? BinaryPrimitives.ReadUInt32BigEndian(stsz.AsSpan((int)(12 + (sample * 4))))
                    : throw new UncleanableFileException("a metadata track's sample table is cut short");
            }

            ranges.Add((offset, offset + length));
        }

        return ranges;
    }

    private static (int Offset, int Length)? Find(ReadOnlySpan<byte> content, params string[] path)
    {
        var offset = 0;
        var length = content.Length;
        foreach (var name in path)
        {
            var children = Children(content.Slice(offset, length));
            var child = children.FirstOrDefault(c => c.Type == name);
            if (child.Type != name)
            {
                return null;
            }

            offset += child.Offset + child.HeaderLength;
            length = child.Size - child.HeaderLength;
        }

        return (offset, length);
    }

    /// <summary>Finds the EXIF and XMP items of a HEIF meta box: zeroes those stored inside it (idat) and returns the
    /// file ranges of those stored elsewhere (in mdat), to be zeroed as they stream past.</summary>
    private static void HeifMetadata(byte[] box, int headerLength, List<(long Start, long End)> ranges)
    {
        // meta is a full box: 4 bytes of version and flags before its children.
        var contentOffset = headerLength + 4;
        var content = box.AsSpan(contentOffset);
        var children = Children(content);
        var targets = new HashSet<uint>();
        foreach (var iinf in children.Where(c => c.Type == "iinf"))
        {
            var body = content.Slice(iinf.Offset + iinf.HeaderLength, iinf.Size - iinf.HeaderLength);
            var entriesAt = body[0] == 0 ? 6 : 8;
            foreach (var infe in Children(body[entriesAt..]).Where(c => c.Type == "infe"))
            {
                var entry = body.Slice(entriesAt + infe.Offset + infe.HeaderLength, infe.Size - infe.HeaderLength);
                var version = entry[0];
                if (version < 2)
                {
                    continue;
                }

                var idLength = version == 2 ? 2 : 4;
                var id = version == 2 ? BinaryPrimitives.ReadUInt16BigEndian(entry[4..]) : BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
                var typeAt = 4 + idLength + 2;
                var itemType = Encoding.Latin1.GetString(entry.Slice(typeAt, 4));
                var rest = entry[(typeAt + 4)..];
                var nameEnd = rest.IndexOf((byte)0);
                var contentType = itemType == "mime" && nameEnd >= 0 ? CString(rest[(nameEnd + 1)..]) : "";
                if (itemType == "Exif" || (itemType == "mime" && contentType.Contains("rdf+xml", StringComparison.OrdinalIgnoreCase)))
                {
                    targets.Add(id);
                }
            }
        }

        if (targets.Count == 0)
        {
            return;
        }

        var idat = children.FirstOrDefault(c => c.Type == "idat");
        var iloc = children.FirstOrDefault(c => c.Type == "iloc");
        if (iloc.Type != "iloc")
        {
            throw new UncleanableFileException("the picture names EXIF or XMP but not where it lies");
        }

        var b = content.Slice(iloc.Offset + iloc.HeaderLength, iloc.Size - iloc.HeaderLength);
        var ilocVersion = b[0];
        var offsetSize = b[4] >> 4;
        var lengthSize = b[4] & 15;
        var baseOffsetSize = b[5] >> 4;
        var indexSize = ilocVersion is 1 or 2 ? b[5] & 15 : 0;
        var at = 6;
        var itemCount = ilocVersion < 2 ? Read(b, ref at, 2) : Read(b, ref at, 4);
        for (long i = 0; i < itemCount; i++)
        {
            var id = (uint)(ilocVersion < 2 ? Read(b, ref at, 2) : Read(b, ref at, 4));
            var method = ilocVersion is 1 or 2 ? (int)(Read(b, ref at, 2) & 15) : 0;
            at += 2; // data reference index
            var baseOffset = Read(b, ref at, baseOffsetSize);
            var extents = Read(b, ref at, 2);
            for (long e = 0; e < extents; e++)
            {
                at += indexSize;
                var offset = Read(b, ref at, offsetSize);
                var length = Read(b, ref at, lengthSize);
                if (!targets.Contains(id))
                {
                    continue;
                }

                if (length <= 0 || method == 2)
                {
                    throw new UncleanableFileException("the picture's EXIF or XMP is stored in a way that cannot be located exactly");
                }

                if (method == 1)
                {
                    if (idat.Type != "idat" || baseOffset + offset + length > idat.Size - idat.HeaderLength)
                    {
                        throw new UncleanableFileException("the picture's EXIF or XMP lies outside its data box");
                    }

                    box.AsSpan(contentOffset + idat.Offset + idat.HeaderLength + (int)(baseOffset + offset), (int)length).Clear();
                }
                else
                {
                    ranges.Add((baseOffset + offset, baseOffset + offset + length));
                }
            }
        }
    }

    private static long Read(ReadOnlySpan<byte> data, ref int at, int size)
    {
        if (at + size > data.Length)
        {
            throw new UncleanableFileException("the picture's item locations are cut short");
        }

        long value = size switch
        {
            0 => 0,
            2 => BinaryPrimitives.ReadUInt16BigEndian(data[at..]),
            4 => BinaryPrimitives.ReadUInt32BigEndian(data[at..]),
            8 => BinaryPrimitives.ReadInt64BigEndian(data[at..]),
            _ => throw new UncleanableFileException("the picture's item locations use an unknown field size"),
        };
        at += size;
        return value;
    }

    private static string CString(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? data : data[..end]);
    }
}
