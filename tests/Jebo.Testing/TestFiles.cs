using System.Buffers.Binary;
using System.Text;

namespace Jebo.Testing;

/// <summary>Small real files for attachment tests: a JPEG and a PNG drawn by Chromium, and ways to load them with the
/// metadata a phone would add (EXIF with GPS, XMP, comments, text chunks, trailing data).</summary>
public static class TestFiles
{
    /// <summary>A 16×16 JPEG from Chromium's encoder (with its ICC profile segment).</summary>
    public static byte[] Jpeg =>
        Convert.FromBase64String(
            "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh"
                + "Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB"
                + "UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA"
                + "AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y"
                + "WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM"
                + "ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYI"
                + "DAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQU"
                + "FBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/"
                + "xAAfEAAABAcBAAAAAAAAAAAAAAAGERITAAEUFSRCUWH/xAAVAQEBAAAAAAAAAAAAAAAAAAAACP/EAB0RAAAFBQAAAAAAAAAAAAAA"
                + "AAASFiYzU2WDk/D/2gAMAwEAAhEDEQA/AIzEQisFPjvuq3SRF5PsA6Ir/UY7DSd1GZ+S5ARB2/0+Qw0rRRmXsuQDodsFRkPup0SR"
                + "H7PsGajbrlq6ouMLBdistuKlsk4o/9k="
        );

    /// <summary>A 16×16 PNG from Chromium's encoder.</summary>
    public static byte[] Png =>
        Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAQ0lEQVR4AeySsQkAMAgED2dy/wncKel90MIiFhG+UOTxHi3gTGQM"
                + "a6GBE1TKxAsR8old/xFAMqi/wCVTMZCNZvDe4AIAAP//7BIXbQAAAAZJREFUAwCzYSzROFWi4QAAAABJRU5ErkJggg=="
        );

    /// <summary>Words planted in metadata; none may survive cleaning.</summary>
    public const string SecretMake = "JeboSecretCam";
    public const string SecretComment = "secret-comment-5e1f";
    public const string SecretTrailer = "secret-trailer-9a7b";
    public const string SecretXmp = "secret-xmp-creator";

    /// <summary>The GPS latitude 37°33'58.88"N as EXIF rationals, a byte pattern to search for.</summary>
    public static byte[] GpsLatitudeBytes =>
        [0, 0, 0, 37, 0, 0, 0, 1, 0, 0, 0, 33, 0, 0, 0, 1, 0, 0, 0x16, 0xFF, 0, 0, 0, 100];

    /// <summary>The JPEG with an EXIF segment (camera make, GPS position), an XMP segment, a comment, and data after
    /// the end-of-image marker, as phones write them.</summary>
    public static byte[] JpegWithGps()
    {
        var jpeg = Jpeg;
        var output = new List<byte>(jpeg[..2]);
        output.AddRange(Segment(0xE1, [.. "Exif\0\0"u8, .. Exif()]));
        output.AddRange(
            Segment(
                0xE1,
                [
                    .. "http://ns.adobe.com/xap/1.0/\0"u8,
                    .. Encoding.UTF8.GetBytes($"<x:xmpmeta><dc:creator>{SecretXmp}</dc:creator></x:xmpmeta>"),
                ]
            )
        );
        output.AddRange(Segment(0xFE, Encoding.ASCII.GetBytes(SecretComment)));
        output.AddRange(jpeg[2..]);
        output.AddRange(Encoding.ASCII.GetBytes(SecretTrailer));
        return [.. output];
    }

    /// <summary>The segment markers of a JPEG in order, up to the start of scan.</summary>
    public static List<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
        }

        return markers;
    }

    /// <summary>The PNG with tEXt (author), eXIf (camera and GPS) and tIME chunks, and data after IEND.</summary>
    public static byte[] PngWithMetadata()
    {
        var png = Png;
        var ihdrEnd = 8 + 4 + 4 + 13 + 4;
        var output = new List<byte>(png[..ihdrEnd]);
        output.AddRange(Chunk("tEXt", [.. "Author\0"u8, .. Encoding.ASCII.GetBytes(SecretComment)]));
        output.AddRange(Chunk("eXIf", Exif()));
        output.AddRange(Chunk("tIME", [0x07, 0xEA, 10, 1, 12, 0, 0]));
        output.AddRange(png[ihdrEnd..]);
        output.AddRange(Encoding.ASCII.GetBytes(SecretTrailer));
        return [.. output];
    }

    /// <summary>A big-endian TIFF structure: IFD0 with the camera make and a GPS IFD with latitude and
    /// longitude.</summary>
    public static byte[] Exif()
    {
        var tiff = new byte[200];
        var s = tiff.AsSpan();
        "MM"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], 8);
        // IFD0 at 8: two entries (Make, GPSInfo), next IFD 0.
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], 2);
        Entry(s[10..], 0x010F, 2, (uint)SecretMake.Length + 1, 100);
        Entry(s[22..], 0x8825, 4, 1, 40);
        BinaryPrimitives.WriteUInt32BigEndian(s[34..], 0);
        // GPS IFD at 40: four entries, next IFD 0; latitude rationals at 120, longitude at 150.
        BinaryPrimitives.WriteUInt16BigEndian(s[40..], 4);
        Entry(s[42..], 1, 2, 2, 0x4E000000);
        Entry(s[54..], 2, 5, 3, 120);
        Entry(s[66..], 3, 2, 2, 0x45000000);
        Entry(s[78..], 4, 5, 3, 150);
        BinaryPrimitives.WriteUInt32BigEndian(s[90..], 0);
        Encoding.ASCII.GetBytes(SecretMake).CopyTo(s[100..]);
        GpsLatitudeBytes.CopyTo(s[120..]);
        byte[] longitude = [0, 0, 0, 126, 0, 0, 0, 1, 0, 0, 0, 58, 0, 0, 0, 1, 0, 0, 0x04, 0xD2, 0, 0, 0, 100];
        longitude.CopyTo(s[150..]);
        return tiff;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, tag);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32BigEndian(at[8..], value);
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var length = payload.Length + 2;
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. payload];
    }

    /// <summary>A PNG chunk with its CRC.</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var chunk = new byte[8 + data.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(typed));
        return chunk;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>An ISO BMFF box.</summary>
    public static byte[] Box(string type, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.Latin1.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    /// <summary>Whether <paramref name="pattern"/> occurs in <paramref name="data"/>.</summary>
    public static bool Contains(byte[] data, ReadOnlySpan<byte> pattern) => data.AsSpan().IndexOf(pattern) >= 0;

    public static bool Contains(byte[] data, string ascii) => Contains(data, Encoding.ASCII.GetBytes(ascii));
}
