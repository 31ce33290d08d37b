using Jebo.Intake.Attachments;
using Jebo.Intake.Attachments.Cleaning;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Attachments;

/// <summary>The seed corpus in <c>tests/corpus/attachments/</c> (the fuzzers start from it): each file is what these
/// generators build, is named in the README, and is cleaned (<c>ok-</c>) or refused (<c>refuse-</c>) as its name says.
/// Rewrite the folder with <c>JEBO_WRITE_CORPUS=1 dotnet test tests/Jebo.Intake.Tests --filter
/// AttachmentCorpus</c>.</summary>
public sealed class AttachmentCorpusTests
{
    private static IEnumerable<(string Name, byte[] Bytes)> Generated()
    {
        var png = TestFiles.Png;
        var damagedPng = png.ToArray();
        damagedPng[^20] ^= 1;
        var damagedHeader = png.ToArray();
        damagedHeader[20] ^= 1;
        return
        [
            ("ok-jpeg-exif-gps-xmp-comment.jpg", TestFiles.JpegWithGps()),
            ("ok-jpeg-plain.jpg", TestFiles.Jpeg),
            ("ok-png-text-exif-time.png", TestFiles.PngWithMetadata()),
            ("ok-gif-comment-plaintext-xmp-loop.gif", TestMedia.GifWithMetadata()),
            ("ok-webp-exif-xmp-icc-vendor.webp", TestMedia.WebpWithMetadata()),
            ("ok-heic-exif-xmp-thumbnail-depth-alpha.heic", TestMedia.PhoneHeic()),
            ("ok-heic-grid-of-two-tiles.heic", TestMedia.PhoneHeic(grid: true)),
            ("ok-mov-subtitle-text-gps-tracks-moov-first.mov", TestMedia.PhoneVideo(movieFirst: true, frames: 3)),
            ("ok-mov-subtitle-text-gps-tracks-moov-last.mov", TestMedia.PhoneVideo(movieFirst: false, frames: 3)),
            (
                "ok-mp4-co64-version1-headers.mp4",
                TestMedia.PhoneVideo(movieFirst: true, frames: 2, perChunk: 1, wideOffsets: true, version1: true)
            ),
            ("ok-mp4-large-tables-in-metadata-track.mp4", TestMedia.HugeTableVideo(400)),
            ("refuse-mp4-nested-2000-deep.mp4", TestMedia.NestedVideo(2000, ["trak", "mdia", "minf", "stbl"])),
            ("refuse-mp4-udta-nested-1000-deep.mp4", TestMedia.NestedVideo(1000, ["udta"])),
            (
                "refuse-mp4-fragmented.mp4",
                [
                    .. TestMedia.PhoneVideo(frames: 1),
                    .. TestMedia.Box("moof", TestMedia.FullBox("mfhd", 0, 0, TestMedia.U32(1))),
                ]
            ),
            ("ok-png-picture-data-crc-wrong.png", damagedPng),
            ("ok-png-ends-mid-chunk-after-picture.png", [.. png[..^12], .. "\0IEND"u8]),
            ("refuse-png-header-crc-wrong.png", damagedHeader),
            ("refuse-jpeg-cut-short.jpg", TestFiles.Jpeg[..^10]),
            ("refuse-gif-no-trailer.gif", TestMedia.GifWithMetadata()[..^30]),
        ];
    }

    private static string Folder() => Path.Combine(TestRepository.Root, "tests", "corpus", "attachments");

    [Fact]
    public async Task The_corpus_is_what_the_generators_build_and_the_README_names_every_file()
    {
        var folder = Folder();
        if (Environment.GetEnvironmentVariable("JEBO_WRITE_CORPUS") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in Generated())
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, TestContext.Current.CancellationToken);
            }
        }

        var readme = await File.ReadAllTextAsync(
            Path.Combine(folder, "README.md"),
            TestContext.Current.CancellationToken
        );
        foreach (var (name, bytes) in Generated())
        {
            Assert.Equal(
                bytes,
                await File.ReadAllBytesAsync(Path.Combine(folder, name), TestContext.Current.CancellationToken)
            );
            Assert.Contains($"`{name}`", readme, StringComparison.Ordinal);
            Assert.InRange(bytes.Length, 1, 32 * 1024);
        }

        Assert.Equal(
            Generated().Select(g => g.Name).Order(StringComparer.Ordinal),
            Directory
                .GetFiles(folder)
                .Select(Path.GetFileName)
                .Where(n => n != "README.md")
                .Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task Every_corpus_file_is_cleaned_or_refused_as_its_name_says()
    {
        foreach (var file in Directory.GetFiles(Folder()).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            var kind = AttachmentType.Recognise(bytes.AsSpan(0, Math.Min(bytes.Length, AttachmentType.SniffLength)));
            Assert.NotNull(kind);
            using var output = new MemoryStream();
            Exception? refusal = null;
            try
            {
                await AttachmentCleaners.CleanAsync(
                    kind.Value,
                    new ByteSource(new MemoryStream(bytes), ReadOnlyMemory<byte>.Empty),
                    output,
                    TestContext.Current.CancellationToken
                );
            }
            catch (Exception e) when (AttachmentCleaners.IsRefusal(e))
            {
                refusal = e;
            }

            Assert.True(
                Path.GetFileName(file).StartsWith(refusal is null ? "ok-" : "refuse-", StringComparison.Ordinal),
                $"{file}: {refusal?.Message}"
            );
            Assert.False(TestFiles.Contains(output.ToArray(), TestMedia.SecretBytes), file);
        }
    }
}
