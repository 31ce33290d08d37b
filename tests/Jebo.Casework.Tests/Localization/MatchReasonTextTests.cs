using System.Globalization;
using System.Text.RegularExpressions;
using Jebo.Casework.Localization;
using Jebo.Screening.Entities;
using Jebo.Screening.Similarity;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Localization;

/// <summary>Every reason the related-clue scoring gives (<see cref="ClueScoring.Codes"/>) reads in the clerk's language
/// on the case page and the queue, with its values (issue 17 item 3).</summary>
public sealed partial class MatchReasonTextTests
{
    private static IEnumerable<string> EveryCode() =>
        Enum.GetValues<EntityKind>()
            .Select(ClueScoring.Codes.Same)
            .Concat([
                ClueScoring.Codes.SharedWording,
                ClueScoring.Codes.NearCopy,
                ClueScoring.Codes.OtherGang,
                ClueScoring.Codes.OtherPlace,
                ClueScoring.Codes.OtherVenue,
            ]);

    [Theory]
    [InlineData("ko")]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task Every_code_reads_in_the_language_with_its_values(string language)
    {
        await using var platform = await TestPlatform.StartAsync();
        var names = platform.CaseworkApp.Services.GetRequiredService<StaffNames>();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            foreach (var code in EveryCode())
            {
                var shown = names.MatchReason(new MatchReason(code, ["꼴망파", "41"]));
                Assert.DoesNotContain(code, shown, StringComparison.Ordinal);
                Assert.Contains("꼴망파", shown, StringComparison.Ordinal);
                Assert.Contains("41", shown, StringComparison.Ordinal);
                if (language != "en")
                {
                    // The values are Hangul here, so the wording must bring the language's own letters.
                    var words = shown.Replace("꼴망파", "", StringComparison.Ordinal);
                    Assert.DoesNotMatch(EnglishWord(), words);
                    Assert.Matches(language == "ko" ? Hangul() : Han(), words);
                }
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        Assert.Equal("같은 조직 꼴망파", Korean(names, new MatchReason("same-gang", ["꼴망파"])));
        Assert.Equal("표현 41% 공유", Korean(names, new MatchReason("shared-wording", ["41"])));
    }

    [Fact]
    public async Task A_code_with_no_text_is_shown_as_stored()
    {
        await using var platform = await TestPlatform.StartAsync();
        var names = platform.CaseworkApp.Services.GetRequiredService<StaffNames>();
        Assert.Equal("same-galaxy a, b", names.MatchReason(new MatchReason("same-galaxy", ["a", "b"])));
    }

    private static string Korean(StaffNames names, MatchReason reason)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("ko");
        try
        {
            return names.MatchReason(reason);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex EnglishWord();

    [GeneratedRegex(@"\p{IsHangulSyllables}")]
    private static partial Regex Hangul();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
