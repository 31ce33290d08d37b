using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Rebuilds a HEIF picture's <c>meta</c> box (HEIC, AVIF) from an allow-list: the primary picture and the
/// items it is drawn from, with the properties a decoder needs; every item's data is moved into the new media
/// box.</summary>
/// <remarks>
/// Privacy: an item is kept only if the primary picture needs it to be drawn: the primary, the tiles or inputs it is
/// derived from (<c>dimg</c>), and an alpha plane (<c>auxl</c> with an alpha type). EXIF and XMP items, thumbnails,
/// depth and gain maps, other auxiliary pictures, item names, groups and every property this list does not know (an ICC
/// colour profile among them) go, and with them their bytes: only kept items' data is copied. A kept item that needs a
/// property this list drops (marked essential), data in another file or item-relative data is refused.
/// </remarks>
public static class HeifPicture
{
    private static readonly HashSet<string> PictureItems = new(StringComparer.Ordinal)
    {
        "hvc1",
        "av01",
        "avc1",
        "jpeg",
        "grid",
        "iovl",
        "iden",
        "tmap",
    };

    private static readonly HashSet<string> AlphaTypes = new(StringComparer.Ordinal)
    {
        "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha",
        "urn:mpeg:hevc:2015:auxid:1",
    };

    private sealed record Item(uint Id, string Type, uint Flags);

    private sealed record Reference(string Type, uint From, List<uint> To);

    public static void Write(IsoRewrite r, IsoBox meta)
    {
        var boxes = r.Children(meta, 4);
        var hdlr = IsoMovie.One(boxes, "hdlr");
        if (
            r.Content(hdlr) is not { Length: >= 12 } handler
            || Encoding.Latin1.GetString(handler.Slice(8, 4)) != "pict"
        )
        {
            throw new UncleanableFileException("the picture's metadata box is not a picture's");
        }

        var primary = ReadPrimary(r, IsoMovie.One(boxes, "pitm"));
        var items = ReadItems(r, IsoMovie.One(boxes, "iinf"));
        var references = IsoMovie.Optional(boxes, "iref") is { } iref ? ReadReferences(r, iref) : [];
        var (properties, associations) = ReadProperties(r, IsoMovie.One(boxes, "iprp"));
        var idat = IsoMovie.Optional(boxes, "idat");
        var locations = ReadLocations(r, IsoMovie.One(boxes, "iloc"), idat);

        bool IsAlpha(uint id) =>
            associations.TryGetValue(id, out var list)
            && list.Any(a =>
                a.Index > 0
                && a.Index <= properties.Count
                && properties[a.Index - 1] is { Type: "auxC" } auxC
                && r.Content(auxC) is { Length: > 4 } c
                && AlphaTypes.Contains(CString(c[4..]))
            );

        // The items the primary picture is drawn from: its inputs (dimg) and alpha planes (auxl), walked with a queue,
        // never by recursion, each reference looked up once.
        var needs = new Dictionary<uint, List<uint>>();
        foreach (var reference in references)
        {
            if (reference.Type == "dimg")
            {
                Needs(needs, reference.From).AddRange(reference.To);
            }
            else if (reference.Type == "auxl" && IsAlpha(reference.From))
            {
                foreach (var to in reference.To)
                {
                    Needs(needs, to).Add(reference.From);
                }
            }
        }

        var kept = new SortedSet<uint> { primary };
        var queue = new Queue<uint>([primary]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in needs.GetValueOrDefault(id) ?? [])
            {
                r.Budget.Work();
                if (kept.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        foreach (var id in kept)
        {
            if (!items.TryGetValue(id, out var item) || !PictureItems.Contains(item.Type))
            {
                throw new UncleanableFileException("the picture is drawn from a part of a kind that cannot be checked");
            }
        }

        var wide = kept.Max > ushort.MaxValue;
        var mark = r.Header.BeginFull("meta", 0);
        IsoMovie.WriteHandler(r, hdlr);
        IsoMovie.WriteDataInformation(r.Header, 1);
        var pitm = r.Header.BeginFull("pitm", wide ? 1u : 0);
        Id(r.Header, primary, wide);
        r.Header.End(pitm);
        WriteItems(r.Header, kept, items, wide);
        WriteReferences(r.Header, references, kept, wide);
        WriteProperties(r, kept, properties, associations, wide);
        WriteLocations(r, kept, items, locations, wide);
        r.Header.End(mark);
    }

    private static List<uint> Needs(Dictionary<uint, List<uint>> needs, uint id) =>
        needs.TryGetValue(id, out var list) ? list : needs[id] = [];

    private static uint ReadPrimary(IsoRewrite r, IsoBox pitm)
    {
        var reader = new IsoReader(r.Content(pitm));
        var version = reader.U8();
        reader.Take(3);
        return version == 0 ? reader.U16() : reader.U32();
    }

    private static Dictionary<uint, Item> ReadItems(IsoRewrite r, IsoBox iinf)
    {
        var reader = new IsoReader(r.Content(iinf));
        var version = reader.U8();
        reader.Take(3);
        var count = reader.Count(version == 0 ? 2 : 4, 12);
        if (count > CleaningLimits.MaxItems)
        {
            throw UncleanableFileException.TooComplex("the picture has too many items");
        }

        var entries = r.Children(iinf, reader.Position);
        var items = new Dictionary<uint, Item>();
        foreach (var infe in entries.Where(e => e.Type == "infe"))
        {
            var entry = new IsoReader(r.Content(infe));
            var entryVersion = entry.U8();
            var flags = (entry.U16() << 8) | entry.U8();
            if (entryVersion is not (2 or 3))
            {
                throw new UncleanableFileException("the picture's item list is of an old kind that cannot be checked");
            }

            var id = entryVersion == 2 ? entry.U16() : entry.U32();
            var protection = entry.U16();
            var type = Encoding.Latin1.GetString(entry.Take(4));
            if (protection != 0 && PictureItems.Contains(type))
            {
                throw new UncleanableFileException("the picture is encrypted");
            }

            if (!items.TryAdd(id, new Item(id, type, flags)))
            {
                throw new UncleanableFileException("two items of the picture have the same number");
            }
        }

        return items.Count == count
            ? items
            : throw new UncleanableFileException("the picture's item list is malformed");
    }

    private static List<Reference> ReadReferences(IsoRewrite r, IsoBox iref)
    {
        var version = r.Content(iref) is [var v, ..]
            ? v
            : throw new UncleanableFileException("the picture's references are cut short");
        var width = version == 0 ? 2 : 4;
        var references = new List<Reference>();
        foreach (var box in r.Children(iref, 4))
        {
            var reader = new IsoReader(r.Content(box));
            var from = (uint)reader.Sized(width);
            var count = reader.Count(2, width);
            var to = new List<uint>(count);
            for (var i = 0; i < count; i++)
            {
                r.Budget.Work();
                to.Add((uint)reader.Sized(width));
            }

            references.Add(new Reference(box.Type, from, to));
        }

        return references;
    }

    private static (
        List<IsoBox> Properties,
        Dictionary<uint, List<(bool Essential, int Index)>> Associations
    ) ReadProperties(IsoRewrite r, IsoBox iprp)
    {
        var boxes = r.Children(iprp);
        var properties = r.Children(IsoMovie.One(boxes, "ipco"));
        var associations = new Dictionary<uint, List<(bool, int)>>();
        foreach (var ipma in boxes.Where(b => b.Type == "ipma"))
        {
            var reader = new IsoReader(r.Content(ipma));
            var version = reader.U8();
            var flags = (reader.U16() << 8) | reader.U8();
            var count = reader.Count(4, version < 1 ? 3 : 5);
            for (var i = 0; i < count; i++)
            {
                var id = version < 1 ? reader.U16() : reader.U32();
                var list = new List<(bool, int)>();
                for (var n = reader.U8(); n > 0; n--)
                {
                    r.Budget.Work();
                    var value = (flags & 1) == 1 ? reader.U16() : reader.U8();
                    var essential = (flags & 1) == 1 ? (value & 0x8000) != 0 : (value & 0x80) != 0;
                    list.Add((essential, (int)(value & ((flags & 1) == 1 ? 0x7FFFu : 0x7Fu))));
                }

                if (!associations.TryAdd(id, list))
                {
                    throw new UncleanableFileException("an item's properties are listed twice");
                }
            }
        }

        return (properties, associations);
    }

    /// <summary>Where each item's data lies, as (file offset, length) pieces; an item stored in the metadata's own data
    /// box (<c>idat</c>) is found there.</summary>
    private static Dictionary<uint, List<(long Source, long Length)>?> ReadLocations(
        IsoRewrite r,
        IsoBox iloc,
        IsoBox? idat
    )
    {
        var reader = new IsoReader(r.Content(iloc));
        var version = reader.U8();
        reader.Take(3);
        if (version > 2)
        {
            throw new UncleanableFileException("the picture's item locations are of an unknown kind");
        }

        var sizes = reader.U8();
        var more = reader.U8();
        int offsetSize = (int)(sizes >> 4),
            lengthSize = (int)(sizes & 15),
            baseSize = (int)(more >> 4),
            indexSize = version > 0 ? (int)(more & 15) : 0;
        var count = reader.Count(version < 2 ? 2 : 4, 4);
        var locations = new Dictionary<uint, List<(long, long)>?>();
        for (var i = 0; i < count; i++)
        {
            var id = (uint)reader.Sized(version < 2 ? 2 : 4);
            var method = version > 0 ? reader.U16() & 15 : 0;
            var reference = reader.U16();
            var baseOffset = reader.Sized(baseSize);
            var extents = new List<(long, long)>();
            for (var e = reader.Count(2, offsetSize + lengthSize + indexSize); e > 0; e--)
            {
                r.Budget.Work();
                reader.Sized(indexSize);
                var offset = baseOffset + reader.Sized(offsetSize);
                var length = reader.Sized(lengthSize);
                extents.Add((offset, length));
            }

            if (method == 1)
            {
                // Data in idat: offsets count from the start of its content.
                var box = idat ?? throw new UncleanableFileException("the picture's data box is missing");
                extents =
                [
                    .. extents.Select(x =>
                        x.Item1 + x.Item2 <= box.ContentLength
                            ? (x.Item1 + box.ContentStart, x.Item2)
                            : throw new UncleanableFileException("an item lies outside the picture's data box")
                    ),
                ];
            }

            // Only a kept item's location matters; another's is left unread (an EXIF item may be stored anywhere).
            if (
                !locations.TryAdd(
                    id,
                    method is 0 or 1 && reference == 0 && extents.All(x => x.Item2 > 0) ? extents : null
                )
            )
            {
                throw new UncleanableFileException("an item's location is given twice");
            }
        }

        return locations;
    }

    private static void WriteItems(IsoBuffer header, SortedSet<uint> kept, Dictionary<uint, Item> items, bool wide)
    {
        var iinf = header.BeginFull("iinf", kept.Count > ushort.MaxValue ? 1u : 0);
        if (kept.Count > ushort.MaxValue)
        {
            header.U32((uint)kept.Count);
        }
        else
        {
            header.U16((uint)kept.Count);
        }

        foreach (var id in kept)
        {
            var infe = header.BeginFull("infe", wide ? 3u : 2, items[id].Flags & 1);
            Id(header, id, wide);
            header.U16(0);
            header.Write(Encoding.Latin1.GetBytes(items[id].Type));
            header.U8(0);
            header.End(infe);
        }

        header.End(iinf);
    }

    private static void WriteReferences(IsoBuffer header, List<Reference> references, SortedSet<uint> kept, bool wide)
    {
        var keptReferences = references
            .Where(x => x.Type is "dimg" or "auxl" && kept.Contains(x.From) && x.To.All(kept.Contains))
            .ToList();
        if (keptReferences.Count == 0)
        {
            return;
        }

        var iref = header.BeginFull("iref", wide ? 1u : 0);
        foreach (var reference in keptReferences)
        {
            var box = header.Begin(reference.Type);
            Id(header, reference.From, wide);
            header.U16((uint)reference.To.Count);
            foreach (var to in reference.To)
            {
                Id(header, to, wide);
            }

            header.End(box);
        }

        header.End(iref);
    }

    private static void WriteProperties(
        IsoRewrite r,
        SortedSet<uint> kept,
        List<IsoBox> properties,
        Dictionary<uint, List<(bool Essential, int Index)>> associations,
        bool wide
    )
    {
        // Kept properties are numbered anew, in the order first used.
        var renumbered = new Dictionary<int, int>();
        var written = new IsoBuffer();
        var keptAssociations = new List<(uint Id, List<(bool Essential, int Index)> List)>();
        var scratch = new IsoRewrite(r.File, r.Budget, []);
        foreach (var id in kept)
        {
            var list = new List<(bool, int)>();
            foreach (var (essential, index) in associations.GetValueOrDefault(id) ?? [])
            {
                if (index == 0)
                {
                    continue;
                }

                if (index > properties.Count)
                {
                    throw new UncleanableFileException("an item names a property that does not exist");
                }

                if (!renumbered.TryGetValue(index, out var number))
                {
                    if (!IsoAllowList.TryWrite(scratch, properties[index - 1]))
                    {
                        if (essential)
                        {
                            throw new UncleanableFileException("the picture needs a property that cannot be checked");
                        }

                        continue;
                    }

                    number = renumbered[index] = renumbered.Count + 1;
                }

                list.Add((essential, number));
            }

            keptAssociations.Add((id, list));
        }

        var large = renumbered.Count > 127;
        var iprp = r.Header.Begin("iprp");
        r.Header.Box("ipco", scratch.Header.Written);
        var ipma = r.Header.BeginFull("ipma", wide ? 1u : 0, large ? 1u : 0);
        r.Header.U32((uint)keptAssociations.Count);
        foreach (var (id, list) in keptAssociations)
        {
            if (list.Count > 255)
            {
                throw UncleanableFileException.TooComplex("an item has too many properties");
            }

            Id(r.Header, id, wide);
            r.Header.U8((uint)list.Count);
            foreach (var (essential, number) in list)
            {
                if (large)
                {
                    r.Header.U16((essential ? 0x8000u : 0) | (uint)number);
                }
                else
                {
                    r.Header.U8((essential ? 0x80u : 0) | (uint)number);
                }
            }
        }

        r.Header.End(ipma);
        r.Header.End(iprp);
    }

    private static void WriteLocations(
        IsoRewrite r,
        SortedSet<uint> kept,
        Dictionary<uint, Item> items,
        Dictionary<uint, List<(long Source, long Length)>?> locations,
        bool wide
    )
    {
        var located = kept.Where(locations.ContainsKey).ToList();
        foreach (var id in kept)
        {
            var found = locations.TryGetValue(id, out var extents);
            if ((found && extents is null) || (!found && items[id].Type != "iden"))
            {
                throw new UncleanableFileException(
                    "a part of the picture is stored in a way that cannot be located exactly"
                );
            }
        }

        var iloc = r.Header.BeginFull("iloc", wide ? 2u : 1);
        r.Header.U8(0x44); // 4-byte offsets and lengths
        r.Header.U8(0x00); // no base offset, no extent index
        if (wide)
        {
            r.Header.U32((uint)located.Count);
        }
        else
        {
            r.Header.U16((uint)located.Count);
        }

        foreach (var id in located)
        {
            var extents = locations[id]!;
            Id(r.Header, id, wide);
            r.Header.U16(0); // construction method 0: in this file
            r.Header.U16(0); // data reference 0: this file
            r.Header.U16(
                extents.Count <= ushort.MaxValue
                    ? (uint)extents.Count
                    : throw UncleanableFileException.TooComplex("an item has too many pieces")
            );
            foreach (var (source, length) in extents)
            {
                r.Offset(source, length, 4);
                r.Header.U32(
                    length <= uint.MaxValue
                        ? (uint)length
                        : throw new UncleanableFileException("an item is larger than the file")
                );
            }
        }

        r.Header.End(iloc);
    }

    private static void Id(IsoBuffer header, uint id, bool wide)
    {
        if (wide)
        {
            header.U32(id);
        }
        else
        {
            header.U16(id);
        }
    }

    private static string CString(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? data : data[..end]);
    }
}
