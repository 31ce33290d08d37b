using System.Text;

namespace Jebo.Intake.Attachments;

/// <summary>The kinds of file a report may carry, told apart by their first bytes, never by name or claimed type.</summary>
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
}

/// <summary>Recognises an accepted file from its first bytes (see docs/portal.md for the list and the reasons).</summary>
public static class AttachmentType
{
    /// <summary>How many leading bytes <see cref="Recognise"/> wants to see (fewer only for a shorter file).</summary>
    public const int SniffLength = 4096;

    private static readonly HashSet<string> HeifBrands = new(StringComparer.Ordinal)
    {
        "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "mif2", "msf1", "avif", "avis",
    };

    private static readonly HashSet<string> VideoBrands = new(StringComparer.Ordinal)
    {
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "M4VP", "qt  ", "3gp4", "3gp5", "3gp6", "3g2a", "mmp4", "MSNV",
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

    public static string ContentType(AttachmentKind kind, ReadOnlySpan<byte> head) => kind switch
    {
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        AttachmentKind.Gif => "image/gif",
        AttachmentKind.WebP => "image/webp",
        AttachmentKind.Heif => Encoding.Latin1.GetString(head.Slice(8, 4)) is "avif" or "avis" ? "image/avif" : "image/heic",
        AttachmentKind.Video => Encoding.Latin1.GetString(head.Slice(8, 4)) == "qt  " ? "video/quicktime" : "video/mp4",
        AttachmentKind.Audio => "audio/mp4",
        AttachmentKind.Pdf => "application/pdf",
        _ => "text/plain; charset=utf-8",
    };

    /// <summary>Whether intake removes metadata from this kind, by an allow-list cleaner (PDF: no; text has none to
    /// remove): the sealed header says <c>metadata-removed</c> only for these.</summary>
    public static bool IsCleaned(AttachmentKind kind) => kind is not (AttachmentKind.Pdf or AttachmentKind.Text);
}

/// <summary>Plain text: UTF-8 throughout, no NUL and no control characters but tab, line breaks and form feed.</summary>
public static class TextCheck
{
    /// <param name="head">The first bytes of the file.</param>
    /// <param name="whole">True when <paramref name="head"/> is the whole file; otherwise it may end inside a character.</param>
    public static bool LooksLikeText(ReadOnlySpan<byte> head, bool whole = false)
    {
        if (head.IsEmpty || !IsPlain(head))
        {
            return false;
        }

        var chars = new char[head.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: whole);
        return status == System.Buffers.OperationStatus.Done || (!whole && status == System.Buffers.OperationStatus.NeedMoreData);
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
