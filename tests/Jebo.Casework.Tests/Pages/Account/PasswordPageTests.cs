using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages.Account;

public sealed class PasswordPageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task An_account_with_a_one_time_password_must_change_it_before_anything_else(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var oneTime = await PageTesting.AddUserAsync(
            platform,
            "fresh",
            "national",
            Roles.Administrator,
            pledgeSigned: false
        );
        await PageTesting.ChangeUserAsync(platform, "fresh", u => u.MustChangePassword = true);
        using var browser = new StaffBrowser(platform);
        await browser.SignInAsync("fresh", oneTime);

        foreach (var page in new[] { "/cases", "/pledge", "/admin/users" })
        {
            Assert.Equal("/account/password", (await browser.GetAsync(page)).Headers.Location!.OriginalString);
        }

        const string next = "a much longer passphrase";
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await browser.SubmitAsync("/account/password", ("current", "wrong"), ("next", next), ("repeat", next))
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await browser.SubmitAsync(
                    "/account/password",
                    ("current", oneTime),
                    ("next", "short"),
                    ("repeat", "short")
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await browser.SubmitAsync(
                    "/account/password",
                    ("current", oneTime),
                    ("next", next),
                    ("repeat", next + "x")
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await browser.SubmitAsync(
                    "/account/password",
                    ("current", oneTime),
                    ("next", oneTime),
                    ("repeat", oneTime)
                )
            ).StatusCode
        );

        var changed = await browser.SubmitAsync(
            "/account/password",
            ("current", oneTime),
            ("next", next),
            ("repeat", next)
        );
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        // Then the pledge, in this session, which goes on under the new password.
        Assert.Equal("/pledge", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/pledge")).StatusCode);

        await using (var db = platform.OpenCaseworkDb())
        {
            var user = await db.Users.SingleAsync(u => u.Login == "fresh");
            Assert.False(user.MustChangePassword);
            Assert.True(PasswordHasher.Verify(next, user.PasswordHash));
        }

        Assert.Contains((await PageTesting.AuditAsync(platform)), a =>
            a.Actor == "fresh" && a.Action == "password.changed"
        );
        await browser.SubmitAsync("/signout");
        Assert.Equal("/", await browser.SignInAsync("fresh", next));
    }
}
