using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Jebo.Casework.Localization;

/// <summary>The language the staff pages and the API speak: <c>ko</c> (default), <c>en</c> or <c>zh</c>, chosen by
/// <c>?lang=</c> (remembered in a cookie), then that cookie, then Accept-Language; an API request that names none reads
/// English.</summary>
public static class StaffLanguage
{
    public static readonly string[] Supported = ["ko", "en", "zh"];

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
            // A program that names no language reads the API in English; a person's pages default to Korean.
            new CustomRequestCultureProvider(context =>
                Task.FromResult(
                    context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                        ? new ProviderCultureResult("en")
                        : null
                )
            ),
        ];
        return options;
    }

    /// <summary>Localises the request and, when <c>?lang=</c> names a language, keeps the choice in a cookie.</summary>
    public static IApplicationBuilder UseStaffLanguage(this IApplicationBuilder app)
    {
        app.UseRequestLocalization(Options());
        return app.Use(
            (context, next) =>
            {
                if (context.Request.Query["lang"].ToString() is { Length: > 0 } lang && Supported.Contains(lang))
                {
                    context.Response.Cookies.Append(
                        CookieRequestCultureProvider.DefaultCookieName,
                        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang)),
                        new CookieOptions
                        {
                            HttpOnly = true,
                            SameSite = SameSiteMode.Strict,
                            IsEssential = true,
                            MaxAge = TimeSpan.FromDays(365),
                        }
                    );
                }

                return next(context);
            }
        );
    }

    /// <summary>The current language code.</summary>
    public static string Current =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch
        {
            "en" => "en",
            "zh" => "zh",
            _ => "ko",
        };
}
