using System.Net;
using System.Text.RegularExpressions;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages.Staff;

public sealed partial class UsersPageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task An_administrator_creates_a_screener_who_signs_in_with_the_one_time_password_and_must_change_it(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("chief", "national", Roles.Administrator);

        // A ticked paper pledge is not taken from the form: the person accepts the pledge themselves.
        var created = await admin.SubmitAsync(
            "/admin/users",
            ("login", "busan.inv"),
            ("office", "26"),
            ("role", Roles.Screener),
            ("pledgeSigned", "true")
        );
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var oneTime = OneTimePassword().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.True(oneTime.Length >= StaffAccounts.MinPasswordLength);

        await using (var db = platform.OpenCaseworkDb())
        {
            var user = await db.Users.SingleAsync(u => u.Login == "busan.inv");
            Assert.Equal(
                ("26", Roles.Screener, true, (string?)null),
                (user.OfficeCode, user.Role, user.MustChangePassword, user.PledgeMethod)
            );
        }

        var entry = (await PageTesting.AuditAsync(platform)).Single(a =>
            a.Action == "user.created" && a.Details.Contains("busan.inv", StringComparison.Ordinal)
        );
        Assert.Equal("chief", entry.Actor);

        using var newcomer = new StaffBrowser(platform);
        await newcomer.SignInAsync("busan.inv", oneTime);
        Assert.Equal("/account/password", (await newcomer.GetAsync("/cases")).Headers.Location!.OriginalString);

        // Bad input is answered with a message, never a server error.
        var taken = await admin.SubmitAsync(
            "/admin/users",
            ("login", "busan.inv"),
            ("office", "26"),
            ("role", Roles.Investigator)
        );
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        var badRole = await admin.SubmitAsync("/admin/users", ("login", "x1"), ("office", "26"), ("role", "god"));
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        var badOffice = await admin.SubmitAsync(
            "/admin/users",
            ("login", "x2"),
            ("office", "99999"),
            ("role", Roles.Screener)
        );
        Assert.Equal(HttpStatusCode.BadRequest, badOffice.StatusCode);
    }

    [Theory]
    [DatabaseProviders(Roles.Screener)]
    [DatabaseProviders(Roles.Investigator)]
    [DatabaseProviders(Roles.Supervisor)]
    [DatabaseProviders(Roles.Auditor)]
    public async Task Only_administrators_reach_the_administration_pages(string provider, string role)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("not-admin", "national", role);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/users/not-admin")).StatusCode);
        var page = await browser.GetPageAsync("/cases");
        var post = await browser.PostAsync(
            "/admin/users",
            StaffBrowser.AntiforgeryToken(page),
            [
                KeyValuePair.Create("login", "sneaky"),
                KeyValuePair.Create("office", "national"),
                KeyValuePair.Create("role", Roles.Administrator),
            ]
        );
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        await using var db = platform.OpenCaseworkDb();
        Assert.False(await db.Users.AnyAsync(u => u.Login == "sneaky"));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_provincial_administrator_manages_only_accounts_of_their_province(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "seoul.inv", "11", Roles.Investigator);
        await PageTesting.AddUserAsync(platform, "saha.inv", "26380", Roles.Investigator);
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("busan.admin", "26", Roles.Administrator);

        var list = await admin.GetPageAsync("/admin/users");
        Assert.Contains("saha.inv", list, StringComparison.Ordinal);
        Assert.DoesNotContain("seoul.inv", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/seoul.inv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/admin")).StatusCode);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await admin.SubmitAsync(
                    "/admin/users",
                    ("login", "seoul.new"),
                    ("office", "11"),
                    ("role", Roles.Screener)
                )
            ).StatusCode
        );
        var page = await admin.GetPageAsync("/admin/users/saha.inv");
        var disable = await admin.PostAsync(
            "/admin/users/seoul.inv?handler=Disable",
            StaffBrowser.AntiforgeryToken(page),
            []
        );
        Assert.Equal(HttpStatusCode.NotFound, disable.StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Reset_disable_and_unlock_act_on_the_account_audited_and_no_one_records_a_pledge_for_another(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "worker", "11", Roles.Screener, pledgeSigned: false);
        await PageTesting.ChangeUserAsync(platform, "worker", u =>
            (u.FailedSignIns, u.LockedUntil) = (5, DateTimeOffset.UtcNow.AddMinutes(10))
        );
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("boss", "national", Roles.Administrator);

        async Task<string> ActAsync(string handler)
        {
            var page = await admin.GetPageAsync("/admin/users/worker");
            var answer = await admin.PostAsync(
                $"/admin/users/worker?handler={handler}",
                StaffBrowser.AntiforgeryToken(page),
                []
            );
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            return await answer.Content.ReadAsStringAsync();
        }

        await ActAsync("Unlock");
        var page = await admin.GetPageAsync("/admin/users/worker");
        Assert.NotEqual(
            HttpStatusCode.OK,
            (
                await admin.PostAsync("/admin/users/worker?handler=Pledge", StaffBrowser.AntiforgeryToken(page), [])
            ).StatusCode
        );
        await using (var db = platform.OpenCaseworkDb())
        {
            var user = await db.Users.SingleAsync(u => u.Login == "worker");
            Assert.Equal(
                (0, (DateTimeOffset?)null, (int?)null),
                (user.FailedSignIns, user.LockedUntil, user.PledgeVersion)
            );
        }

        var reset = await ActAsync("ResetPassword");
        var oneTime = OneTimePassword().Match(reset).Groups[1].Value;
        using var worker = new StaffBrowser(platform);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await worker.SubmitAsync("/signin", ("login", "worker"), ("password", password))).StatusCode
        );
        await worker.SignInAsync("worker", oneTime);
        Assert.Equal("/account/password", (await worker.GetAsync("/cases")).Headers.Location!.OriginalString);

        await ActAsync("Disable");
        Assert.Equal(HttpStatusCode.Redirect, (await worker.GetAsync("/account/password")).StatusCode);
        await ActAsync("Enable");
        var actions = (await PageTesting.AuditAsync(platform))
            .Where(a => a.Actor == "boss")
            .Select(a => a.Action)
            .ToList();
        Assert.Equal(
            ["user.unlocked", "user.password-reset", "user.disabled", "user.enabled"],
            actions.Where(a => a.StartsWith("user.", StringComparison.Ordinal) || a == "pledge.recorded")
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_office_list_shows_the_jurisdiction_only(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);
        var page = await browser.GetPageAsync("/offices");
        Assert.Contains("26380", page, StringComparison.Ordinal);
        Assert.DoesNotContain("11110", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex OneTimePassword();
}
