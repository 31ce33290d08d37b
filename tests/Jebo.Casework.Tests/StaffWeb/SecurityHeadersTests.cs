using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.StaffWeb;

public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/cases")]
    [InlineData("/api/v1/cases")]
    [InlineData("/error/404")]
    [InlineData("/no-such-page")]
    [InlineData("/staff.css")]
    public async Task Every_answer_carries_the_strict_headers(string path)
    {
        await using var platform = await TestPlatform.StartAsync();
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

    [Fact]
    public async Task Pages_hold_no_inline_script_or_style()
    {
        await using var platform = await TestPlatform.StartAsync();
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("looker", "national", Roles.Administrator);
        foreach (var page in new[] { "/cases", "/offices", "/account/tokens", "/admin/users", "/pledge", "/account/password" })
        {
            var html = await browser.GetPageAsync(page);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Session_cookies_are_http_only_and_same_site_strict()
    {
        await using var platform = await TestPlatform.StartAsync();
        var password = await Pages.PageTesting.AddUserAsync(platform, "cookies", "11", Roles.Screener);
        using var browser = new StaffBrowser(platform);
        var answer = await browser.SubmitAsync("/signin", ("login", "cookies"), ("password", password));
        var cookie = answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("jebo-signin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/signin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
    }
}
