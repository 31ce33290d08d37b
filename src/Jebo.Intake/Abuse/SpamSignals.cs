using System.Text;
using System.Text.RegularExpressions;
using Jebo.Intake.Validation;
using Jebo.Screening.Normalization;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.Abuse;

/// <summary>What the cheap spam checks found: field errors that refuse the report, and marks that travel with
/// it.</summary>
public sealed record SpamVerdict(FieldErrors Refusal, IReadOnlyList<string> Marks);

/// <summary>Cheap signals read at intake, while the report is still readable: a filled honeypot field, empty or
/// boilerplate text, floods of links, long runs of one character.</summary>
/// <remarks>Security: only text that cannot be a clue at all is refused (nothing but punctuation, "test", keyboard
/// mashing of one or two characters), and the reporter is told why. Everything else that merely looks like spam is
/// kept and marked — <c>honeypot</c>, <c>links:N</c>, <c>repeated-characters:N</c> — because losing a real clue is
/// the worst failure; the marks travel sealed to casework and are shown in the case.</remarks>
public static partial class SpamSignals
{
    /// <summary>The form's hidden field, and the JSON field of the same name: people never fill it, naive robots
    /// do.</summary>
    public const string HoneypotField = "website";

    /// <summary>Whole descriptions that are tests or filler, never clues (compared after normalisation).</summary>
    private static readonly HashSet<string> Boilerplate = new(StringComparer.Ordinal)
    {
        "test",
        "testing",
        "test test",
        "this is a test",
        "asdf",
        "asdfasdf",
        "asdfgh",
        "qwerty",
        "qwer",
        "hello",
        "hello world",
        "hi",
        "abc",
        "abcd",
        "1234",
        "12345",
        "123456",
        "lorem ipsum",
        "lorem ipsum dolor sit amet",
        "n a",
        "na",
        "none",
        "nothing",
        "테스트",
        "테스트입니다",
        "시험",
        "시험입니다",
        "안녕",
        "안녕하세요",
        "ㅁㄴㅇㄹ",
        "ㅂㅈㄷㄱ",
        "없음",
        "없습니다",
        "내용",
        "내용없음",
        "测试",
        "测试一下",
        "你好",
        "无",
        "没有",
    };

    public static SpamVerdict Read(ReportContent report, string? honeypot, AbuseSettings settings)
    {
        var refusal = new FieldErrors();
        var description = TextNormalizer.Normalize(report.Facts?.Description);
        if (!string.IsNullOrWhiteSpace(report.Facts?.Description) && IsEmptyOrBoilerplate(description))
        {
            refusal.Add("facts.description", ValidationCode.NoClue);
        }

        var marks = new List<string>();
        if (!string.IsNullOrWhiteSpace(honeypot))
        {
            marks.Add("honeypot");
        }

        var texts = TextsOf(report).ToList();
        var links = texts.Sum(t => Links().Count(t));
        if (links >= settings.LinksMark)
        {
            marks.Add($"links:{links}");
        }

        var run = texts.Max(LongestRun);
        if (run >= settings.RepeatedCharactersMark)
        {
            marks.Add($"repeated-characters:{run}");
        }

        return new SpamVerdict(refusal, marks);
    }

    /// <summary>True when normalised text holds no clue: nothing left, at most two distinct characters, or a known
    /// test or filler phrase.</summary>
    public static bool IsEmptyOrBoilerplate(string normalized)
    {
        var letters = normalized.Replace(" ", "", StringComparison.Ordinal);
        if (letters.EnumerateRunes().Distinct().Count() <= 2)
        {
            return true;
        }

        return Boilerplate.Contains(normalized);
    }

    /// <summary>The longest run of one character (white space excluded) in a text.</summary>
    public static int LongestRun(string text)
    {
        var longest = 0;
        var run = 0;
        var last = default(Rune);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }

            run = rune == last ? run + 1 : 1;
            last = rune;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static IEnumerable<string> TextsOf(ReportContent report)
    {
        yield return report.Facts?.Description ?? "";
        yield return report.Facts?.When ?? "";
        yield return report.Facts?.Where ?? "";
        foreach (var subject in report.Subjects ?? [])
        {
            yield return subject?.Name ?? "";
            yield return subject?.Alias ?? "";
            yield return subject?.Organization ?? "";
            yield return subject?.Description ?? "";
        }

        foreach (var official in report.Officials ?? [])
        {
            yield return official?.Name ?? "";
            yield return official?.Position ?? "";
            yield return official?.Organization ?? "";
            yield return official?.Description ?? "";
        }
    }

    [GeneratedRegex(
        @"https?://|www\.",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000
    )]
    private static partial Regex Links();
}
