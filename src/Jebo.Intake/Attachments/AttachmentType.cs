using System.Text;

namespace Jebo.Intake.Attachments;

/// <summary>The kinds of file a report may carry, told apart by their first bytes, never by name or claimed
/// type.</summary>
public enum AttachmentKind
{
    Jpeg,
    Png,
    Gif,
    WebP,
    Heif,
    Video,
    Audio,
    Pdf,
    Text,

    /// <summary>A Word, Excel or PowerPoint file (OOXML) or an OpenDocument text, sheet or presentation.</summary>
    Office,
    Mp3,

    /// <summary>AMR speech (narrow- or wide-band), as Android and older phones record calls and voice notes.</summary>
    Amr,
}

/// <summary>Recognises an accepted file from its first bytes (see docs/portal.md for the list and the
/// reasons).</summary>
public static class AttachmentType
{
    /// <summary>The <c>accept</c> attribute of the portal's file inputs (a report's and a follow-up's): a hint to the
    /// reporter's device only, since the type is decided from the bytes.</summary>
    public const string Accept =
        "image/jpeg,image/png,image/heic,image/heif,image/avif,video/mp4,video/quicktime,audio/mp4,audio/x-m4a,"
        + "audio/mpeg,audio/amr,application/pdf,text/plain,.heic,.heif,.m4a,.mov,.mp3,.amr,.docx,.xlsx,.pptx,.odt,"
        + ".ods,.odp";

    /// <summary>How many leading bytes <see cref="Recognise"/> wants to see (fewer only for a shorter file).</summary>
    public const int SniffLength = 4096;

    private static readonly HashSet<string> HeifBrands = new(StringComparer.Ordinal)
    {
        "heic",
        "heix",
        "heim",
        "heis",
        "hevc",
        "hevx",
        "mif1",
        "mif2",
        "msf1",
        "avif",
        "avis",
    };

    private static readonly HashSet<string> VideoBrands = new(StringComparer.Ordinal)
    {
        "isom",
        "iso2",
        "iso3",
        "iso4",
        "iso5",
        "iso6",
        "mp41",
        "mp42",
        "avc1",
        "M4V ",
        "M4VP",
        "qt  ",
        "3gp4",
        "3gp5",
        "3gp6",
        "3g2a",
        "mmp4",
        "MSNV",
    };

    private static readonly HashSet<string> AudioBrands = new(StringComparer.Ordinal) { "M4A ", "M4B " };

    public static AttachmentKind? Recognise(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return AttachmentKind.Jpeg;
        }

        if (head.StartsWith(Cleaning.PngCleaner.Signature))
        {
            return AttachmentKind.Png;
        }

        if (Cleaning.GifCleaner.IsGif(head))
        {
            return AttachmentKind.Gif;
        }

        if (Cleaning.WebpCleaner.IsWebp(head))
        {
            return AttachmentKind.WebP;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return AttachmentKind.Pdf;
        }

        if (OfficeDocument.Recognise(head) is not null)
        {
            return AttachmentKind.Office;
        }

        if (head.StartsWith("#!AMR\n"u8) || head.StartsWith("#!AMR-WB\n"u8))
        {
            return AttachmentKind.Amr;
        }

        if (IsMp3(head))
        {
            return AttachmentKind.Mp3;
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var major = Encoding.Latin1.GetString(head.Slice(8, 4));
            return HeifBrands.Contains(major) ? AttachmentKind.Heif
                : AudioBrands.Contains(major) ? AttachmentKind.Audio
                : VideoBrands.Contains(major) ? AttachmentKind.Video
                : null;
        }

        return TextCheck.LooksLikeText(head, whole: head.Length < SniffLength) ? AttachmentKind.Text : null;
    }

    public static string ContentType(AttachmentKind kind, ReadOnlySpan<byte> head) =>
        kind switch
        {
            AttachmentKind.Jpeg => "image/jpeg",
            AttachmentKind.Png => "image/png",
            AttachmentKind.Gif => "image/gif",
            AttachmentKind.WebP => "image/webp",
            AttachmentKind.Heif => Encoding.Latin1.GetString(head.Slice(8, 4)) is "avif" or "avis"
                ? "image/avif"
                : "image/heic",
            AttachmentKind.Video => Encoding.Latin1.GetString(head.Slice(8, 4)) == "qt  "
                ? "video/quicktime"
                : "video/mp4",
            AttachmentKind.Audio => "audio/mp4",
            AttachmentKind.Pdf => "application/pdf",
            AttachmentKind.Office => OfficeDocument.Recognise(head)!.ContentType,
            AttachmentKind.Mp3 => "audio/mpeg",
            AttachmentKind.Amr => head.StartsWith("#!AMR-WB\n"u8) ? "audio/amr-wb" : "audio/amr",
            _ => "text/plain; charset=utf-8",
        };

    /// <summary>The name ending mat2 needs to pick its parser (it goes by the name; the kind was decided from the
    /// bytes).</summary>
    public static string Extension(AttachmentKind kind, ReadOnlySpan<byte> head) =>
        kind switch
        {
            AttachmentKind.Pdf => ".pdf",
            AttachmentKind.Office => OfficeDocument.Recognise(head)!.Extension,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only mat2's kinds have a name ending here"),
        };

    /// <summary>Whether intake removes metadata from this kind, by an allow-list cleaner or mat2 (text has none to
    /// remove): the sealed header says <c>metadata-removed</c> only for these.</summary>
    public static bool IsCleaned(AttachmentKind kind) => kind is not AttachmentKind.Text;

    /// <summary>A document format reporters send that nothing here can clean (Hangul .hwp/.hwpx, and the old binary
    /// Word, Excel and PowerPoint files that share .hwp's container): refused with a request for a PDF or a
    /// photo.</summary>
    public static bool IsUncleanableDocument(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        || OfficeDocument.StoredMimetype(head) is "application/hwp+zip";

    /// <summary>MP3: an ID3v2 tag, or an MPEG-1, 2 or 2.5 Layer III frame header with a valid bit rate and sample
    /// rate.</summary>
    private static bool IsMp3(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 10 && head.StartsWith("ID3"u8) && head[3] is >= 2 and <= 4)
        {
            return true;
        }

        return head.Length >= 4 && Cleaning.Mp3Cleaner.FrameLength(head) is not null;
    }
}

/// <summary>Plain text: UTF-8 throughout, no NUL and no control characters but tab, line breaks and form
/// feed.</summary>
public static class TextCheck
{
    /// <param name="head">The first bytes of the file.</param>
    /// <param name="whole">True when <paramref name="head"/> is the whole file; otherwise it may end inside a
    /// character.</param>
    public static bool LooksLikeText(ReadOnlySpan<byte> head, bool whole = false)
    {
        if (head.IsEmpty || !IsPlain(head))
        {
            return false;
        }

        var chars = new char[head.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(
            head,
            chars,
            out _,
            out _,
            replaceInvalidSequences: false,
            isFinalBlock: whole
        );
        return status == System.Buffers.OperationStatus.Done
            || (!whole && status == System.Buffers.OperationStatus.NeedMoreData);
    }

    public static bool IsPlain(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
            {
                return false;
            }
        }

        return true;
    }
}
