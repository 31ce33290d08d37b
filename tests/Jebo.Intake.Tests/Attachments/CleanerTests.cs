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
        foreach (
            var secret in new[]
            {
                "Exif",
                TestFiles.SecretMake,
                TestFiles.SecretXmp,
                TestFiles.SecretComment,
                TestFiles.SecretTrailer,
                "ICC_PROFILE",
            }
        )
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
        await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync(jpeg[..(jpeg.Length - 10)], JpegCleaner.CleanAsync)
        );
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
    public async Task A_JPEG_keeps_only_its_orientation_of_EXIF_and_loses_IPTC_comments_and_the_EXIF_thumbnail()
    {
        var jpeg = TestFiles.Jpeg;
        var secret = TestMedia.SecretBytes;
        byte[] exif = [.. "Exif\0\0"u8, .. ExifWithOrientationAndThumbnail(6, secret)];
        byte[] planted =
        [
            .. jpeg[..2],
            .. Segment(0xE1, exif),
            .. Segment(0xED, [.. "Photoshop 3.0\0"u8, .. secret]),
            .. Segment(0xFE, secret),
            .. Segment(0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. secret]),
            .. Segment(0xE0, [.. "JFXX\0"u8, 0x10, .. secret]),
            .. jpeg[2..],
        ];

        var cleaned = await CleanAsync(planted, JpegCleaner.CleanAsync);

        Assert.True(TestFiles.Contains(planted, secret));
        Assert.False(TestFiles.Contains(cleaned, secret));
        Assert.Equal(6, JpegCleaner.Orientation(cleaned.AsSpan(cleaned.AsSpan().IndexOf("Exif\0\0"u8) + 6)));
        Assert.DoesNotContain((byte)0xED, MediaStructure.Jpeg(cleaned));
        Assert.Equal(cleaned, await CleanAsync(cleaned, JpegCleaner.CleanAsync));
    }

    [Fact]
    public async Task A_PNG_loses_its_text_chunks()
    {
        var png = TestFiles.Png;
        var secret = TestMedia.SecretBytes;
        byte[] planted =
        [
            .. png[..33],
            .. TestFiles.Chunk("iTXt", [.. "Comment\0\0\0\0\0"u8, .. secret]),
            .. TestFiles.Chunk("zTXt", [.. "Author\0\0"u8, .. secret]),
            .. TestFiles.Chunk("iCCP", [.. "icc\0\0"u8, .. secret]),
            .. TestFiles.Chunk("vpAg", secret),
            .. png[33..],
        ];
        var cleaned = await CleanAsync(planted, PngCleaner.CleanAsync);
        Assert.Equal(png, cleaned);
    }

    /// <summary>The 16×16 PNG's chunks: IHDR (8..33), two IDATs (33..^12), IEND (the last 12 bytes).</summary>
    private static (byte[] Head, byte[] Picture) PngParts()
    {
        var png = TestFiles.Png;
        return (png[..33], png[33..^12]);
    }

    [Fact]
    public async Task A_PNG_whose_picture_data_or_palette_CRC_is_wrong_is_kept_with_a_CRC_written_afresh()
    {
        var damaged = TestFiles.Png;
        damaged[^20] ^= 1;
        var cleaned = await CleanAsync(damaged, PngCleaner.CleanAsync);
        Assert.Equal(["IHDR", "IDAT", "IDAT", "IEND"], MediaStructure.Png(cleaned));
        // The bytes that arrived are kept, as the reporter's browser shows them; only the CRC is new.
        Assert.Equal(damaged[..^16], cleaned[..^16]);
        Assert.NotEqual(damaged[^16..^12], cleaned[^16..^12]);
        Assert.Equal(PngCleaner.Damage.Forgiven, PngCleaner.WrongCrc("PLTE"));
        Assert.Equal(PngCleaner.Damage.Forgiven, PngCleaner.WrongCrc("fdAT"));
    }

    [Fact]
    public async Task A_damaged_PNG_header_is_refused_and_a_damaged_ancillary_chunk_is_left_out()
    {
        var header = TestFiles.Png;
        header[20] ^= 1;
        var refused = await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync(header, PngCleaner.CleanAsync)
        );
        Assert.Contains("IHDR", refused.Message, StringComparison.Ordinal);

        var (head, picture) = PngParts();
        var gamma = TestFiles.Chunk("gAMA", [0, 0, 0xB1, 0x8F]);
        gamma[^1] ^= 1;
        var cleaned = await CleanAsync([.. head, .. gamma, .. picture, .. TestFiles.Png[^12..]], PngCleaner.CleanAsync);
        Assert.Equal(TestFiles.Png, cleaned);
    }

    [Fact]
    public async Task A_PNG_that_stops_making_sense_after_its_picture_ends_there_and_nothing_after_it_is_kept()
    {
        var (head, picture) = PngParts();
        // What a hand-typed PNG looks like when a chunk's length is off by three: the IEND that follows is cut short.
        byte[] broken =
        [
            .. head,
            .. picture,
            .. "\0IEND"u8,
            .. TestFiles.Chunk("tEXt", [.. "Comment\0"u8, .. TestMedia.SecretBytes]),
        ];
        var cleaned = await CleanAsync(broken, PngCleaner.CleanAsync);
        Assert.Equal(TestFiles.Png, cleaned);
        Assert.False(TestFiles.Contains(cleaned, TestMedia.SecretBytes));

        // A hand-typed 1×1 PNG whose IDAT says 13 bytes, so its CRC is read from the wrong place and IEND is cut
        // short; Chromium shows it as a 1×1 picture, so it is taken: IHDR, the IDAT as it came, a fresh IEND.
        var typed = Convert.FromHexString(
            "89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D49444154789C63F80F0000"
                + "0101000518D84E0000000049454E44AE426082"
        );
        var taken = await CleanAsync(typed, PngCleaner.CleanAsync);
        Assert.Equal(["IHDR", "IDAT", "IEND"], MediaStructure.Png(taken));
        Assert.Equal(typed[..(33 + 8 + 13)], taken[..(33 + 8 + 13)]);

        // The file simply ends after the picture, with no IEND: IEND is written here.
        Assert.Equal(TestFiles.Png, await CleanAsync([.. head, .. picture], PngCleaner.CleanAsync));
    }

    [Fact]
    public async Task A_PNG_without_whole_picture_data_is_still_refused()
    {
        var (head, picture) = PngParts();
        // Nothing to draw before the structure breaks.
        await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync([.. head, .. "\0\0\0\u0001?!#$"u8, .. picture], PngCleaner.CleanAsync)
        );
        // The picture data cut off by the end of the file: the output would be cut too.
        await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync([.. head, .. picture[..^10]], PngCleaner.CleanAsync)
        );
        // A palette longer than a palette can be.
        await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync([.. head, .. TestFiles.Chunk("PLTE", new byte[1200]), .. picture], PngCleaner.CleanAsync)
        );
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_HEIC_keeps_its_picture_and_alpha_plane_and_loses_EXIF_XMP_thumbnail_depth_names_and_profile(
        bool grid
    )
    {
        var heic = TestMedia.PhoneHeic(grid);
        var before = MediaStructure.Iso(heic);

        var cleaned = await CleanAsync(heic, (source, output, token) =>
            IsoMediaCleaner.CleanAsync(source, output, isHeif: true, token)
        );

        Assert.True(TestFiles.Contains(heic, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.GpsLatitudeBytes));
        var after = MediaStructure.Iso(cleaned);
        Assert.Equal(["ftyp", "meta", "mdat"], after.TopLevel);
        uint[] kept = grid ? [1, 5, 7, 8] : [1, 5];
        Assert.Equal(kept, after.Items.Keys.Order());
        foreach (var id in kept)
        {
            Assert.Equal(before.Items[id].Type, after.Items[id].Type);
            Assert.Equal(before.Items[id].Data, after.Items[id].Data);
        }

        Assert.Equal(1u, after.Primary);
        Assert.DoesNotContain(after.Paths, p =>
            p.EndsWith("/idat", StringComparison.Ordinal) || p.EndsWith("/colr", StringComparison.Ordinal)
        );
        Assert.Contains("meta/iprp/ipco/irot", after.Paths);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_video_keeps_its_picture_and_sound_and_loses_every_other_track_box_and_hidden_byte(
        bool movieFirst
    )
    {
        var video = TestMedia.PhoneVideo(movieFirst);
        var before = MediaStructure.Iso(video);

        var cleaned = await CleanAsync(video, (source, output, token) =>
            IsoMediaCleaner.CleanAsync(source, output, isHeif: false, token)
        );

        Assert.True(TestFiles.Contains(video, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, "JeboSecretCam"));
        Assert.False(TestFiles.Contains(cleaned, TestMedia.CreationTime));
        var after = MediaStructure.Iso(cleaned);
        Assert.Equal(["ftyp", "moov", "mdat"], after.TopLevel);
        Assert.Equal(["vide", "soun"], after.Tracks.Select(t => t.Handler));
        Assert.Equal(
            before.Tracks.Where(t => t.Handler is "vide" or "soun").Select(t => t.Samples),
            after.Tracks.Select(t => t.Samples)
        );
        Assert.DoesNotContain(after.Paths, p =>
            p.Contains("udta", StringComparison.Ordinal)
            || p.Contains("meta", StringComparison.Ordinal)
            || p.Contains("tref", StringComparison.Ordinal)
            || p.EndsWith("/colr", StringComparison.Ordinal)
        );
        // The media box holds the kept samples and nothing else.
        Assert.Equal(
            after.Tracks.Sum(t => t.Samples.Sum(s => s.Length)) + 8,
            cleaned.Length - cleaned.AsSpan().IndexOf("mdat"u8) + 4
        );
    }

    [Fact]
    public async Task A_trailer_after_the_last_box_is_left_behind_as_Samsung_phones_write_it()
    {
        byte[] video =
        [
            .. TestMedia.PhoneVideo(movieFirst: false),
            .. "SEFH"u8,
            1,
            0,
            0,
            0,
            .. TestMedia.Planted("SEF location "),
            .. "SEFT"u8,
        ];

        var cleaned = await CleanAsync(video, (source, output, token) =>
            IsoMediaCleaner.CleanAsync(source, output, isHeif: false, token)
        );

        Assert.False(TestFiles.Contains(cleaned, TestMedia.SecretBytes));
        Assert.Equal(["vide", "soun"], MediaStructure.Iso(cleaned).Tracks.Select(t => t.Handler));
    }

    [Fact]
    public async Task Fragmented_encrypted_and_externally_stored_recordings_are_refused()
    {
        var video = TestMedia.PhoneVideo();
        byte[] fragmented = [.. video, .. TestMedia.Box("moof", TestMedia.FullBox("mfhd", 0, 0, TestMedia.U32(1)))];
        var encrypted = Replace(video, "Xcam"u8, "sinf"u8);
        var external = Replace(video, [0, 0, 0, 12, .. "url "u8, 0, 0, 0, 1], [0, 0, 0, 12, .. "url "u8, 0, 0, 0, 0]);

        foreach (var file in new[] { fragmented, encrypted, external })
        {
            await Assert.ThrowsAsync<UncleanableFileException>(() =>
                CleanAsync(file, (source, output, token) =>
                    IsoMediaCleaner.CleanAsync(source, output, isHeif: false, token)
                )
            );
        }
    }

    [Fact]
    public async Task A_GIF_keeps_its_frames_and_looping_and_loses_comments_text_and_XMP()
    {
        var gif = TestMedia.GifWithMetadata();
        var cleaned = await CleanAsync(gif, GifCleaner.CleanAsync);

        Assert.True(TestFiles.Contains(gif, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, TestMedia.SecretBytes));
        Assert.Equal(["NETSCAPE2.0", "F9", "frame", "F9", "frame"], MediaStructure.Gif(cleaned));
    }

    [Fact]
    public async Task A_WebP_keeps_its_picture_and_loses_EXIF_XMP_ICC_and_unknown_chunks()
    {
        var webp = TestMedia.WebpWithMetadata();
        var cleaned = await CleanAsync(webp, WebpCleaner.CleanAsync);

        Assert.True(TestFiles.Contains(webp, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, TestMedia.SecretBytes));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.GpsLatitudeBytes));
        Assert.Equal(["VP8X", "VP8L"], MediaStructure.Webp(cleaned));
    }

    [Theory]
    [InlineData("jpeg", AttachmentKind.Jpeg)]
    [InlineData("png", AttachmentKind.Png)]
    [InlineData("gif", AttachmentKind.Gif)]
    [InlineData("webp", AttachmentKind.WebP)]
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
            "gif" => TestMedia.GifWithMetadata(),
            "webp" => TestMedia.WebpWithMetadata(),
            "pdf" => "%PDF-1.7\n%\u00e2\u00e3"u8.ToArray(),
            "text" => "조직폭력배가 시장 상인들에게 보호비를 요구합니다.\n"u8.ToArray(),
            "heic" => TestMedia.Ftyp("heic"),
            "mov" => TestMedia.Ftyp("qt  "),
            _ => TestMedia.Ftyp("M4A "),
        };
        Assert.Equal(kind, AttachmentType.Recognise(head));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 })]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 })]
    public void Executables_archives_and_other_kinds_are_not_recognised(byte[] head) =>
        Assert.Null(AttachmentType.Recognise(head));

    [Fact]
    public void File_names_are_reduced_to_a_plain_name() =>
        Assert.Equal("photo.jpg", AttachmentIntake.SafeName("C:\\Users\\me\\..\\photo.jpg"));

    private static async Task<byte[]> CleanAsync(byte[] input, Func<ByteSource, Stream, CancellationToken, Task> clean)
    {
        using var output = new MemoryStream();
        // A stream that hands out a few bytes at a time, as a slow upload does.
        await clean(
            new ByteSource(new TricklingStream(input), ReadOnlyMemory<byte>.Empty),
            output,
            CancellationToken.None
        );
        return output.ToArray();
    }

    private static byte[] ScanOf(byte[] jpeg)
    {
        var at = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        var end = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]);
        return jpeg[at..(end + 2)];
    }

    private static byte[] Segment(byte marker, byte[] payload) =>
        [0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];

    /// <summary>A little-endian TIFF block: IFD0 with the orientation, a pointer to a second directory (the
    /// thumbnail's) and the thumbnail's bytes, which carry <paramref name="secret"/>.</summary>
    private static byte[] ExifWithOrientationAndThumbnail(int orientation, byte[] secret)
    {
        byte[] tiff =
        [
            .. "II"u8,
            42,
            0,
            8,
            0,
            0,
            0,
            1,
            0,
            0x12,
            0x01,
            3,
            0,
            1,
            0,
            0,
            0,
            (byte)orientation,
            0,
            0,
            0,
            26,
            0,
            0,
            0,
        ];
        byte[] thumbnail =
        [
            2,
            0,
            0x01,
            0x02,
            4,
            0,
            1,
            0,
            0,
            0,
            56,
            0,
            0,
            0,
            0x02,
            0x02,
            4,
            0,
            1,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
        ];
        return [.. tiff, .. thumbnail, 0xFF, 0xD8, .. secret, 0xFF, 0xD9];
    }

    private static byte[] Replace(byte[] data, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        var copy = data.ToArray();
        var at = copy.AsSpan().IndexOf(from);
        Assert.True(at >= 0);
        to.CopyTo(copy.AsSpan(at));
        return copy;
    }

    /// <summary>Gives out at most 7 bytes per read, to exercise every boundary a slow upload can cut at.</summary>
    private sealed class TricklingStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(7, buffer.Length)], cancellationToken);
    }
}
