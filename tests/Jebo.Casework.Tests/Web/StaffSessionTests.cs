using System.Net;
using Jebo.Casework.Staff;
using Jebo.Casework.Tests.Pages;
using Jebo.Casework.Web;
using Jebo.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Jebo.Casework.Tests.Web;

public sealed class StaffSessionTests
{
    private static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/signin";

    [Theory]
    [DatabaseProviders]
    public async Task A_session_ends_after_half_an_hour_without_use(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        using var browser = new StaffBrowser(platform) { Clock = clock };
        await browser.SignInNewAccountAsync("idle", "11", Roles.Screener);
        clock.Advance(StaffSession.IdleTimeout - TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cases")).StatusCode);
        clock.Advance(StaffSession.IdleTimeout + TimeSpan.FromMinutes(1));
        Assert.True(SentToSignIn(await browser.GetAsync("/cases")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Use_keeps_a_session_alive_but_never_past_the_absolute_limit(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        using var browser = new StaffBrowser(platform) { Clock = clock };
        await browser.SignInNewAccountAsync("busy", "11", Roles.Screener);
        var elapsed = TimeSpan.Zero;
        while (elapsed + TimeSpan.FromMinutes(20) < StaffSession.AbsoluteTimeout)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            elapsed += TimeSpan.FromMinutes(20);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cases")).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(SentToSignIn(await browser.GetAsync("/cases")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Disabling_an_account_or_resetting_its_password_ends_its_open_sessions(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var first = new StaffBrowser(platform);
        await first.SignInNewAccountAsync("first", "11", Roles.Screener);
        using var second = new StaffBrowser(platform);
        await second.SignInNewAccountAsync("second", "11", Roles.Screener);

        await PageTesting.ChangeUserAsync(platform, "first", u => u.DisabledAt = DateTimeOffset.UtcNow);
        await PageTesting.ChangeUserAsync(platform, "second", u =>
            u.PasswordHash = PasswordHasher.Hash("another-password-here")
        );
        Assert.True(SentToSignIn(await first.GetAsync("/cases")));
        Assert.True(SentToSignIn(await second.GetAsync("/cases")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_changed_role_takes_effect_on_the_next_request(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("promoted", "national", Roles.Screener);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/users")).StatusCode);
        await PageTesting.ChangeUserAsync(platform, "promoted", u => u.Role = Roles.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Sessions_survive_a_restart_because_the_keys_are_kept_in_the_casework_folder(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("steady", "11", Roles.Screener);
        Assert.NotEmpty(
            Directory.GetFiles(Path.Combine(platform.Settings.Casework.KeysFolder, "dataprotection"), "key-*.xml")
        );

        // A second instance of the zone (as after a restart) reads the same keys and accepts the same cookie.
        var builder = CaseworkZone.CreateBuilder(platform.Settings.Casework, null);
        builder.WebHost.UseTestServer();
        await using var restarted = CaseworkZone.Build(builder);
        await restarted.StartAsync();
        using var client = restarted.GetTestClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/cases");
        request.Headers.Add("Cookie", browser.Cookies.GetCookieHeader(new Uri("http://localhost/cases")));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        await restarted.StopAsync();
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_api_stays_bearer_only_and_answers_401_to_a_session_cookie(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("cookie", "national", Roles.Supervisor);
        var api = await browser.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Null(api.Headers.Location);

        // Pages, the other way round, never take a bearer token: without a session they send to sign-in.
        var withToken = await platform.StaffClientAsync("program", "national", Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/v1/cases")).StatusCode);
        Assert.True(SentToSignIn(await withToken.GetAsync("/cases")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("forged", "11", Roles.Screener);
        var answer = await browser.PostAsync("/account/tokens?handler=Issue", null, []);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        await using var db = platform.OpenCaseworkDb();
        Assert.Empty(db.ApiTokens);
    }
}
