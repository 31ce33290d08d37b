using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Jebo.Intake.Attachments;

/// <summary>A zip-based office document told apart by what its first zip entry says it is, never by its name: the
/// OpenDocument <c>mimetype</c> entry, or the OOXML <c>[Content_Types].xml</c> naming the main part.</summary>
public sealed record OfficeDocument(string ContentType, string Extension)
{
    private static readonly (string Mimetype, OfficeDocument Document)[] OpenDocument =
    [
        ("application/vnd.oasis.opendocument.text", new("application/vnd.oasis.opendocument.text", ".odt")),
        (
            "application/vnd.oasis.opendocument.spreadsheet",
            new("application/vnd.oasis.opendocument.spreadsheet", ".ods")
        ),
        (
            "application/vnd.oasis.opendocument.presentation",
            new("application/vnd.oasis.opendocument.presentation", ".odp")
        ),
    ];

    // Only the plain document types: the macro-enabled ones (.docm, .xlsm, .pptm) carry code, and are not recognised.
    private static readonly (string MainPart, OfficeDocument Document)[] OfficeOpenXml =
    [
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
        ),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
        ),
        (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")
        ),
    ];

    /// <summary>The document a file's first bytes show, or null.</summary>
    public static OfficeDocument? Recognise(ReadOnlySpan<byte> head)
    {
        if (StoredMimetype(head) is { } mimetype)
        {
            return OpenDocument.FirstOrDefault(d => d.Mimetype == mimetype).Document;
        }

        if (FirstEntry(head) is not { Name: "[Content_Types].xml" } entry)
        {
            return null;
        }

        var types = entry.Method switch
        {
            0 => Encoding.UTF8.GetString(entry.Data),
            8 => Inflate(entry.Data),
            _ => "",
        };
        var overrides = OfficeOpenXml
            .Where(d => types.Contains($"ContentType=\"{d.MainPart}\"", StringComparison.Ordinal))
            .ToList();
        return overrides.Count == 1 ? overrides[0].Document : null;
    }

    /// <summary>The text of a first, stored zip entry named <c>mimetype</c> (OpenDocument, and Hangul's
    /// .hwpx).</summary>
    public static string? StoredMimetype(ReadOnlySpan<byte> head) =>
        FirstEntry(head) is { Name: "mimetype", Method: 0 } entry && entry.Data.Length <= 100
            ? Encoding.ASCII.GetString(entry.Data)
            : null;

    private sealed record Entry(string Name, int Method, byte[] Data);

    /// <summary>The zip's first local entry, its data cut to what the head holds.</summary>
    private static Entry? FirstEntry(ReadOnlySpan<byte> head)
    {
        if (head.Length < 30 || !head.StartsWith("PK\u0003\u0004"u8))
        {
            return null;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(head[6..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(head[8..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(head[18..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[26..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(head[28..]);
        var start = 30 + nameLength + extraLength;
        if ((flags & 1) != 0 || start > head.Length)
        {
            return null;
        }

        // With a data descriptor (flag 8) the size is only known after the data: take what the head holds.
        var length = (flags & 8) != 0 || size > head.Length - start ? head.Length - start : (int)size;
        return new Entry(
            Encoding.ASCII.GetString(head.Slice(30, nameLength)),
            method,
            head.Slice(start, length).ToArray()
        );
    }

    private static string Inflate(byte[] data)
    {
        using var inflater = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
        var text = new byte[64 * 1024];
        var filled = 0;
        try
        {
            int n;
            while (filled < text.Length && (n = inflater.Read(text, filled, text.Length - filled)) > 0)
            {
                filled += n;
            }
        }
        catch (InvalidDataException)
        {
            // Cut off at the end of the head: what was inflated so far is what there is to read.
        }

        return Encoding.UTF8.GetString(text, 0, filled);
    }
}
