using System.Diagnostics;
using Jebo.Intake.Attachments;
using Jebo.Intake.Attachments.Cleaning;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Attachments;

/// <summary>Every file the fuzzer found (tests/corpus/attachments/findings/&lt;kind&gt;/, see its NOTES.md and
/// docs/fuzzing.md), sent to the cleaner of its kind as an attacker would upload it: the cleaner refuses it, or cleans
/// it into a file that cleans again to the same bytes; it never throws anything else, never takes the process down, and
/// finishes in bounded time: 2 s plus 5 s per MiB, five times the fuzzing budget (a second per MiB) and far above what
/// a linear cleaner needs (milliseconds), far below what the findings took.</summary>
public sealed class AttachmentFindingTests
{
    private static TimeSpan Bound(long bytes) => TimeSpan.FromSeconds(2 + (5.0 * bytes / (1024 * 1024)));

    public static TheoryData<string, string> Findings()
    {
        var data = new TheoryData<string, string>();
        var root = FindingsFolder();
        if (!Directory.Exists(root))
        {
            return data;
        }

        foreach (
            var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        )
        {
            var kind = Path.GetFileName(Path.GetDirectoryName(file)!);
            if (Path.GetFileName(file) != "NOTES.md")
            {
                data.Add(kind, Path.GetRelativePath(root, file));
            }
        }

        return data;
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Findings))]
    public async Task A_file_the_fuzzer_found_is_refused_or_cleaned_for_good_in_bounded_time(string kind, string file)
    {
        Assert.True(
            Enum.TryParse<AttachmentKind>(kind, ignoreCase: true, out var attachmentKind),
            $"{kind} is not a kind of attachment"
        );
        var input = await File.ReadAllBytesAsync(
            Path.Combine(FindingsFolder(), file),
            TestContext.Current.CancellationToken
        );

        var bound = Bound(input.Length);
        using var timeout = new CancellationTokenSource(bound);
        var watch = Stopwatch.StartNew();
        var outcome = await Record.ExceptionAsync(async () =>
        {
            var cleaned = await CleanAsync(attachmentKind, input, timeout.Token);
            Assert.Equal(cleaned, await CleanAsync(attachmentKind, cleaned, timeout.Token));
        });

        Assert.True(
            watch.Elapsed < bound,
            $"{file} took {watch.Elapsed.TotalSeconds:F1} s, above {bound.TotalSeconds:F1} s"
        );
        Assert.True(outcome is null || AttachmentCleaners.IsRefusal(outcome), $"{file}: {outcome}");
    }

    /// <summary>As intake feeds a cleaner: the first bytes already read to recognise the file, the rest
    /// streamed.</summary>
    private static async Task<byte[]> CleanAsync(AttachmentKind kind, byte[] input, CancellationToken cancellationToken)
    {
        var head = Math.Min(input.Length, AttachmentType.SniffLength);
        using var rest = new MemoryStream(input, head, input.Length - head, writable: false);
        using var output = new MemoryStream();
        await AttachmentCleaners.CleanAsync(
            kind,
            new ByteSource(rest, input.AsMemory(0, head)),
            output,
            cancellationToken
        );
        return output.ToArray();
    }

    private static string FindingsFolder() =>
        Path.Combine(TestRepository.Root, "tests", "corpus", "attachments", "findings");
}
