using System.Net;
using System.Net.Http.Headers;
using Jebo.Casework.Staff;
using Jebo.Casework.Tests.Pages;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Staff;

/// <summary>A stolen or forgotten token, tried after it should have died.</summary>
public sealed class TokenLifetimeTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_token_stops_working_when_it_expires_and_users_token_prints_when(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        await PageTesting.AddUserAsync(platform, "inv", "26", Roles.Investigator);
        var standard = await IssueAsync(platform, "inv");
        var shortLived = await IssueAsync(platform, "inv", "--days", "1");
        Assert.Contains(
            $"expires {DateTimeOffset.UtcNow.AddDays(TokenRules.DefaultLifetime.TotalDays):yyyy-MM-dd}",
            standard.Output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"expires {DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-dd}",
            shortLived.Output,
            StringComparison.Ordinal
        );
        Assert.Equal(2, (await platform.TryCliAsync(null, "users", "token", "--login", "inv", "--days", "4000")).Exit);

        Assert.Equal(HttpStatusCode.OK, await CasesAsync(platform, standard.Token));
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await CasesAsync(platform, shortLived.Token));
        Assert.Equal(HttpStatusCode.OK, await CasesAsync(platform, standard.Token));
        clock.Advance(TokenRules.DefaultLifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, await CasesAsync(platform, standard.Token));
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_token_lifetime_is_configurable(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock },
            "--token-days",
            "7"
        );
        await PageTesting.AddUserAsync(platform, "inv", "26", Roles.Investigator);
        using var browser = new StaffBrowser(platform) { Clock = clock };
        await browser.SignInAsync("inv", "Page-test-password-inv");
        var issued = await browser.SubmitAsync("/account/tokens", [], "/account/tokens?handler=Issue");
        var page = await issued.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "id=\"new-token\">([^<]+)<").Groups[1].Value;
        Assert.Contains("id=\"new-token-expires\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await CasesAsync(platform, token));
        clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(HttpStatusCode.Unauthorized, await CasesAsync(platform, token));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_token_dies_with_a_password_change_a_totp_reset_and_is_refused_while_a_password_change_is_due(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "scr", "26", Roles.Screener);
        using var person = new StaffBrowser(platform);
        await person.SignInAsync("scr", password);

        // A forced password change: the account is not usable by token until the person changes it.
        var beforeReset = (await IssueAsync(platform, "scr")).Token;
        await PageTesting.ChangeUserAsync(platform, "scr", u => u.MustChangePassword = true);
        Assert.Equal(HttpStatusCode.Unauthorized, await CasesAsync(platform, beforeReset));
        Assert.Equal(1, (await platform.TryCliAsync(null, "users", "token", "--login", "scr")).Exit);
        await PageTesting.ChangeUserAsync(platform, "scr", u => u.MustChangePassword = false);
        Assert.Equal(HttpStatusCode.OK, await CasesAsync(platform, beforeReset));

        // The person's own password change ends it.
        var changed = await person.SubmitAsync(
            "/account/password",
            ("current", password),
            ("next", "A-brand-new-password-1"),
            ("repeat", "A-brand-new-password-1")
        );
        Assert.True(changed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, changed.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await CasesAsync(platform, beforeReset));

        // An administrator's TOTP reset ends a token issued after it too.
        var fresh = (await IssueAsync(platform, "scr")).Token;
        Assert.Equal(HttpStatusCode.OK, await CasesAsync(platform, fresh));
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("admin26", "26", Roles.Administrator);
        Assert.Equal(
            HttpStatusCode.OK,
            (await admin.SubmitAsync("/admin/users/scr", [], "/admin/users/scr?handler=ResetTotp")).StatusCode
        );
        Assert.Equal(HttpStatusCode.Unauthorized, await CasesAsync(platform, fresh));

        // Both dead tokens are listed as such, for the owner and the administrator.
        var listed = await admin.GetPageAsync("/admin/users/scr");
        Assert.Equal(
            2,
            System.Text.RegularExpressions.Regex.Count(
                listed,
                "ended by a password or TOTP change|비밀번호·OTP 변경으로 무효"
            )
        );
        await using var db = platform.OpenCaseworkDb();
        Assert.All(await db.ApiTokens.ToListAsync(), t => Assert.True(t.ExpiresAt > t.CreatedAt));
    }

    private static async Task<(string Token, string Output)> IssueAsync(
        TestPlatform platform,
        string login,
        params string[] more
    )
    {
        var output = await platform.RunCliAsync(null, ["users", "token", "--login", login, .. more]);
        return (output.Trim().Split('\n')[^1].Trim(), output);
    }

    private static async Task<HttpStatusCode> CasesAsync(TestPlatform platform, string token)
    {
        using var client = platform.NewCaseworkClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/cases")).StatusCode;
    }
}
