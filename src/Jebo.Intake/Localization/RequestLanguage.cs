using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Jebo.Intake.Localization;

/// <summary>The language a request is answered in: <c>ko</c>, <c>en</c> or <c>zh</c> (Korean by default), and the
/// culture each of them is written in.</summary>
public static class RequestLanguage
{
    public const string Korean = "ko";
    public const string English = "en";
    public const string Chinese = "zh";

    /// <summary>The languages Jebo speaks, in the order the language switcher shows them.</summary>
    public static readonly IReadOnlyList<string> All = [Korean, English, Chinese];

    private static readonly CultureInfo KoreanCulture = CultureInfo.GetCultureInfo("ko");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo ChineseCulture = CultureInfo.GetCultureInfo("zh-Hans");

    public static string Of(HttpContext context) =>
        FromCultureName(context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name) ?? Korean;

    /// <summary>Maps a language tag (<c>en-GB</c>, <c>zh-CN</c>, <c>ko-KR</c>, <c>zh</c>) to one of ours, or
    /// null.</summary>
    public static string? FromCultureName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var primary = name.Split('-', '_')[0].ToLowerInvariant();
        return primary switch
        {
            Korean => Korean,
            English => English,
            Chinese => Chinese,
            _ => null,
        };
    }

    /// <summary>The culture texts and dates of a language are written in; Chinese is Simplified Chinese.</summary>
    public static CultureInfo Culture(string language) =>
        language switch
        {
            English => EnglishCulture,
            Chinese => ChineseCulture,
            _ => KoreanCulture,
        };

    /// <summary>The value of <c>&lt;html lang&gt;</c> and <c>hreflang</c>: a BCP 47 tag.</summary>
    public static string Tag(string language) => language == Chinese ? "zh-Hans" : language;

    /// <summary>The language's own name, for the switcher.</summary>
    public static string NativeName(string language) =>
        language switch
        {
            English => "English",
            Chinese => "中文",
            _ => "한국어",
        };
}
