using System.Globalization;
using System.Resources;
using Jebo.Casework.Audit;
using Jebo.Casework.Localization;

namespace Jebo.Casework.Tests.Localization;

/// <summary>An alert's English message (kept in the alert log and on the trail) is the text an English-reading member
/// of staff sees: <see cref="AlertWords.EnglishTable"/> and <c>StaffText.en.resx</c> hold the same texts, and every
/// alert text has its Korean and Chinese too.</summary>
public sealed class AlertTextTests
{
    private static readonly ResourceManager Texts = new(
        "Jebo.Casework.Localization.StaffText",
        typeof(StaffText).Assembly
    );

    [Fact]
    public void The_english_table_equals_the_english_resources_and_each_text_is_translated()
    {
        Assert.NotEmpty(AlertWords.EnglishTable);
        foreach (var (key, english) in AlertWords.EnglishTable)
        {
            Assert.Equal(english, Texts.GetString(key, new CultureInfo("en")));
            var korean = Texts.GetString(key, new CultureInfo("ko"));
            var chinese = Texts.GetString(key, new CultureInfo("zh"));
            Assert.False(string.IsNullOrEmpty(korean), key);
            Assert.False(string.IsNullOrEmpty(chinese), key);
            Assert.NotEqual(english, korean);
            Assert.NotEqual(english, chinese);
            // The same places to fill, so no value of an alert is lost in a language.
            foreach (var place in Enumerable.Range(0, 6).Select(i => "{" + i + "}").Where(english.Contains))
            {
                Assert.Contains(place, korean, StringComparison.Ordinal);
                Assert.Contains(place, chinese, StringComparison.Ordinal);
            }
        }

        Assert.Equal(
            "bundle 7 was quarantined: bad signature",
            new AlertWords("AlertText.quarantined", "7", "bad signature").English
        );
    }
}
