using Jebo.Intake.Attachments;
using Jebo.Intake.Attachments.Cleaning;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Attachments;

/// <summary>Properties every cleaner keeps, over many generated files: the output is a valid file of its kind (checked
/// by <see cref="MediaStructure"/>, written apart from the cleaners), cleaning it again changes nothing, nothing
/// planted survives; and over damaged and mutated files: a file is cleaned or refused, never anything else.</summary>
public sealed class CleanerPropertyTests
{
    private static readonly int[] Frames = [1, 4, 9];
    private static readonly int[] PerChunk = [1, 3];
    private static readonly bool[] Flags = [false, true];

    public static TheoryData<string> Kinds =>
        ["jpeg", "png", "gif", "webp", "heic", "heic-grid", "video", "video-last"];

    /// <summary>Generated variations of each kind: recordings with every combination of layout, offset width, header
    /// version and chunking; pictures as built.</summary>
    private static IEnumerable<(AttachmentKind Kind, byte[] File)> Variations(string kind) =>
        kind switch
        {
            "jpeg" => [(AttachmentKind.Jpeg, TestFiles.JpegWithGps()), (AttachmentKind.Jpeg, TestFiles.Jpeg)],
            "png" => [(AttachmentKind.Png, TestFiles.PngWithMetadata()), (AttachmentKind.Png, TestFiles.Png)],
            "gif" => [(AttachmentKind.Gif, TestMedia.GifWithMetadata())],
            "webp" => [(AttachmentKind.WebP, TestMedia.WebpWithMetadata())],
            "heic" => [(AttachmentKind.Heif, TestMedia.PhoneHeic())],
            "heic-grid" => [(AttachmentKind.Heif, TestMedia.PhoneHeic(grid: true))],
            _ => Videos(kind == "video"),
        };

    private static IEnumerable<(AttachmentKind Kind, byte[] File)> Videos(bool mp4)
    {
        var videos =
            from frames in Frames
            from perChunk in PerChunk
            from wide in Flags
            from version1 in Flags
            select (AttachmentKind.Video, TestMedia.PhoneVideo(mp4, frames, perChunk, wide, version1));
        return videos;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_cleaned_file_is_valid_of_its_kind_holds_nothing_planted_and_is_unchanged_by_a_second_cleaning(
        string kind
    )
    {
        foreach (var (type, file) in Variations(kind))
        {
            var once = await CleanAsync(type, file);
            var twice = await CleanAsync(type, once);

            Assert.Equal(type, AttachmentType.Recognise(once));
            Validate(type, once);
            Assert.Equal(once, twice);
            Assert.False(TestFiles.Contains(once, TestMedia.SecretBytes));
            Assert.False(TestFiles.Contains(once, TestFiles.GpsLatitudeBytes));
            Assert.False(TestFiles.Contains(once, TestFiles.SecretMake));
        }
    }

    /// <remarks>300 rounds per kind; a longer run: <c>JEBO_MUTATION_ROUNDS=20000 dotnet test tests/Jebo.Intake.Tests
    /// --filter "FullyQualifiedName~CleanerPropertyTests"</c>.</remarks>
    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_damaged_or_mutated_file_is_cleaned_into_a_valid_file_or_refused_never_anything_else(string kind)
    {
        var random = new Random(kind.Length * 7919);
        var (type, file) = Variations(kind).First();
        var accepted = 0;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("JEBO_MUTATION_ROUNDS"), out var asked)
            ? asked
            : 300;
        for (var round = 0; round < rounds; round++)
        {
            var mutated = file.ToArray();
            switch (round % 3)
            {
                case 0:
                    mutated = mutated[..random.Next(mutated.Length)];
                    break;
                case 1:
                    for (var n = random.Next(1, 8); n > 0; n--)
                    {
                        mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                    }

                    break;
                default:
                    // A length or count field set to an extreme value.
                    var at = random.Next(mutated.Length - 4);
                    new[] { 0xFF, 0xFF, 0xFF, random.Next(256) }.Select(b => (byte)b).ToArray().CopyTo(mutated, at);
                    break;
            }

            byte[] cleaned;
            try
            {
                cleaned = await CleanAsync(type, mutated);
            }
            catch (Exception e) when (AttachmentCleaners.IsRefusal(e))
            {
                continue;
            }

            // Accepted: then it must be a well-formed file and clean to itself.
            if (type is not (AttachmentKind.Gif or AttachmentKind.Jpeg))
            {
                Validate(type, cleaned);
            }

            Assert.Equal(cleaned, await CleanAsync(type, cleaned));
            accepted++;
        }

        // Changes inside the picture or sound data still clean: the rounds were not all refused at the first byte.
        Assert.InRange(accepted, 1, rounds - 1);
    }

    private static void Validate(AttachmentKind kind, byte[] file)
    {
        switch (kind)
        {
            case AttachmentKind.Jpeg:
                MediaStructure.Jpeg(file);
                break;
            case AttachmentKind.Png:
                MediaStructure.Png(file);
                break;
            case AttachmentKind.Gif:
                MediaStructure.Gif(file);
                break;
            case AttachmentKind.WebP:
                MediaStructure.Webp(file);
                break;
            default:
                var iso = MediaStructure.Iso(file);
                Assert.True(iso.Tracks.Count > 0 || iso.Items.Count > 0);
                break;
        }
    }

    private static async Task<byte[]> CleanAsync(AttachmentKind kind, byte[] file)
    {
        using var output = new MemoryStream();
        await AttachmentCleaners.CleanAsync(
            kind,
            new ByteSource(new MemoryStream(file), ReadOnlyMemory<byte>.Empty),
            output,
            TestContext.Current.CancellationToken
        );
        return output.ToArray();
    }
}
