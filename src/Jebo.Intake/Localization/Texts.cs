using System.Resources;

namespace Jebo.Intake.Localization;

/// <summary>Every word the public sees, in Korean (the neutral resources), English and Simplified Chinese:
/// <c>Texts.resx</c>, <c>Texts.en.resx</c>, <c>Texts.zh-Hans.resx</c> beside this file. Pages read them through
/// <c>IStringLocalizer&lt;Texts&gt;</c>; code that answers the API reads them through <see cref="Get"/>.</summary>
public sealed class Texts
{
    private static readonly ResourceManager Resources = new("Jebo.Intake.Localization.Texts", typeof(Texts).Assembly);

    private Texts() { }

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/> (<c>ko</c>, <c>en</c>, <c>zh</c>);
    /// the key itself when missing, so a gap shows up on the page rather than as an error (a test checks there is
    /// none).</summary>
    public static string Get(string key, string language) =>
        Resources.GetString(key, RequestLanguage.Culture(language)) ?? key;

    public static string Format(string key, string language, params object[] args) =>
        string.Format(RequestLanguage.Culture(language), Get(key, language), args);

    /// <summary>Every key of the neutral (Korean) resources, for the completeness test.</summary>
    public static IEnumerable<string> Keys()
    {
        var set = Resources.GetResourceSet(RequestLanguage.Culture(RequestLanguage.Korean), true, true)
            ?? throw new InvalidOperationException("Texts resources are missing from the build");
        return set.Cast<System.Collections.DictionaryEntry>()
            .Select(e => (string)e.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The keys a language has its own text for (not falling back to Korean).</summary>
    public static IEnumerable<string> KeysOwnedBy(string language)
    {
        var set = Resources.GetResourceSet(RequestLanguage.Culture(language), true, false);
        return set is null ? [] : set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToList();
    }
}
