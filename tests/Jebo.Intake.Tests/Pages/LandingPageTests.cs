using System.Net;
using Jebo.Intake.Localization;
using Jebo.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Jebo.Intake.Tests.Pages;

/// <summary>Every public page, in every language, with the headers that keep reporters safe. The pages only read, so
/// the cases share one platform per database.</summary>
public sealed class LandingPageTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    /// <summary>Each page in each language, on each database (the PostgreSQL rows skipped, saying why, without a
    /// server).</summary>
    public static IEnumerable<TheoryDataRow<string, string, string, string>> PagesAndLanguages()
    {
        foreach (var provider in new[] { TestDatabases.Sqlite, TestDatabases.PostgreSql })
        {
            foreach (var language in RequestLanguage.All)
            {
                foreach (
                    var (path, titleKey) in new[]
                    {
                        ("/", "Home.Title"),
                        ("/report", "Report.Title"),
                        ("/status", "Status.Title"),
                        ("/poster", "Poster.Headline"),
                    }
                )
                {
                    yield return new TheoryDataRow<string, string, string, string>(provider, path, language, titleKey)
                    {
                        Skip =
                            provider == TestDatabases.PostgreSql && TestDatabases.PostgresAdmin is null
                                ? TestDatabases.SkipReason
                                : null,
                    };
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PagesAndLanguages))]
    public async Task Each_page_speaks_the_chosen_language_and_says_so_in_html_lang(
        string provider,
        string path,
        string language,
        string titleKey
    )
    {
        var platform = await platforms.GetAsync(provider);
        var response = await platform.Intake.GetAsync($"{path}?lang={language}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{RequestLanguage.Tag(language)}\">", html, StringComparison.Ordinal);
        Assert.Contains(
            System.Net.WebUtility.HtmlEncode(Texts.Get(titleKey, language)),
            html,
            StringComparison.Ordinal
        );
        foreach (var other in RequestLanguage.All.Where(l => l != language))
        {
            Assert.DoesNotContain(
                System.Net.WebUtility.HtmlEncode(Texts.Get(titleKey, other)),
                html,
                StringComparison.Ordinal
            );
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Without_lang_the_cookie_then_Accept_Language_choose_and_Korean_is_the_default(string provider)
    {
        var platform = await platforms.GetAsync(provider);
        Assert.Contains("<html lang=\"ko\">", await platform.Intake.GetStringAsync("/"), StringComparison.Ordinal);

        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-TW,zh;q=0.9,en;q=0.5");
        Assert.Contains(
            "<html lang=\"zh-Hans\">",
            await (await platform.Intake.SendAsync(chinese)).Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );

        var browser = platform.BrowserLikeClient();
        await browser.GetStringAsync("/?lang=en");
        using var korean = new HttpRequestMessage(HttpMethod.Get, "/status");
        korean.Headers.AcceptLanguage.ParseAdd("ko-KR");
        Assert.Contains(
            "<html lang=\"en\">",
            await (await browser.SendAsync(korean)).Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders("/")]
    [DatabaseProviders("/report")]
    [DatabaseProviders("/status")]
    [DatabaseProviders("/poster")]
    [DatabaseProviders("/api/v1/categories")]
    public async Task Pages_carry_strict_headers_and_are_never_stored(string provider, string path)
    {
        var platform = await platforms.GetAsync(provider);
        var response = await platform.Intake.GetAsync(path);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        // Served over plain HTTP here: HSTS is only sent over HTTPS, where it means something.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Over_HTTPS_browsers_are_told_to_use_nothing_else(string provider)
    {
        var platform = await platforms.GetAsync(provider);
        using var client = platform.IntakeApp.GetTestServer().CreateClient();
        client.BaseAddress = new Uri("https://localhost/");
        var response = await client.GetAsync("/report");
        Assert.StartsWith(
            "max-age=",
            response.Headers.GetValues("Strict-Transport-Security").Single(),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Pages_load_nothing_from_another_origin_and_no_inline_script_or_style(string provider)
    {
        var platform = await platforms.GetAsync(provider);
        foreach (var path in new[] { "/", "/report", "/status", "/poster" })
        {
            var html = await platform.Intake.GetStringAsync(path);
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
            Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [DatabaseProviders("/assets/site.css", "text/css")]
    [DatabaseProviders("/assets/portal.js", "text/javascript")]
    public async Task Assets_are_served_from_the_assembly_and_may_be_cached(string provider, string path, string type)
    {
        var platform = await platforms.GetAsync(provider);
        var response = await platform.Intake.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 500);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_QR_code_is_an_SVG_of_the_public_address_and_the_poster_shows_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--public-url", "https://jebo.example.kr/");
        var response = await platform.Intake.GetAsync("/qr.svg");
        var svg = await response.Content.ReadAsStringAsync();

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(
            "<svg",
            svg.TrimStart().Replace("<?xml", "<svg", StringComparison.Ordinal),
            StringComparison.Ordinal
        );
        Assert.Contains("<rect", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
        Assert.Contains(
            "https://jebo.example.kr/",
            await platform.Intake.GetStringAsync("/poster?lang=en"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Every_text_is_written_in_every_language()
    {
        var keys = Texts.Keys().ToList();
        Assert.True(keys.Count > 100);
        foreach (var language in new[] { RequestLanguage.English, RequestLanguage.Chinese })
        {
            var owned = Texts.KeysOwnedBy(language).ToHashSet();
            Assert.DoesNotContain(keys, k => !owned.Contains(k));
            Assert.All(owned, k => Assert.False(string.IsNullOrWhiteSpace(Texts.Get(k, language)), k));
        }

        // A few that must differ from Korean, to catch a language file that fell back unnoticed.
        Assert.NotEqual(Texts.Get("Report.Submit", "ko"), Texts.Get("Report.Submit", "en"));
        Assert.NotEqual(Texts.Get("Report.Submit", "ko"), Texts.Get("Report.Submit", "zh"));
    }

    [Fact]
    public void Every_validation_code_has_a_message_in_every_language()
    {
        foreach (var code in Enum.GetValues<Intake.Validation.ValidationCode>())
        {
            foreach (var language in RequestLanguage.All)
            {
                Assert.NotEqual("Validation." + code, Intake.Validation.ValidationMessages.For(code, language));
            }
        }
    }
}
