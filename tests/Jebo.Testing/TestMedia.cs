using System.Buffers.Binary;
using System.Text;

namespace Jebo.Testing;

/// <summary>A track of a generated recording: its handler (<c>vide</c>, <c>soun</c>, <c>text</c>, <c>sbtl</c>,
/// <c>meta</c>...), sample entry type and samples, grouped <paramref name="PerChunk"/> to a chunk.</summary>
public sealed record TestTrack(string Handler, string Codec, byte[][] Samples, int PerChunk = 1);

/// <summary>Recordings, HEIF pictures, GIFs and WebPs built the way devices and editors write them, with location,
/// device and time data planted everywhere a device or an app puts it; and hostile files built the way attackers
/// do.</summary>
public static class TestMedia
{
    /// <summary>Planted in every metadata place: a Hangul phrase and a coordinate. None may survive cleaning.</summary>
    public const string Secret = "제보자집 37.5665,126.9780";

    public static byte[] SecretBytes => Encoding.UTF8.GetBytes(Secret);

    /// <summary>A creation time (2026-10) as a QuickTime 32-bit time, planted in the movie, track and media
    /// headers.</summary>
    public static byte[] CreationTime => [0xE3, 0x2B, 0x7A, 0x10];

    public static byte[] Video(int index) =>
        Encoding.ASCII.GetBytes($"VIDEO-FRAME-{index:D4}-" + new string('v', 40 + (index % 7)));

    public static byte[] Sound(int index) =>
        Encoding.ASCII.GetBytes($"SOUND-PACKET-{index:D4}-" + new string('s', 20 + (index % 5)));

    /// <summary>A phone video: picture and sound tracks, a subtitle track, a text (chapter) track and a GPS
    /// timed-metadata track, user data and metadata boxes in the movie and a track, a vendor box, <c>free</c> and
    /// <c>uuid</c> (XMP) boxes, a compressor and handler name, and bytes hidden in the media box that no track points
    /// at.</summary>
    public static byte[] PhoneVideo(
        bool movieFirst = true,
        int frames = 6,
        int perChunk = 2,
        bool wideOffsets = false,
        bool version1 = false
    ) =>
        Mp4(
            [
                new TestTrack("vide", "avc1", [.. Enumerable.Range(0, frames).Select(Video)], perChunk),
                new TestTrack("soun", "mp4a", [.. Enumerable.Range(0, frames).Select(Sound)], perChunk + 1),
                new TestTrack("sbtl", "tx3g", [Planted("subtitle ")]),
                new TestTrack("text", "text", [Planted("chapter ")]),
                new TestTrack("meta", "mebx", [Planted("GPS "), Planted("GPS again ")]),
            ],
            movieFirst,
            wideOffsets,
            version1,
            brand: "qt  "
        );

    public static byte[] Planted(string prefix) => [.. Encoding.UTF8.GetBytes(prefix), .. SecretBytes];

    /// <summary>An MP4/MOV with these tracks and every metadata place filled with <see cref="Secret"/>.</summary>
    public static byte[] Mp4(
        IReadOnlyList<TestTrack> tracks,
        bool movieFirst,
        bool wideOffsets = false,
        bool version1 = false,
        string brand = "isom"
    )
    {
        var ftyp = Ftyp(brand);
        byte[][] before =
        [
            Box("free", Planted("free ")),
            Box("uuid", Encoding.ASCII.GetBytes("BE7ACFCB97A942E89C71999491E3AFAC"), Planted("<x:xmpmeta>")),
            Box("Xtra", Planted("vendor ")),
        ];

        // Chunks taken round robin across the tracks, as recorders interleave them; hidden bytes after the first.
        var chunks = tracks.Select(t => t.Samples.Chunk(t.PerChunk).ToList()).ToList();
        var order = new List<(int Track, int Chunk)>();
        for (var c = 0; chunks.Any(t => c < t.Count); c++)
        {
            order.AddRange(Enumerable.Range(0, tracks.Count).Where(t => c < chunks[t].Count).Select(t => (t, c)));
        }

        var hidden = Planted("hidden in mdat ");
        var positions = new Dictionary<(int, int), long>();
        var payload = new List<byte>();
        foreach (var (t, c) in order)
        {
            positions[(t, c)] = payload.Count;
            payload.AddRange(chunks[t][c].SelectMany(s => s));
            if (payload.Count == chunks[t][c].Sum(s => s.Length))
            {
                payload.AddRange(hidden);
            }
        }

        var mdat = Box("mdat", [.. payload]);
        byte[] Movie(long mdatStart) =>
            Box(
                "moov",
                [
                    .. FullBox("mvhd", version1 ? 1 : 0, 0, Times(version1), version1 ? new byte[92] : new byte[88]),
                    .. Box(
                        "udta",
                        Box("\u00A9xyz", [0, 18, 0x15, 0xC7], Planted("")),
                        Box("\u00A9mak", Planted("JeboSecretCam "))
                    ),
                    .. Box(
                        "meta",
                        [0, 0, 0, 0],
                        Handler("mdta", "Apple metadata"),
                        Box("keys", Planted("com.apple.quicktime.location.ISO6709 "))
                    ),
                    .. tracks.SelectMany(
                        (track, t) =>
                            Track(
                                track,
                                t + 1,
                                chunks[t].Select((chunk, c) => (mdatStart + positions[(t, c)], chunk.Length)).ToList(),
                                wideOffsets,
                                version1
                            )
                    ),
                ]
            );
        var movieLength = Movie(0).Length;
        var head = ftyp.Length + before.Sum(b => b.Length);
        return movieFirst
            ? [.. ftyp, .. before.SelectMany(b => b), .. Movie(head + movieLength + 8), .. mdat]
            : [.. ftyp, .. before.SelectMany(b => b), .. mdat, .. Movie(head + 8)];
    }

    private static byte[] Times(bool version1) =>
        version1 ? [0, 0, 0, 0, .. CreationTime, 0, 0, 0, 0, .. CreationTime] : [.. CreationTime, .. CreationTime];

    private static byte[] Track(
        TestTrack track,
        int id,
        List<(long Offset, int Samples)> chunks,
        bool wide,
        bool version1
    )
    {
        var entry = track.Handler switch
        {
            "vide" => Box(
                track.Codec,
                [
                    .. new byte[6],
                    0,
                    1,
                    .. "appl"u8,
                    .. new byte[12],
                    0,
                    16,
                    0,
                    16,
                    0,
                    72,
                    0,
                    0,
                    0,
                    72,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    1,
                    .. Pad(Encoding.UTF8.GetBytes("\u0010JeboSecretCam"), 32),
                    0,
                    24,
                    0xFF,
                    0xFF,
                    .. Box(
                        "avcC",
                        [1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1, 0, 4, 0x67, 0x42, 0xC0, 0x1E, 1, 0, 4, 0x68, 0xCE, 0x3C, 0x80]
                    ),
                    .. Box("pasp", [0, 0, 0, 1, 0, 0, 0, 1]),
                    .. Box("colr", [.. "prof"u8, .. Planted("ICC ")]),
                    .. Box("Xcam", Planted("sample entry vendor ")),
                ]
            ),
            "soun" => Box(
                track.Codec,
                [
                    .. new byte[6],
                    0,
                    1,
                    0,
                    0,
                    0,
                    0,
                    .. "appl"u8,
                    0,
                    2,
                    0,
                    16,
                    0,
                    0,
                    0,
                    0,
                    0xAC,
                    0x44,
                    0,
                    0,
                    .. FullBox(
                        "esds",
                        0,
                        0,
                        [3, 25, 0, 1, 0, 4, 17, 0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 2, 0x12, 0x10, 6, 1, 2]
                    ),
                    .. Box("SA3D", Planted("spatial ")),
                ]
            ),
            _ => Box(track.Codec, [.. new byte[6], 0, 1, .. Planted("sample entry ")]),
        };
        var sizes = track.Samples.Select(s => (uint)s.Length).ToList();
        var runs = chunks
            .Select((c, i) => (First: i + 1, c.Samples))
            .Where((r, i) => i == 0 || chunks[i - 1].Samples != r.Samples)
            .ToList();
        byte[] stbl = Box(
            "stbl",
            [
                .. FullBox("stsd", 0, 0, U32(1), entry),
                .. FullBox("stts", 0, 0, U32(1), U32(sizes.Count), U32(512)),
                .. FullBox(
                    "stsc",
                    0,
                    0,
                    U32(runs.Count),
                    [.. runs.SelectMany(r => (byte[])[.. U32(r.First), .. U32(r.Samples), .. U32(1)])]
                ),
                .. FullBox("stsz", 0, 0, U32(0), U32(sizes.Count), [.. sizes.SelectMany(s => U32((int)s))]),
                .. (
                    wide
                        ? FullBox("co64", 0, 0, U32(chunks.Count), [.. chunks.SelectMany(c => U64(c.Offset))])
                        : FullBox("stco", 0, 0, U32(chunks.Count), [.. chunks.SelectMany(c => U32((int)c.Offset))])
                ),
            ]
        );
        var header = track.Handler switch
        {
            "vide" => FullBox("vmhd", 0, 1, new byte[8]),
            "soun" => FullBox("smhd", 0, 0, new byte[4]),
            _ => FullBox("nmhd", 0, 0),
        };
        return Box(
            "trak",
            [
                .. FullBox(
                    "tkhd",
                    version1 ? 1 : 0,
                    3,
                    Times(version1),
                    U32(id),
                    new byte[version1 ? 4 + 8 : 4 + 4],
                    new byte[52],
                    [0, 0x10, 0, 0, 0, 0x10, 0, 0]
                ),
                .. Box("edts", FullBox("elst", 0, 0, U32(1), U32(1024), U32(0), [0, 1, 0, 0])),
                .. (track.Handler == "vide" ? Box("tref", Box("cdsc", U32(5))) : []),
                .. Box("udta", Box("\u00A9xyz", Planted(""))),
                .. Box(
                    "mdia",
                    [
                        .. FullBox(
                            "mdhd",
                            version1 ? 1 : 0,
                            0,
                            Times(version1),
                            U32(600),
                            version1 ? new byte[8] : new byte[4],
                            [0x55, 0xC4, 0, 0]
                        ),
                        .. Handler(track.Handler, "Core Media " + Secret),
                        .. Box(
                            "minf",
                            [.. header, .. Box("dinf", FullBox("dref", 0, 0, U32(1), FullBox("url ", 0, 1))), .. stbl]
                        ),
                    ]
                ),
            ]
        );
    }

    private static byte[] Handler(string type, string name) =>
        FullBox(
            "hdlr",
            0,
            0,
            [0, 0, 0, 0],
            Encoding.Latin1.GetBytes(type),
            "appl"u8.ToArray(),
            new byte[8],
            Encoding.UTF8.GetBytes(name),
            [0]
        );

    /// <summary>A phone's HEIC: the primary picture, a thumbnail, an EXIF item (in <c>idat</c>), an XMP item, an alpha
    /// plane and a depth map; an ICC profile and a vendor property; names on every item.</summary>
    /// <param name="grid">When true the primary picture is a grid drawn from two tiles, as iPhones write them.</param>
    public static byte[] PhoneHeic(bool grid = false)
    {
        byte[] Picture(string what) => Encoding.ASCII.GetBytes($"HEVC-{what}-DATA-0123456789");
        byte[] exif = [0, 0, 0, 6, .. "Exif\0\0"u8, .. TestFiles.Exif(), .. SecretBytes];
        var xmp = Planted("<x:xmpmeta>");
        var gridData = new byte[] { 0, 0, 0, 1, 0, 32, 0, 16 };

        // (id, type, data, in idat)
        var items = new List<(int Id, string Type, byte[] Data, bool InIdat)>
        {
            (1, grid ? "grid" : "hvc1", grid ? gridData : Picture("primary"), grid),
            (2, "hvc1", Picture("thumbnail"), false),
            (3, "Exif", exif, true),
            (4, "mime", xmp, false),
            (5, "hvc1", Picture("alpha"), false),
            (6, "hvc1", Picture("depth"), false),
        };
        if (grid)
        {
            items.Add((7, "hvc1", Picture("tile-one"), false));
            items.Add((8, "hvc1", Picture("tile-two"), false));
        }

        var idatContent = items.Where(i => i.InIdat).SelectMany(i => i.Data).ToArray();
        var mdatContent = items.Where(i => !i.InIdat).SelectMany(i => i.Data).ToArray();
        var properties = new[]
        {
            Box(
                "hvcC",
                [1, 1, 0x60, 0, 0, 0, 0xB0, 0, 0, 0, 0, 0, 0x5D, 0xF0, 0, 0xFC, 0xFD, 0xF8, 0xF8, 0, 0, 0x0F, 0]
            ),
            FullBox("ispe", 0, 0, U32(16), U32(16)),
            Box("colr", [.. "prof"u8, .. Planted("ICC desc ")]),
            FullBox("auxC", 0, 0, [.. "urn:mpeg:hevc:2015:auxid:1"u8, 0]),
            FullBox("auxC", 0, 0, [.. "urn:com:apple:photo:2018:aux:portraiteffectsmatte"u8, 0]),
            Box("Xprp", Planted("vendor property ")),
            Box("irot", [1]),
        };
        byte[] Associate(int id, params int[] indexes) =>
            [.. U16(id), (byte)indexes.Length, .. indexes.Select(i => (byte)i)];
        var associations = new List<byte[]>
        {
            Associate(1, grid ? [2, 3, 6, 7] : [0x81, 2, 3, 6, 7]),
            Associate(2, 0x81, 2),
            Associate(5, 0x81, 2, 0x84),
            Associate(6, 0x81, 2, 0x85),
        };
        if (grid)
        {
            associations.Add(Associate(7, 0x81, 2));
            associations.Add(Associate(8, 0x81, 2));
        }

        var references = new List<byte[]>
        {
            Box("thmb", [.. U16(2), .. U16(1), .. U16(1)]),
            Box("cdsc", [.. U16(3), .. U16(1), .. U16(1)]),
            Box("cdsc", [.. U16(4), .. U16(1), .. U16(1)]),
            Box("auxl", [.. U16(5), .. U16(1), .. U16(1)]),
            Box("auxl", [.. U16(6), .. U16(1), .. U16(1)]),
        };
        if (grid)
        {
            references.Add(Box("dimg", [.. U16(1), .. U16(2), .. U16(7), .. U16(8)]));
        }

        byte[] Meta(long mdatStart)
        {
            var location = new List<byte>();
            long inMdat = 0,
                inIdat = 0;
            foreach (var (id, _, data, inIdatBox) in items)
            {
                location.AddRange([
                    .. U16(id),
                    0,
                    (byte)(inIdatBox ? 1 : 0),
                    0,
                    0,
                    0,
                    1,
                    .. U32((int)(inIdatBox ? inIdat : mdatStart + inMdat)),
                    .. U32(data.Length),
                ]);
                if (inIdatBox)
                {
                    inIdat += data.Length;
                }
                else
                {
                    inMdat += data.Length;
                }
            }

            return FullBox(
                "meta",
                0,
                0,
                [
                    .. Handler("pict", "Apple " + Secret),
                    .. FullBox("pitm", 0, 0, U16(1)),
                    .. FullBox(
                        "iinf",
                        0,
                        0,
                        U16(items.Count),
                        [
                            .. items.SelectMany(i =>
                                FullBox(
                                    "infe",
                                    2,
                                    i.Id is 2 or 5 or 6 or 7 or 8 ? 1 : 0,
                                    U16(i.Id),
                                    U16(0),
                                    Encoding.Latin1.GetBytes(i.Type),
                                    Encoding.UTF8.GetBytes("name " + Secret),
                                    [0],
                                    i.Type == "mime" ? [.. "application/rdf+xml"u8, 0] : []
                                )
                            ),
                        ]
                    ),
                    .. FullBox("iref", 0, 0, [.. references.SelectMany(r => r)]),
                    .. Box(
                        "iprp",
                        Box("ipco", [.. properties.SelectMany(p => p)]),
                        FullBox("ipma", 0, 0, U32(associations.Count), [.. associations.SelectMany(a => a)])
                    ),
                    .. FullBox("iloc", 1, 0, [0x44, 0x00], U16(items.Count), [.. location]),
                    .. Box("idat", idatContent),
                ]
            );
        }

        var ftyp = Ftyp("heic");
        var free = Box("free", Planted("free "));
        var start = ftyp.Length + free.Length + Meta(0).Length + 8;
        return [.. ftyp, .. free, .. Meta(start), .. Box("mdat", mdatContent)];
    }

    /// <summary>A 2×2 animated GIF with a comment, a plain-text extension, an XMP application extension and
    /// looping.</summary>
    public static byte[] GifWithMetadata()
    {
        byte[] frame = [0x21, 0xF9, 4, 0, 10, 0, 0, 0, 0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0];
        return
        [
            .. "GIF89a"u8,
            2,
            0,
            2,
            0,
            0x80,
            0,
            0,
            0,
            0,
            0,
            0xFF,
            0xFF,
            0xFF,
            .. SubBlocks([0x21, 0xFE], SecretBytes),
            0x21,
            0xFF,
            11,
            .. "NETSCAPE2.0"u8,
            3,
            1,
            0,
            0,
            0,
            .. SubBlocks([0x21, 0xFF, 11, .. "XMP DataXMP"u8], Planted("<x:xmpmeta>")),
            .. frame,
            .. SubBlocks([0x21, 0x01, 12, 0, 0, 0, 0, 2, 0, 2, 0, 1, 1, 0, 1], SecretBytes),
            .. frame,
            0x3B,
            .. SecretBytes,
        ];
    }

    /// <summary>An extended WebP: VP8X with EXIF, XMP and ICC flags, ICCP, a lossless picture, EXIF, XMP and a vendor
    /// chunk.</summary>
    public static byte[] WebpWithMetadata()
    {
        byte[] vp8l = [0x2F, 0x01, 0x40, 0x00, 0x00, 0x47, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00];
        byte[] chunks =
        [
            .. Chunk("VP8X", [0x2C, 0, 0, 0, 1, 0, 0, 1, 0, 0]),
            .. Chunk("ICCP", Planted("ICC ")),
            .. Chunk("VP8L", vp8l),
            .. Chunk("EXIF", [.. "MM"u8, 0, 42, .. TestFiles.Exif()[4..], .. SecretBytes]),
            .. Chunk("XMP ", Planted("<x:xmpmeta>")),
            .. Chunk("Xtra", SecretBytes),
        ];
        return [.. "RIFF"u8, .. U32Le(chunks.Length + 4), .. "WEBP"u8, .. chunks, .. SecretBytes];
    }

    /// <summary>The attack of issue 13: a recording whose boxes nest <paramref name="depth"/> deep (a parser that
    /// recurses over the nesting runs out of stack).</summary>
    public static byte[] NestedVideo(int depth, string[] types)
    {
        var file = new byte[depth * 8];
        for (var level = 0; level < depth; level++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(level * 8), (uint)(file.Length - (level * 8)));
            Encoding.Latin1.GetBytes(types[level % types.Length], file.AsSpan((level * 8) + 4, 4));
        }

        return [.. Ftyp("mp42"), .. Box("moov", FullBox("mvhd", 0, 0, new byte[96]), file)];
    }

    /// <summary>The other attack of issue 13: a recording whose timed-metadata track has sample tables of
    /// <paramref name="entries"/> entries each, chunks and sample-to-chunk runs alike (a parser that walks the runs for
    /// every chunk does entries² work).</summary>
    public static byte[] HugeTableVideo(int entries)
    {
        var ftyp = Ftyp("isom");
        var frames = Enumerable.Range(0, 4).Select(Video).ToArray();
        var gps = new byte[entries];
        byte[] Movie(long mdatStart)
        {
            var video = Mp4Track(
                new TestTrack("vide", "avc1", frames, 1),
                1,
                [.. frames.Select((f, i) => (mdatStart + frames.Take(i).Sum(x => x.Length), 1))]
            );
            var meta = new List<byte>();
            var first = mdatStart + frames.Sum(f => f.Length);
            byte[] stbl = Box(
                "stbl",
                [
                    .. FullBox("stsd", 0, 0, U32(1), Box("mebx", [.. new byte[6], 0, 1])),
                    .. FullBox("stts", 0, 0, U32(1), U32(entries), U32(1)),
                    .. FullBox(
                        "stsc",
                        0,
                        0,
                        U32(entries),
                        [.. Enumerable.Range(1, entries).SelectMany(i => (byte[])[.. U32(i), .. U32(1), .. U32(1)])]
                    ),
                    .. FullBox("stsz", 0, 0, U32(1), U32(entries)),
                    .. FullBox(
                        "stco",
                        0,
                        0,
                        U32(entries),
                        [.. Enumerable.Range(0, entries).SelectMany(i => U32((int)first + i))]
                    ),
                ]
            );
            var track = Box(
                "trak",
                FullBox("tkhd", 0, 3, new byte[80]),
                Box(
                    "mdia",
                    FullBox("mdhd", 0, 0, new byte[20]),
                    Handler("meta", ""),
                    Box("minf", FullBox("nmhd", 0, 0), stbl)
                )
            );
            return Box("moov", [.. FullBox("mvhd", 0, 0, new byte[96]), .. video, .. track]);
        }

        var length = Movie(0).Length;
        return [.. ftyp, .. Movie(ftyp.Length + length + 8), .. Box("mdat", [.. frames.SelectMany(f => f), .. gps])];
    }

    private static byte[] Mp4Track(TestTrack track, int id, List<(long Offset, int Samples)> chunks) =>
        Track(track, id, chunks, wide: false, version1: false);

    public static byte[] Ftyp(string brand) =>
        Box("ftyp", Encoding.Latin1.GetBytes(brand), [0, 0, 0, 0], Encoding.Latin1.GetBytes(brand), "isom"u8.ToArray());

    public static byte[] Box(string type, params byte[][] content) => TestFiles.Box(type, content);

    public static byte[] FullBox(string type, int version, int flags, params byte[][] content) =>
        Box(type, [(byte)version, (byte)(flags >> 16), (byte)(flags >> 8), (byte)flags, .. content.SelectMany(c => c)]);

    public static byte[] Chunk(string type, byte[] data) =>
        [
            .. Encoding.Latin1.GetBytes(type),
            .. U32Le(data.Length),
            .. data,
            .. (data.Length % 2 == 1 ? new byte[1] : []),
        ];

    private static byte[] SubBlocks(byte[] introducer, byte[] data) =>
        [.. introducer, .. data.Chunk(255).SelectMany(b => (byte[])[(byte)b.Length, .. b]), 0];

    private static byte[] Pad(byte[] data, int length) =>
        [.. data.Take(length), .. new byte[Math.Max(0, length - data.Length)]];

    public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    public static byte[] U32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U32Le(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }
}
