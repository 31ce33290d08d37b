using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Jebo.Intake.Localization;

/// <summary>The language a request is answered in: <c>ko</c>, <c>en</c> or <c>zh</c> (Korean by default).</summary>
public static class RequestLanguage
{
    public static readonly string[] Supported = ["ko", "en", "zh"];

    /// <summary><c>?lang=</c> first, then the language cookie, then Accept-Language; Korean when none matches.</summary>
    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Supported[0])
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;
        options.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    public static string Of(HttpContext context)
    {
        var culture = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name;
        return culture switch
        {
            null => "ko",
            _ when culture.StartsWith("en", StringComparison.Ordinal) => "en",
            _ when culture.StartsWith("zh", StringComparison.Ordinal) => "zh",
            _ => "ko",
        };
    }
}
