using System.Buffers.Binary;
using System.Text;
using Jebo.Intake.Attachments;
using Jebo.Intake.Attachments.Cleaning;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Attachments;

/// <summary>Metadata cleaning of each kind of file, on files built the way devices write them.</summary>
public sealed class CleanerTests
{
    [Fact]
    public async Task A_JPEG_loses_EXIF_GPS_XMP_comments_ICC_and_trailing_data_and_keeps_its_picture()
    {
        var original = TestFiles.JpegWithGps();
        Assert.True(TestFiles.Contains(original, TestFiles.GpsLatitudeBytes));

        var cleaned = await CleanAsync(original, JpegCleaner.CleanAsync);

        Assert.False(TestFiles.Contains(cleaned, TestFiles.GpsLatitudeBytes));
        foreach (var secret in new[] { "Exif", TestFiles.SecretMake, TestFiles.SecretXmp, TestFiles.SecretComment, TestFiles.SecretTrailer, "ICC_PROFILE" })
        {
            Assert.True(TestFiles.Contains(original, secret), secret);
            Assert.False(TestFiles.Contains(cleaned, secret), secret);
        }

        var markers = TestFiles.JpegMarkers(cleaned);
        Assert.DoesNotContain(markers, m => m is >= 0xE1 and <= 0xEF or 0xFE);
        Assert.Equal(TestFiles.JpegMarkers(TestFiles.Jpeg).Where(m => m is not (>= 0xE1 and <= 0xEF)), markers);

        // The compressed picture (from the start of scan to the end) is copied bit for bit.
        var scan = ScanOf(TestFiles.Jpeg);
        Assert.Equal(scan, ScanOf(cleaned));
        Assert.Equal([0xFF, 0xD9], cleaned[^2..]);
    }

    [Fact]
    public async Task A_JPEG_cut_short_is_refused()
    {
        var jpeg = TestFiles.Jpeg;
        await Assert.ThrowsAsync<UncleanableFileException>(() => CleanAsync(jpeg[..(jpeg.Length - 10)], JpegCleaner.CleanAsync));
    }

    [Fact]
    public async Task A_PNG_keeps_only_the_chunks_that_draw_it()
    {
        var original = TestFiles.PngWithMetadata();
        var cleaned = await CleanAsync(original, PngCleaner.CleanAsync);

        Assert.Equal(TestFiles.Png, cleaned);
        Assert.True(TestFiles.Contains(original, TestFiles.GpsLatitudeBytes));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.SecretComment));
        Assert.False(TestFiles.Contains(cleaned, "eXIf"));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.SecretTrailer));
    }

    [Fact]
    public async Task A_PNG_with_an_unknown_critical_chunk_is_refused()
    {
        var png = TestFiles.Png;
        byte[] odd = [.. png[..33], .. TestFiles.Chunk("ZZZZ", [1, 2, 3]), .. png[33..]];
        await Assert.ThrowsAsync<UncleanableFileException>(() => CleanAsync(odd, PngCleaner.CleanAsync));
    }

    [Fact]
    public async Task A_HEIC_picture_keeps_its_layout_but_its_EXIF_item_becomes_zeros()
    {
        var image = Encoding.ASCII.GetBytes("HEVC-PICTURE-DATA-0123456789");
        byte[] exif = [0, 0, 0, 6, .. "Exif\0\0"u8, .. TestFiles.Exif()];
        var heic = Heic(image, exif);

        var cleaned = await CleanAsync(heic, (source, output, token) => IsoMediaCleaner.CleanAsync(source, output, isHeif: true, token));

        Assert.Equal(heic.Length, cleaned.Length);
        Assert.True(TestFiles.Contains(cleaned, image));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.GpsLatitudeBytes));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.SecretMake));
        Assert.Equal(heic[..(heic.Length - exif.Length)], cleaned[..(heic.Length - exif.Length)]);
        Assert.All(cleaned[(heic.Length - exif.Length)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_video_loses_its_user_data_and_times_and_keeps_its_media()
    {
        var media = Encoding.ASCII.GetBytes("VIDEO-SAMPLES-0123456789");
        var location = "+37.5665+126.9780/";
        var moov = Moov(TestFiles.Box("udta", TestFiles.Box("\u00A9xyz", [0, 18, 0x15, 0xC7], Encoding.ASCII.GetBytes(location))), Track("vide"));
        byte[] video = [.. Ftyp("isom"), .. TestFiles.Box("mdat", media), .. moov];

        var cleaned = await CleanAsync(video, (source, output, token) => IsoMediaCleaner.CleanAsync(source, output, isHeif: false, token));

        Assert.Equal(video.Length, cleaned.Length);
        Assert.True(TestFiles.Contains(cleaned, media));
        Assert.True(TestFiles.Contains(video, location));
        Assert.False(TestFiles.Contains(cleaned, location));
        Assert.True(TestFiles.Contains(cleaned, "free"));
        Assert.False(TestFiles.Contains(cleaned, CreationTime));
        Assert.True(TestFiles.Contains(video, CreationTime));
    }

    [Fact]
    public async Task A_metadata_track_is_removed_and_its_samples_zeroed_when_the_movie_box_comes_first()
    {
        var media = Encoding.ASCII.GetBytes("VIDEO-SAMPLES-0123456789");
        var gps = Encoding.ASCII.GetBytes("GPS-TRACK+37.5665+126.9780");
        // moov, then mdat: the GPS sample's offset is known before the sample streams past.
        var ftyp = Ftyp("mp42");
        var placeholder = Moov(Track("vide"), Track("meta", sampleOffset: 0, sampleSize: gps.Length));
        var sampleOffset = ftyp.Length + placeholder.Length + 8 + media.Length;
        byte[] video = [.. ftyp, .. Moov(Track("vide"), Track("meta", sampleOffset, gps.Length)), .. TestFiles.Box("mdat", media, gps)];

        var cleaned = await CleanAsync(video, (source, output, token) => IsoMediaCleaner.CleanAsync(source, output, isHeif: false, token));

        Assert.Equal(video.Length, cleaned.Length);
        Assert.True(TestFiles.Contains(cleaned, media));
        Assert.False(TestFiles.Contains(cleaned, gps));
        Assert.False(TestFiles.Contains(cleaned, "meta"));
    }

    [Fact]
    public async Task A_metadata_track_whose_samples_came_before_the_movie_box_is_refused()
    {
        var gps = Encoding.ASCII.GetBytes("GPS-TRACK+37.5665+126.9780");
        var ftyp = Ftyp("qt  ");
        var mdat = TestFiles.Box("mdat", gps);
        byte[] video = [.. ftyp, .. mdat, .. Moov(Track("meta", ftyp.Length + 8, gps.Length))];

        await Assert.ThrowsAsync<UncleanableFileException>(
            () => CleanAsync(video, (source, output, token) => IsoMediaCleaner.CleanAsync(source, output, isHeif: false, token)));
    }

    [Theory]
    [InlineData("jpeg", AttachmentKind.Jpeg)]
    [InlineData("png", AttachmentKind.Png)]
    [InlineData("pdf", AttachmentKind.Pdf)]
    [InlineData("text", AttachmentKind.Text)]
    [InlineData("heic", AttachmentKind.Heif)]
    [InlineData("mov", AttachmentKind.Video)]
    [InlineData("m4a", AttachmentKind.Audio)]
    public void Files_are_recognised_by_their_bytes(string sample, AttachmentKind kind)
    {
        byte[] head = sample switch
        {
            "jpeg" => TestFiles.Jpeg,
            "png" => TestFiles.Png,
            "pdf" => "%PDF-1.7\n%\u00e2\u00e3"u8.ToArray(),
            "text" => "조직폭력배가 시장 상인들에게 보호비를 요구합니다.\n"u8.ToArray(),
            "heic" => Ftyp("heic"),
            "mov" => Ftyp("qt  "),
            _ => Ftyp("M4A "),
        };
        Assert.Equal(kind, AttachmentType.Recognise(head));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 })]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x00 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 })]
    public void Executables_archives_and_other_kinds_are_not_recognised(byte[] head) =>
        Assert.Null(AttachmentType.Recognise(head));

    [Fact]
    public void File_names_are_reduced_to_a_plain_name() =>
        Assert.Equal("photo.jpg", AttachmentIntake.SafeName("C:\\Users\\me\\..\\photo.jpg"));

    private static readonly byte[] CreationTime = [0xE3, 0x2B, 0x7A, 0x10];

    private static async Task<byte[]> CleanAsync(byte[] input, Func<ByteSource, Stream, CancellationToken, Task> clean)
    {
        using var output = new MemoryStream();
        // A stream that hands out a few bytes at a time, as a slow upload does.
        await clean(new ByteSource(new TricklingStream(input), ReadOnlyMemory<byte>.Empty), output, CancellationToken.None);
        return output.ToArray();
    }

    private static byte[] ScanOf(byte[] jpeg)
    {
        var at = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        var end = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]);
        return jpeg[at..(end + 2)];
    }

    private static byte[] Ftyp(string brand) =>
        TestFiles.Box("ftyp", Encoding.Latin1.GetBytes(brand), [0, 0, 0, 0], Encoding.Latin1.GetBytes(brand), "isom"u8.ToArray());

    private static byte[] Moov(params byte[][] children) =>
        TestFiles.Box("moov", [TestFiles.Box("mvhd", [0, 0, 0, 0], CreationTime, CreationTime, new byte[88]), .. children]);

    private static byte[] Track(string handler, int sampleOffset = 0, int sampleSize = 0)
    {
        var hdlr = TestFiles.Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0], Encoding.Latin1.GetBytes(handler), new byte[12], [0]);
        var stbl = TestFiles.Box("stbl",
            TestFiles.Box("stsz", [0, 0, 0, 0], U32(0), U32(1), U32(sampleSize)),
            TestFiles.Box("stsc", [0, 0, 0, 0], U32(1), U32(1), U32(1), U32(1)),
            TestFiles.Box("stco", [0, 0, 0, 0], U32(1), U32(sampleOffset)));
        return TestFiles.Box("trak",
            TestFiles.Box("tkhd", [0, 0, 0, 3], CreationTime, CreationTime, new byte[72]),
            TestFiles.Box("mdia",
                TestFiles.Box("mdhd", [0, 0, 0, 0], CreationTime, CreationTime, new byte[12]),
                hdlr,
                TestFiles.Box("minf", stbl)));
    }

    private static byte[] U32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    /// <summary>ftyp, a meta box naming a picture item and an EXIF item (iinf, iloc), and an mdat holding both.</summary>
    private static byte[] Heic(byte[] image, byte[] exif)
    {
        var ftyp = Ftyp("heic");
        byte[] Meta(int imageOffset, int exifOffset) => TestFiles.Box("meta", [0, 0, 0, 0],
            TestFiles.Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0], "pict"u8.ToArray(), new byte[12], [0]),
            TestFiles.Box("iinf", [0, 0, 0, 0], U16(2),
                TestFiles.Box("infe", [2, 0, 0, 0], U16(1), U16(0), "hvc1"u8.ToArray(), [0]),
                TestFiles.Box("infe", [2, 0, 0, 0], U16(2), U16(0), "Exif"u8.ToArray(), [0])),
            TestFiles.Box("iloc", [0, 0, 0, 0], [0x44, 0x00], U16(2),
                U16(1), U16(0), U16(1), U32(imageOffset), U32(image.Length),
                U16(2), U16(0), U16(1), U32(exifOffset), U32(exif.Length)));
        var metaLength = Meta(0, 0).Length;
        var imageOffset = ftyp.Length + metaLength + 8;
        return [.. ftyp, .. Meta(imageOffset, imageOffset + image.Length), .. TestFiles.Box("mdat", image, exif)];
    }

    /// <summary>Gives out at most 7 bytes per read, to exercise every boundary a slow upload can cut at.</summary>
    private sealed class TricklingStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(7, buffer.Length)], cancellationToken);
    }
}
