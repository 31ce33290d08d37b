using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages.Account;

public sealed partial class TokensPageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_token_is_shown_once_works_for_the_api_shows_its_last_use_and_stops_working_when_revoked(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("coder", "26", Roles.Investigator);

        var issued = await browser.SubmitAsync("/account/tokens", [], "/account/tokens?handler=Issue");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = NewToken().Match(await issued.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith(StaffAccounts.TokenPrefix, token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await browser.GetPageAsync("/account/tokens"), StringComparison.Ordinal);

        using var program = platform.NewCaseworkClient();
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("/api/v1/cases")).StatusCode);
        Guid id;
        await using (var db = platform.OpenCaseworkDb())
        {
            var stored = await db.ApiTokens.SingleAsync();
            Assert.NotNull(stored.LastUsedAt);
            id = stored.Id;
        }

        var page = await browser.GetPageAsync("/account/tokens");
        var revoked = await browser.PostAsync(
            "/account/tokens?handler=Revoke",
            StaffBrowser.AntiforgeryToken(page),
            [KeyValuePair.Create("id", id.ToString())]
        );
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await program.GetAsync("/api/v1/cases")).StatusCode);
        var actions = (await PageTesting.AuditAsync(platform)).Select(a => a.Action).ToList();
        Assert.Contains("token.issued", actions);
        Assert.Contains("token.revoked", actions);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Nobody_revokes_someone_else_s_token_from_their_own_page_but_an_administrator_can(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var victim = await platform.StaffClientAsync("victim", "26", Roles.Investigator);
        Guid id;
        await using (var db = platform.OpenCaseworkDb())
        {
            id = (await db.ApiTokens.SingleAsync()).Id;
        }

        using var other = new StaffBrowser(platform);
        await other.SignInNewAccountAsync("other", "26", Roles.Investigator);
        var page = await other.GetPageAsync("/account/tokens");
        var refused = await other.PostAsync(
            "/account/tokens?handler=Revoke",
            StaffBrowser.AntiforgeryToken(page),
            [KeyValuePair.Create("id", id.ToString())]
        );
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/api/v1/cases")).StatusCode);

        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("busan-admin", "26", Roles.Administrator);
        var adminPage = await admin.GetPageAsync("/admin/users/victim");
        Assert.Contains(id.ToString(), adminPage, StringComparison.Ordinal);
        var revoked = await admin.PostAsync(
            "/admin/users/victim?handler=Revoke",
            StaffBrowser.AntiforgeryToken(adminPage),
            [KeyValuePair.Create("id", id.ToString())]
        );
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync("/api/v1/cases")).StatusCode);
    }

    [GeneratedRegex("id=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();
}
