using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Localization;

/// <summary>Chooses each request's language: <c>?lang=</c>, then the language cookie, then <c>Accept-Language</c>,
/// else Korean (CONTRACT.md). A <c>?lang=</c> choice is remembered in the cookie, so a form posted after switching
/// keeps its language without JavaScript.</summary>
public static class LanguageSelection
{
    public const string QueryName = "lang";
    public const string CookieName = "jebo-lang";

    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = RequestLanguage.All.Select(RequestLanguage.Culture).ToList();
            options.DefaultRequestCulture = new RequestCulture(RequestLanguage.Culture(RequestLanguage.Korean));
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders =
            [
                new LanguageQueryProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageProvider(),
            ];
        });
        return services;
    }

    public static IApplicationBuilder UseLanguages(this IApplicationBuilder app)
    {
        app.UseRequestLocalization();
        app.Use(
            (context, next) =>
            {
                if (RequestLanguage.FromCultureName(context.Request.Query[QueryName].ToString()) is { } chosen)
                {
                    var culture = new RequestCulture(RequestLanguage.Culture(chosen));
                    context.Response.Cookies.Append(
                        CookieName,
                        CookieRequestCultureProvider.MakeCookieValue(culture),
                        new CookieOptions
                        {
                            // A preference, not an identifier: the same value for everyone who reads the same language.
                            HttpOnly = true,
                            Secure = context.Request.IsHttps,
                            SameSite = SameSiteMode.Lax,
                            MaxAge = TimeSpan.FromDays(365),
                            IsEssential = true,
                            Path = "/",
                        }
                    );
                }

                return next(context);
            }
        );
        return app;
    }

    /// <summary><c>?lang=ko|en|zh</c> (any region suffix is ignored).</summary>
    private sealed class LanguageQueryProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var language = RequestLanguage.FromCultureName(httpContext.Request.Query[QueryName].ToString());
            return Task.FromResult(
                language is null ? null : new ProviderCultureResult(RequestLanguage.Culture(language).Name)
            );
        }
    }

    /// <summary><c>Accept-Language</c> by quality, mapping every Chinese variant to Simplified Chinese, the one we have
    /// (a Traditional Chinese reader is better served by it than by Korean).</summary>
    private sealed class AcceptLanguageProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var languages = httpContext.Request.GetTypedHeaders().AcceptLanguage;
            var best = languages
                .Where(l => l.Quality is not 0)
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => RequestLanguage.FromCultureName(l.Value.Value))
                .FirstOrDefault(l => l is not null);
            return Task.FromResult(best is null ? null : new ProviderCultureResult(RequestLanguage.Culture(best).Name));
        }
    }
}
