using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Web;

/// <summary>The staff zone's headers and cookies. The anonymous requests only read, so they share one platform per
/// database.</summary>
public sealed class SecurityHeadersTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    [Theory]
    [DatabaseProviders("/signin")]
    [DatabaseProviders("/cases")]
    [DatabaseProviders("/api/v1/cases")]
    [DatabaseProviders("/error/404")]
    [DatabaseProviders("/no-such-page")]
    [DatabaseProviders("/staff.css")]
    public async Task Every_answer_carries_the_strict_headers(string provider, string path)
    {
        var platform = await platforms.GetAsync(provider);
        var response = await platform.Casework.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Pages_hold_no_inline_script_or_style(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("looker", "national", Roles.Administrator);
        using var reader = new StaffBrowser(platform); // administrators read no case: the case list is a supervisor's
        await reader.SignInNewAccountAsync("reader", "national", Roles.Supervisor);
        foreach (
            var (who, page) in new[]
            {
                (reader, "/cases"),
                (browser, "/offices"),
                (browser, "/account/tokens"),
                (browser, "/admin/users"),
                (browser, "/pledge"),
                (browser, "/account/password"),
            }
        )
        {
            var html = await who.GetPageAsync(page);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Session_cookies_are_http_only_and_same_site_strict(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await Pages.PageTesting.AddUserAsync(platform, "cookies", "11", Roles.Screener);
        using var browser = new StaffBrowser(platform);
        var answer = await browser.SubmitAsync("/signin", ("login", "cookies"), ("password", password));
        var cookie = answer
            .Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("jebo-signin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/signin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
    }
}
