using System.Globalization;
using System.Text.RegularExpressions;
using Jebo.Casework.Localization;
using Jebo.Screening.Scoring;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Localization;

/// <summary>The screener's reasons, stored in fixed English forms, read in the clerk's language on the case page
/// (issue 15 item 7).</summary>
public sealed partial class ScreeningReasonTextTests
{
    private static ScreeningResult ScreenEverything() =>
        Screener.Screen(
            new ScreeningInput(
                "부산 사하구 칠성파 조직원들이 재래시장 상인들에게 보호비를 걷고 불법 도박장을 운영합니다. "
                    + "돈은 010-3456-7890 번호와 농협 123-4567-8901-23 계좌로 받습니다.",
                "drugs",
                "26380",
                "매주 금요일 밤",
                "괴정동 시장",
                ["김철수"],
                ["칠성파"],
                1
            )
        );

    [Theory]
    [InlineData("ko")]
    [InlineData("zh")]
    public async Task Every_reason_the_screener_gives_reads_in_Korean_and_Chinese(string language)
    {
        await using var platform = await TestPlatform.StartAsync();
        var names = platform.CaseworkApp.Services.GetRequiredService<StaffNames>();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            var reasons = ScreenEverything().Reasons.Concat(Screener.Screen(Nothing()).Reasons).ToList();
            Assert.True(reasons.Count >= 9, string.Join(" | ", reasons));
            foreach (var reason in reasons)
            {
                var shown = names.ScreeningReason(reason);
                Assert.DoesNotMatch(EnglishWord(), shown);
                Assert.Matches(language == "ko" ? Hangul() : Han(), shown);
            }

            foreach (var topic in Screener.Topics)
            {
                var shown = names.ScreeningReason("scope: mentions " + topic);
                Assert.DoesNotMatch(EnglishWord(), shown);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task A_reason_in_no_known_form_is_shown_as_stored()
    {
        await using var platform = await TestPlatform.StartAsync();
        var names = platform.CaseworkApp.Services.GetRequiredService<StaffNames>();
        Assert.Equal("scope: something new", names.ScreeningReason("scope: something new"));
    }

    private static ScreeningInput Nothing() => new("짧은 글", null, null, null, null, [], [], 0);

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex EnglishWord();

    [GeneratedRegex(@"\p{IsHangulSyllables}")]
    private static partial Regex Hangul();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
