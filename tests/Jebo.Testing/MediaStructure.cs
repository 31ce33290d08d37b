using System.Buffers.Binary;
using System.Text;

namespace Jebo.Testing;

/// <summary>A structural validator for the kinds of file intake cleans, written apart from the cleaners so a test can
/// check their output independently: every box, segment, chunk or block well formed, the required ones present, chunk
/// and item offsets inside the media data, PNG CRCs right. Throws <see cref="InvalidDataException"/> on the first
/// fault.</summary>
public static class MediaStructure
{
    /// <summary>A track as a player sees it: its handler and its samples' bytes.</summary>
    public sealed record Track(string Handler, List<byte[]> Samples);

    /// <summary>An ISO media file: its top-level boxes in order, every box type anywhere (by path), its tracks, and a
    /// HEIF picture's items (type and data) with the primary item.</summary>
    public sealed record IsoFile(
        List<string> TopLevel,
        HashSet<string> Paths,
        List<Track> Tracks,
        Dictionary<uint, (string Type, byte[] Data)> Items,
        uint? Primary
    );

    private static readonly HashSet<string> Containers =
    [
        "moov",
        "trak",
        "mdia",
        "minf",
        "dinf",
        "stbl",
        "edts",
        "udta",
        "iprp",
        "ipco",
        "tapt",
        "mvex",
    ];

    private readonly record struct Box(string Type, int Start, int ContentStart, int End);

    private static List<Box> Boxes(byte[] file, int from, int to)
    {
        var boxes = new List<Box>();
        var at = from;
        while (at < to)
        {
            Check(to - at >= 8, $"a box at {at} is cut short");
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            var header = 8;
            if (size == 1)
            {
                size = BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(at + 8));
                header = 16;
            }

            Check(size >= header && size <= to - at, $"the box at {at} has size {size}");
            boxes.Add(new Box(Encoding.Latin1.GetString(file, at + 4, 4), at, at + header, at + (int)size));
            at += (int)size;
        }

        return boxes;
    }

    public static IsoFile Iso(byte[] file)
    {
        var top = Boxes(file, 0, file.Length);
        Check(top.Count > 0 && top[0].Type == "ftyp", "the file does not start with ftyp");
        var media = top.Where(b => b.Type == "mdat").Select(b => (b.ContentStart, b.End)).ToList();
        var paths = new HashSet<string>();
        var stack = new Stack<(Box Box, string Path)>(top.Select(b => (b, b.Type)));
        while (stack.TryPop(out var item))
        {
            paths.Add(item.Path);
            var skip =
                item.Box.Type is "meta" or "iref" ? 4
                : item.Box.Type is "stsd" or "dref" ? 8
                : 0;
            if (Containers.Contains(item.Box.Type) || skip > 0)
            {
                foreach (var child in Boxes(file, item.Box.ContentStart + skip, item.Box.End))
                {
                    stack.Push((child, item.Path + "/" + child.Type));
                }
            }
        }

        var tracks = new List<Track>();
        if (top.SingleOrDefault(b => b.Type == "moov") is { Type: "moov" } moov)
        {
            var children = Boxes(file, moov.ContentStart, moov.End);
            Check(children.Any(c => c.Type == "mvhd"), "the movie has no mvhd");
            foreach (var trak in children.Where(c => c.Type == "trak"))
            {
                tracks.Add(ReadTrack(file, trak, media));
            }
        }

        var items = new Dictionary<uint, (string, byte[])>();
        uint? primary = null;
        if (top.SingleOrDefault(b => b.Type == "meta") is { Type: "meta" } meta)
        {
            var boxes = Boxes(file, meta.ContentStart + 4, meta.End);
            if (boxes.FirstOrDefault(b => b.Type == "idat") is { Type: "idat" } idat)
            {
                media.Add((idat.ContentStart, idat.End));
            }

            primary = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(One(boxes, "pitm").ContentStart + 4));
            var iinf = One(boxes, "iinf");
            var types = new Dictionary<uint, string>();
            foreach (var infe in Boxes(file, iinf.ContentStart + 6, iinf.End))
            {
                Check(file[infe.ContentStart] == 2, "an infe is not version 2");
                types[BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(infe.ContentStart + 4))] =
                    Encoding.Latin1.GetString(file, infe.ContentStart + 8, 4);
            }

            Check(types.ContainsKey(primary.Value), "the primary item is not listed");
            var iloc = One(boxes, "iloc");
            var at = iloc.ContentStart;
            var version = file[at];
            Check(file[at + 4] == 0x44 && file[at + 5] == 0, "iloc uses unexpected field sizes");
            var count = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 6));
            at += 8;
            for (var i = 0; i < count; i++)
            {
                var id = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at));
                var method = version > 0 ? file[at + 3] & 15 : 0;
                at += version > 0 ? 6 : 4;
                var extents = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at));
                at += 2;
                var data = new List<byte>();
                for (var e = 0; e < extents; e++, at += 8)
                {
                    var offset = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
                    var length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 4));
                    var start = method == 1 ? media[^1].ContentStart + offset : offset;
                    Check(
                        media.Any(m => start >= m.ContentStart && start + length <= m.End),
                        $"item {id} lies outside the media data"
                    );
                    data.AddRange(file.AsSpan((int)start, (int)length));
                }

                Check(types.ContainsKey(id), $"item {id} has a location but no entry");
                items[id] = (types[id], [.. data]);
            }

            var iprp = One(boxes, "iprp");
            var ipco = One(Boxes(file, iprp.ContentStart, iprp.End), "ipco");
            var properties = Boxes(file, ipco.ContentStart, ipco.End).Count;
            var ipma = One(Boxes(file, iprp.ContentStart, iprp.End), "ipma");
            at = ipma.ContentStart + 4;
            var entries = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            at += 4;
            for (var i = 0; i < entries; i++)
            {
                at += 2;
                for (var n = file[at++]; n > 0; n--)
                {
                    Check((file[at++] & 0x7F) <= properties, "an item names a property that does not exist");
                }
            }
        }

        return new IsoFile([.. top.Select(b => b.Type)], paths, tracks, items, primary);
    }

    private static Track ReadTrack(byte[] file, Box trak, List<(int ContentStart, int End)> media)
    {
        var mdia = One(Boxes(file, trak.ContentStart, trak.End), "mdia");
        var mdiaChildren = Boxes(file, mdia.ContentStart, mdia.End);
        One(mdiaChildren, "mdhd");
        var handler = Encoding.Latin1.GetString(file, One(mdiaChildren, "hdlr").ContentStart + 8, 4);
        var minf = One(mdiaChildren, "minf");
        var stbl = One(Boxes(file, minf.ContentStart, minf.End), "stbl");
        var tables = Boxes(file, stbl.ContentStart, stbl.End);
        One(tables, "stsd");
        One(tables, "stts");
        var stsz = One(tables, "stsz").ContentStart;
        var stsc = One(tables, "stsc").ContentStart;
        var chunkBox = tables.Single(t => t.Type is "stco" or "co64");
        var wide = chunkBox.Type == "co64";
        var fixedSize = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stsz + 4));
        var sampleCount = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stsz + 8));
        var runs = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stsc + 4));
        var chunkCount = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(chunkBox.ContentStart + 4));
        var samples = new List<byte[]>();
        for (var chunk = 1; chunk <= chunkCount; chunk++)
        {
            long offset = wide
                ? BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(chunkBox.ContentStart + 8 + ((chunk - 1) * 8)))
                : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(chunkBox.ContentStart + 8 + ((chunk - 1) * 4)));
            uint perChunk = 0;
            for (var r = 0; r < runs; r++)
            {
                if (BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stsc + 8 + (r * 12))) <= chunk)
                {
                    perChunk = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stsc + 12 + (r * 12)));
                }
            }

            for (var i = 0; i < perChunk; i++)
            {
                var size =
                    fixedSize != 0
                        ? fixedSize
                        : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(stsz + 12 + (samples.Count * 4)));
                Check(
                    media.Any(m => offset >= m.ContentStart && offset + size <= m.End),
                    $"a {handler} sample lies outside the media data"
                );
                samples.Add(file.AsSpan((int)offset, (int)size).ToArray());
                offset += size;
            }
        }

        Check(
            samples.Count == sampleCount,
            $"the {handler} track has {samples.Count} samples in its chunks and {sampleCount} in its sizes"
        );
        return new Track(handler, samples);
    }

    /// <summary>The segment markers of a JPEG, in order (scans' data skipped); SOI first, one frame before the first
    /// scan, EOI last and nothing after it.</summary>
    public static List<byte> Jpeg(byte[] file)
    {
        Check(file.Length >= 4 && file[0] == 0xFF && file[1] == 0xD8, "no SOI");
        var markers = new List<byte>();
        var at = 2;
        while (true)
        {
            Check(at + 2 <= file.Length && file[at] == 0xFF, $"no marker at {at}");
            var marker = file[at + 1];
            markers.Add(marker);
            if (marker == 0xD9)
            {
                Check(at + 2 == file.Length, "data after EOI");
                Check(
                    markers.Count(m => m is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC)) == 1
                        && markers.Contains(0xDA),
                    "not one frame with scans"
                );
                return markers;
            }

            at += 2 + ((file[at + 2] << 8) | file[at + 3]);
            if (marker == 0xDA)
            {
                while (at + 1 < file.Length && !(file[at] == 0xFF && file[at + 1] is not (0x00 or >= 0xD0 and <= 0xD7)))
                {
                    at++;
                }
            }
        }
    }

    /// <summary>The chunk types of a PNG, in order, every CRC checked; IHDR first and IEND last.</summary>
    public static List<string> Png(byte[] file)
    {
        Check(
            file.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            "no PNG signature"
        );
        var types = new List<string>();
        var at = 8;
        while (at < file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            Check(at + 12 + length <= file.Length, "a chunk is cut short");
            var crc = TestFiles.Chunk(Encoding.Latin1.GetString(file, at + 4, 4), file[(at + 8)..(at + 8 + length)])[
                ^4..
            ];
            Check(crc.AsSpan().SequenceEqual(file.AsSpan(at + 8 + length, 4)), "a chunk's CRC is wrong");
            types.Add(Encoding.Latin1.GetString(file, at + 4, 4));
            at += 12 + length;
        }

        Check(
            types.Count >= 3 && types[0] == "IHDR" && types[^1] == "IEND" && types.Contains("IDAT"),
            "IHDR, IDAT or IEND missing or misplaced"
        );
        return types;
    }

    /// <summary>The blocks of a GIF in order: 0x2C for a frame, the label for an extension (0xF9, 0xFE, 0xFF...), and
    /// for an application extension its identifier; the trailer last, nothing after it.</summary>
    public static List<string> Gif(byte[] file)
    {
        Check(file.AsSpan().StartsWith("GIF89a"u8) || file.AsSpan().StartsWith("GIF87a"u8), "no GIF header");
        var at = 13 + ((file[10] & 0x80) != 0 ? 3 << ((file[10] & 7) + 1) : 0);
        var blocks = new List<string>();
        while (true)
        {
            Check(at < file.Length, "no trailer");
            switch (file[at])
            {
                case 0x3B:
                    Check(at + 1 == file.Length, "data after the trailer");
                    return blocks;
                case 0x2C:
                    blocks.Add("frame");
                    var packed = file[at + 9];
                    at += 10 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0) + 1;
                    break;
                case 0x21:
                    blocks.Add(
                        file[at + 1] == 0xFF ? Encoding.Latin1.GetString(file, at + 3, 11) : $"{file[at + 1]:X2}"
                    );
                    at += 2;
                    break;
                default:
                    throw new InvalidDataException($"unknown GIF block {file[at]:X2} at {at}");
            }

            while (file[at] != 0)
            {
                at += 1 + file[at];
            }

            at++;
        }
    }

    /// <summary>The chunk types of a WebP in order (a frame's chunks as <c>ANMF/VP8L</c>); the RIFF size exact and the
    /// VP8X flags naming no ICC, EXIF or XMP.</summary>
    public static List<string> Webp(byte[] file)
    {
        Check(file.AsSpan().StartsWith("RIFF"u8) && file.AsSpan(8).StartsWith("WEBP"u8), "no RIFF WEBP header");
        Check(
            BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)) + 8 == file.Length,
            "the RIFF size is not the file's"
        );
        var types = new List<string>();
        var stack = new Stack<(int From, int To, string Prefix)>([(12, file.Length, "")]);
        while (stack.TryPop(out var range))
        {
            var at = range.From;
            while (at < range.To)
            {
                var type = Encoding.Latin1.GetString(file, at, 4);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
                Check(at + 8 + length <= range.To, "a chunk is cut short");
                types.Add(range.Prefix + type);
                if (type == "VP8X")
                {
                    Check((file[at + 8] & 0x2C) == 0, "VP8X still names ICC, EXIF or XMP");
                }

                if (type == "ANMF")
                {
                    stack.Push((at + 8 + 16, at + 8 + length, "ANMF/"));
                }

                at += 8 + length + (length & 1);
            }
        }

        return types;
    }

    private static Box One(List<Box> boxes, string type)
    {
        Check(boxes.Count(b => b.Type == type) == 1, $"not exactly one {type}");
        return boxes.Single(b => b.Type == type);
    }

    private static void Check(bool condition, string fault)
    {
        if (!condition)
        {
            throw new InvalidDataException(fault);
        }
    }
}
