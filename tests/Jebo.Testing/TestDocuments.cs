using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Jebo.Testing;

/// <summary>Small documents and recordings as reporters' devices make them, with planted metadata
/// (<see cref="Secrets"/>) that no cleaned copy may keep: a PDF, Word and OpenDocument files, an MP3, AMR speech, and
/// the Hangul/OLE header.</summary>
public static class TestDocuments
{
    public const string SecretAuthor = "secret-author-4c2d";
    public const string SecretXmp = "secret-xmp-77aa";
    public const string SecretCreator = "secret-creator-8b2e";
    public const string SecretReviser = "secret-reviser-3f1a";
    public const string SecretTitle = "secret-title-id3";
    public const string SecretApe = "secret-ape-artist";
    public const string SecretTrailer = "secret-trailer-5d0c";

    public static readonly string[] Secrets =
    [
        SecretAuthor,
        SecretXmp,
        SecretCreator,
        SecretReviser,
        SecretTitle,
        SecretApe,
        SecretTrailer,
    ];

    /// <summary>A one-page PDF with an author and creator in its Info dictionary and an XMP packet.</summary>
    public static byte[] Pdf()
    {
        var content = "BT /F1 18 Tf 20 100 Td (Report page) Tj ET";
        var xmp = $"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>{SecretXmp}</dc:creator></x:xmpmeta>";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> "
                + ">> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            $"<< /Type /Metadata /Subtype /XML /Length {xmp.Length} >>\nstream\n{xmp}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Author ({SecretAuthor}) /Creator (JeboSecretScanner) >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(
            System.Globalization.CultureInfo.InvariantCulture,
            $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n"
        );
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(
            System.Globalization.CultureInfo.InvariantCulture,
            $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        );
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A Word document whose core properties name its creator and whose body keeps a tracked change by a
    /// named reviser, as Word writes them ([Content_Types].xml first).</summary>
    public static byte[] Docx() =>
        Zip(
            (
                "[Content_Types].xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types"""
                    + """ xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default"""
                    + """ Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xm"""
                    + """l"/><Default Extension="xml" ContentType="application/xml"/><Override"""
                    + """ PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-off"""
                    + """icedocument.wordprocessingml.document.main+xml"/><Override"""
                    + """ PartName="/docProps/core.xml" ContentType="application/vnd.openxmlfor"""
                    + """mats-package.core-properties+xml"/></Types>""",
                true
            ),
            (
                "_rels/.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships"""
                    + """ xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship"""
                    + """ Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/o"""
                    + """fficeDocument" Target="word/document.xml"/><Relationship"""
                    + """ Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/"""
                    + """metadata/core-properties" Target="docProps/core.xml"/></Relationships>""",
                true
            ),
            (
                "word/document.xml",
                $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document"""
                    + $""" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>"""
                    + $"""<w:r><w:t>Report text</w:t></w:r></w:p><w:p><w:ins"""
                    + $""" w:id="1" w:author="{SecretReviser}" w:date="2026-01-01T00:00:00Z"><w:r><w:t>"""
                    + $"""inserted</w:t></w:r></w:ins></w:p></w:body></w:document>""",
                true
            ),
            (
                "docProps/core.xml",
                $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties"""
                    + $""" xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns"""
                    + $""":dc="http://purl.org/dc/elements/1.1/"><dc:creator>{SecretCreator}</dc:creator>"""
                    + $"""</cp:coreProperties>""",
                true
            )
        );

    /// <summary>The first entries of an OpenDocument text (the stored <c>mimetype</c> first, as the format
    /// requires).</summary>
    public static byte[] Odt(string mimetype = "application/vnd.oasis.opendocument.text") =>
        Zip(
            ("mimetype", mimetype, false),
            (
                "content.xml",
                """<?xml version="1.0" encoding="UTF-8"?><office:document-content"""
                    + """ xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>""",
                true
            )
        );

    /// <summary>An MP3: an ID3v2.3 tag (title, a GPS note), twenty silent MPEG-1 Layer III frames, an APEv2 tag and an
    /// ID3v1 tag, as tagging programs leave them.</summary>
    public static byte[] Mp3()
    {
        static byte[] Frame(string id, string text)
        {
            var payload = Encoding.ASCII.GetBytes("\0" + text);
            var frame = new byte[10 + payload.Length];
            Encoding.ASCII.GetBytes(id).CopyTo(frame, 0);
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), payload.Length);
            payload.CopyTo(frame, 10);
            return frame;
        }

        byte[] frames = [.. Frame("TIT2", SecretTitle), .. Frame("TXXX", "GPS\0" + SecretTitle)];
        byte[] id3 =
        [
            .. "ID3"u8,
            3,
            0,
            0,
            (byte)((frames.Length >> 21) & 0x7F),
            (byte)((frames.Length >> 14) & 0x7F),
            (byte)((frames.Length >> 7) & 0x7F),
            (byte)(frames.Length & 0x7F),
            .. frames,
        ];
        var audio = new List<byte>();
        for (var i = 0; i < 20; i++)
        {
            audio.AddRange(Mp3Frame);
        }

        var apeValue = Encoding.ASCII.GetBytes(SecretApe);
        byte[] apeItem = [.. Le(apeValue.Length), .. Le(0), .. "Artist\0"u8, .. apeValue];
        byte[] apeFooter =
        [
            .. "APETAGEX"u8,
            .. Le(2000),
            .. Le(apeItem.Length + 32),
            .. Le(1),
            .. Le(0),
            .. new byte[8],
        ];
        var id3v1 = new byte[128];
        "TAG"u8.CopyTo(id3v1);
        Encoding.ASCII.GetBytes(SecretTrailer).CopyTo(id3v1, 3);
        return [.. id3, .. audio, .. apeItem, .. apeFooter, .. id3v1];
    }

    /// <summary>One silent MPEG-1 Layer III frame, 128 kbit/s at 44.1 kHz (417 bytes).</summary>
    public static byte[] Mp3Frame => [0xFF, 0xFB, 0x90, 0x64, .. new byte[413]];

    /// <summary>Narrow-band AMR speech: the magic line and fifty 12.2 kbit/s frames, optionally followed by
    /// data.</summary>
    public static byte[] Amr(byte[]? trailer = null)
    {
        var amr = new List<byte>("#!AMR\n"u8.ToArray());
        for (var i = 0; i < 50; i++)
        {
            amr.Add(0x3C);
            amr.AddRange(Enumerable.Range(0, 31).Select(b => (byte)(b * 7 + i)));
        }

        amr.AddRange(trailer ?? []);
        return [.. amr];
    }

    /// <summary>The start of a Hangul 5 (.hwp) file: an OLE compound file, as old Word and Excel files are
    /// too.</summary>
    public static byte[] HwpHead => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

    private static byte[] Le(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Zip(params (string Name, string Text, bool Compressed)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text, compressed) in entries)
            {
                using var stream = zip.CreateEntry(
                        name,
                        compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression
                    )
                    .Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return output.ToArray();
    }
}
