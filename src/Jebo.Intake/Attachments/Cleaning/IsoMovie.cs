using System.Buffers.Binary;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Rebuilds a movie box (<c>moov</c>) from an allow-list: the movie header, and the picture and sound tracks
/// with what a player needs to decode them; each track's chunk offsets point into the new media box.</summary>
/// <remarks>
/// Privacy: every other box goes, unread: user data and metadata (<c>udta</c>, <c>meta</c>: iTunes and QuickTime tags,
/// Apple location and device keys), <c>uuid</c> and vendor boxes (XMP), object descriptors, track references, and
/// every track that is not picture or sound: text, subtitle, chapter, timecode (a time of day), hint and timed-metadata
/// tracks (GPS), whose samples are then left out of the media box. Creation and modification times become zero; handler
/// and compressor names are emptied. Each level of the list is its own method, so a box nested where the list does not
/// name it is never read and the file's nesting never deepens the call stack. A fragmented recording (<c>mvex</c>) or
/// an encrypted one, media kept in another file, or a codec this list does not know are refused rather than guessed at.
/// </remarks>
public static class IsoMovie
{
    private static readonly HashSet<string> PictureCodecs = new(StringComparer.Ordinal)
    {
        "avc1",
        "avc3",
        "hvc1",
        "hev1",
        "dvh1",
        "dvhe",
        "av01",
        "vp08",
        "vp09",
        "mp4v",
        "jpeg",
        "mjpa",
        "s263",
        "apch",
        "apcn",
        "apcs",
        "apco",
        "ap4h",
        "ap4x",
    };

    private static readonly HashSet<string> SoundCodecs = new(StringComparer.Ordinal)
    {
        "mp4a",
        "ac-3",
        "ec-3",
        "Opus",
        "fLaC",
        "alac",
        "samr",
        "sawb",
        "lpcm",
        "sowt",
        "twos",
        "ipcm",
        "fpcm",
        "ulaw",
        "alaw",
        ".mp3",
    };

    private static readonly HashSet<string> WaveChildren = new(StringComparer.Ordinal)
    {
        "frma",
        "esds",
        "enda",
        "chan",
        "alac",
    };

    /// <summary>Writes the cleaned movie box; <paramref name="pictureTracks"/> is true for a HEIF image sequence, whose
    /// frames are a <c>pict</c> track.</summary>
    public static void Write(IsoRewrite r, IsoBox moov, bool pictureTracks)
    {
        var children = r.Children(moov);
        if (children.Any(c => c.Type == "mvex"))
        {
            throw new UncleanableFileException("a fragmented recording cannot be rebuilt");
        }

        var mark = r.Header.Begin("moov");
        WriteWithTimes(r, One(children, "mvhd"), 100, 112);
        var kept = 0;
        foreach (var trak in children.Where(c => c.Type == "trak"))
        {
            if (WriteTrack(r, trak, pictureTracks) && ++kept > CleaningLimits.MaxTracks)
            {
                throw UncleanableFileException.TooComplex("the recording has too many tracks");
            }
        }

        if (kept == 0)
        {
            throw new UncleanableFileException("the recording has no picture or sound track");
        }

        r.Header.End(mark);
    }

    private static bool WriteTrack(IsoRewrite r, IsoBox trak, bool pictureTracks)
    {
        var children = r.Children(trak);
        var mdia = One(children, "mdia");
        var media = r.Children(mdia);
        var hdlr = One(media, "hdlr");
        var handler = r.Content(hdlr) is { Length: >= 12 } h
            ? Encoding.Latin1.GetString(h.Slice(8, 4))
            : throw new UncleanableFileException("a track's handler is cut short");
        if (handler is not ("vide" or "soun") && !(pictureTracks && handler == "pict"))
        {
            // Not a picture or sound: the whole track goes, and its samples are never copied.
            return false;
        }

        var mark = r.Header.Begin("trak");
        WriteWithTimes(r, One(children, "tkhd"), 84, 96);
        if (Optional(children, "tapt") is { } tapt)
        {
            var apertures = r.Header.Begin("tapt");
            foreach (var dimension in r.Children(tapt).Where(c => c.Type is "clef" or "prof" or "enof"))
            {
                r.Header.Box(dimension.Type, Fixed(r, dimension, 12));
            }

            r.Header.End(apertures);
        }

        if (Optional(children, "edts") is { } edts && Optional(r.Children(edts), "elst") is { } elst)
        {
            var edits = r.Header.Begin("edts");
            WriteTable(
                r,
                elst,
                r.Content(elst) switch
                {
                    [0, ..] => 12,
                    [1, ..] => 20,
                    _ => throw new UncleanableFileException("an edit list has an unknown version"),
                }
            );
            r.Header.End(edits);
        }

        var mediaMark = r.Header.Begin("mdia");
        WriteWithTimes(r, One(media, "mdhd"), 24, 36);
        WriteHandler(r, hdlr);
        WriteMediaInformation(r, One(media, "minf"), handler);
        r.Header.End(mediaMark);
        r.Header.End(mark);
        return true;
    }

    private static void WriteMediaInformation(IsoRewrite r, IsoBox minf, string handler)
    {
        var children = r.Children(minf);
        var mark = r.Header.Begin("minf");
        var header = children.FirstOrDefault(c => c.Type is "vmhd" or "smhd" or "nmhd");
        if (header.Type is null)
        {
            throw new UncleanableFileException("a track has no media header");
        }

        r.Header.Box(
            header.Type,
            Fixed(
                r,
                header,
                header.Type switch
                {
                    "vmhd" => 12,
                    "smhd" => 8,
                    _ => 4,
                }
            )
        );
        if (Optional(children, "hdlr") is { } dataHandler)
        {
            // QuickTime's data handler; its name is emptied like the media handler's.
            WriteHandler(r, dataHandler);
        }

        var references =
            Optional(children, "dinf") is { } dinf && Optional(r.Children(dinf), "dref") is { } dref
                ? SelfContained(r, dref)
                : 1;
        WriteDataInformation(r.Header, references);
        WriteSampleTable(r, One(children, "stbl"), handler, references);
        r.Header.End(mark);
    }

    /// <summary>Checks every data reference says "in this file" and returns how many there are.</summary>
    private static int SelfContained(IsoRewrite r, IsoBox dref)
    {
        var reader = new IsoReader(r.Content(dref));
        reader.Take(4);
        var count = reader.Count(4, 12);
        var entries = r.Children(dref, 8);
        if (entries.Count != count || count is 0 or > CleaningLimits.MaxTracks)
        {
            throw new UncleanableFileException("a track's data references are malformed");
        }

        foreach (var entry in entries)
        {
            if (entry.ContentLength < 4 || (r.File[entry.ContentStart + 3] & 1) == 0)
            {
                throw new UncleanableFileException("a track's media lies in another file");
            }
        }

        return count;
    }

    /// <summary>A data information box saying "the media is in this file" <paramref name="count"/> times.</summary>
    public static void WriteDataInformation(IsoBuffer header, int count)
    {
        var dinf = header.Begin("dinf");
        var dref = header.BeginFull("dref", 0);
        header.U32((uint)count);
        for (var i = 0; i < count; i++)
        {
            header.End(header.BeginFull("url ", 0, 1));
        }

        header.End(dref);
        header.End(dinf);
    }

    private static void WriteSampleTable(IsoRewrite r, IsoBox stbl, string handler, int references)
    {
        var children = r.Children(stbl);
        if (children.Any(c => c.Type is "stz2" or "saiz" or "saio" or "senc"))
        {
            throw new UncleanableFileException("the recording's samples are laid out in a way that is not supported");
        }

        var mark = r.Header.Begin("stbl");
        var descriptions = WriteSampleDescriptions(r, One(children, "stsd"), handler, references);
        WriteTable(r, One(children, "stts"), 8);
        foreach (var (type, entrySize) in new[] { ("ctts", 8), ("stss", 4), ("stps", 4) })
        {
            if (Optional(children, type) is { } table)
            {
                WriteTable(r, table, entrySize);
            }
        }

        if (Optional(children, "cslg") is { } cslg)
        {
            r.Header.Box("cslg", Fixed(r, cslg, r.Content(cslg) is [1, ..] ? 44 : 24));
        }

        var stsc = One(children, "stsc");
        var stsz = One(children, "stsz");
        var chunks = children.Where(c => c.Type is "stco" or "co64").ToList();
        if (chunks.Count != 1)
        {
            throw new UncleanableFileException("a track does not say where its samples lie");
        }

        WriteTable(r, stsc, 12);
        var sizes = new IsoReader(r.Content(stsz));
        sizes.Take(4);
        var fixedSize = sizes.U32();
        var sampleCount = fixedSize == 0 ? sizes.Count(4, 4) : (long)sizes.U32();
        r.Header.Box("stsz", r.Content(stsz)[..(12 + (fixedSize == 0 ? (int)sampleCount * 4 : 0))]);
        WriteChunkOffsets(r, chunks[0], r.Content(stsc), r.Content(stsz), fixedSize, sampleCount, descriptions);
        r.Header.End(mark);
    }

    /// <summary>Writes the chunk offset table, each offset pointing at the chunk's new place; walks chunks,
    /// sample-to-chunk runs and sample sizes once each, together.</summary>
    private static void WriteChunkOffsets(
        IsoRewrite r,
        IsoBox chunkBox,
        ReadOnlySpan<byte> stsc,
        ReadOnlySpan<byte> stsz,
        uint fixedSize,
        long sampleCount,
        int descriptions
    )
    {
        var wide = chunkBox.Type == "co64";
        var width = wide ? 8 : 4;
        var chunks = new IsoReader(r.Content(chunkBox));
        chunks.Take(4);
        var chunkCount = chunks.Count(4, width);
        var runs = new IsoReader(stsc);
        runs.Take(4);
        var runCount = runs.Count(4, 12);
        var sizes = new IsoReader(stsz);
        sizes.Take(12);

        var mark = r.Header.BeginFull(chunkBox.Type, 0);
        r.Header.U32((uint)chunkCount);
        long sample = 0;
        var run = -1;
        long perChunk = 0;
        long nextRunChunk = runCount > 0 ? 1 : long.MaxValue;
        var previousFirst = 0L;
        for (var chunk = 1; chunk <= chunkCount; chunk++)
        {
            r.Budget.Work();
            while (chunk >= nextRunChunk)
            {
                run++;
                var first = runs.U32();
                perChunk = runs.U32();
                var description = runs.U32();
                if (
                    (run == 0 && first != 1)
                    || first <= previousFirst
                    || description == 0
                    || description > descriptions
                )
                {
                    throw new UncleanableFileException("a track's sample-to-chunk table is malformed");
                }

                previousFirst = first;
                nextRunChunk =
                    run + 1 < runCount
                        ? BinaryPrimitives.ReadUInt32BigEndian(stsc[(8 + ((run + 1) * 12))..])
                        : long.MaxValue;
            }

            if (run < 0 || perChunk > sampleCount - sample)
            {
                throw new UncleanableFileException("a track's sample tables disagree");
            }

            long length;
            if (fixedSize != 0)
            {
                length =
                    perChunk <= r.File.Length / fixedSize
                        ? perChunk * fixedSize
                        : throw new UncleanableFileException("a chunk is larger than the file");
            }
            else
            {
                length = 0;
                for (var i = 0; i < perChunk; i++)
                {
                    length += sizes.U32();
                }

                r.Budget.Work();
            }

            sample += perChunk;
            r.Offset(chunks.Sized(width), length, width);
        }

        if (sample != sampleCount)
        {
            throw new UncleanableFileException("a track's sample tables disagree");
        }

        r.Header.End(mark);
    }

    /// <summary>The sample descriptions: only codecs this list knows, each with its fixed fields (compressor name and
    /// vendor emptied) and the configuration boxes a decoder needs. Returns how many there are.</summary>
    private static int WriteSampleDescriptions(IsoRewrite r, IsoBox stsd, string handler, int references)
    {
        var reader = new IsoReader(r.Content(stsd));
        reader.Take(4);
        var count = reader.Count(4, 8);
        var entries = r.Children(stsd, 8);
        if (entries.Count != count || count is 0 or > CleaningLimits.MaxTracks)
        {
            throw new UncleanableFileException("a track's sample descriptions are malformed");
        }

        var mark = r.Header.BeginFull("stsd", 0);
        r.Header.U32((uint)count);
        foreach (var entry in entries)
        {
            var content = r.Content(entry);
            var picture = handler != "soun";
            if (!(picture ? PictureCodecs : SoundCodecs).Contains(entry.Type))
            {
                throw new UncleanableFileException(
                    $"the recording uses a codec that cannot be checked ({IsoBox.Printable(entry.Type)})"
                );
            }

            var fixedLength = picture
                ? 78
                : (content.Length >= 10 ? BinaryPrimitives.ReadUInt16BigEndian(content[8..]) : -1) switch
                {
                    0 => 28,
                    1 => 44,
                    2 => 64,
                    _ => throw new UncleanableFileException("a sound description has an unknown version"),
                };
            var reference = content.Length >= fixedLength ? BinaryPrimitives.ReadUInt16BigEndian(content[6..]) : 0;
            if (reference == 0 || reference > references)
            {
                throw new UncleanableFileException("a sample description is malformed");
            }

            var fields = content[..fixedLength].ToArray();
            if (picture)
            {
                fields.AsSpan(8, 16).Clear(); // QuickTime version, vendor and quality
                fields.AsSpan(42, 32).Clear(); // compressor name
            }
            else
            {
                fields.AsSpan(12, 4).Clear(); // vendor
            }

            var entryMark = r.Header.Begin(entry.Type);
            r.Header.Write(fields);
            foreach (var child in r.Children(entry, fixedLength))
            {
                if (child.Type is "sinf" or "schm" or "schi")
                {
                    throw new UncleanableFileException("the recording is encrypted");
                }

                if (child.Type == "wave" && !picture)
                {
                    WriteWave(r, child);
                }
                else
                {
                    IsoAllowList.TryWrite(r, child);
                }
            }

            r.Header.End(entryMark);
        }

        r.Header.End(mark);
        return count;
    }

    /// <summary>QuickTime's sound decompression parameters: the codec's configuration and the list's end
    /// marker.</summary>
    private static void WriteWave(IsoRewrite r, IsoBox wave)
    {
        var mark = r.Header.Begin("wave");
        foreach (var child in r.Children(wave))
        {
            if (WaveChildren.Contains(child.Type))
            {
                IsoAllowList.TryWrite(r, child);
            }
        }

        r.Header.Box("\0\0\0\0", []);
        r.Header.End(mark);
    }

    /// <summary>A full box whose entries follow a 32-bit count, written with exactly that many entries.</summary>
    private static void WriteTable(IsoRewrite r, IsoBox table, int entrySize)
    {
        var reader = new IsoReader(r.Content(table));
        reader.Take(4);
        var count = reader.Count(4, entrySize);
        r.Header.Box(table.Type, r.Content(table)[..(8 + (count * entrySize))]);
    }

    /// <summary>Movie, track and media headers: fixed fields, with creation and modification times zeroed.</summary>
    private static void WriteWithTimes(IsoRewrite r, IsoBox box, int lengthV0, int lengthV1)
    {
        var content = r.Content(box);
        var version = content.Length > 0 ? content[0] : -1;
        var length = version switch
        {
            0 => lengthV0,
            1 => lengthV1,
            _ => throw new UncleanableFileException($"a {box.Type} box has an unknown version"),
        };
        var fields = Fixed(r, box, length).ToArray();
        fields.AsSpan(4, version == 1 ? 16 : 8).Clear();
        r.Header.Box(box.Type, fields);
    }

    /// <summary>A handler box with its type kept and its name (free text) emptied.</summary>
    public static void WriteHandler(IsoRewrite r, IsoBox hdlr)
    {
        var content = Fixed(r, hdlr, 12);
        var mark = r.Header.BeginFull("hdlr", 0);
        r.Header.Write(content[4..12]);
        r.Header.Zeros(13);
        r.Header.End(mark);
    }

    private static ReadOnlySpan<byte> Fixed(IsoRewrite r, IsoBox box, int length) =>
        r.Content(box) is var content && content.Length >= length
            ? content[..length]
            : throw new UncleanableFileException($"a {box.Type} box is cut short");

    /// <summary>The one child of this type; refuses a file with none or with two.</summary>
    public static IsoBox One(List<IsoBox> children, string type) =>
        Optional(children, type) ?? throw new UncleanableFileException($"a {type} box is missing");

    public static IsoBox? Optional(List<IsoBox> children, string type)
    {
        IsoBox? found = null;
        foreach (var child in children)
        {
            if (child.Type == type)
            {
                found = found is null ? child : throw new UncleanableFileException($"a {type} box appears twice");
            }
        }

        return found;
    }
}
