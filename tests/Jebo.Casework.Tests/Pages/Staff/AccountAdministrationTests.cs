using System.Net;
using System.Net.Http.Headers;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages.Staff;

/// <summary>Moving an account to another office and signing it out everywhere from the admin pages, and insiders trying
/// to get around the rules by another office level, another account or their own.</summary>
public sealed class AccountAdministrationTests
{
    [Theory]
    [DatabaseProviders]
    public async Task An_administrator_moves_a_screener_alone_and_signs_an_account_out_everywhere_both_audited(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "clerk", "26", Roles.Screener);
        var password = await PageTesting.AddUserAsync(platform, "worker", "26380", Roles.Investigator);
        using var worker = new StaffBrowser(platform);
        await worker.SignInAsync("worker", password);
        var token = (await platform.RunCliAsync(null, "users", "token", "--login", "worker"))
            .Trim()
            .Split('\n')[^1]
            .Trim();
        using var program = platform.NewCaseworkClient();
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("admin26", "26", Roles.Administrator);

        var moved = await admin.SubmitAsync(
            "/admin/users/clerk",
            [KeyValuePair.Create("office", "26380")],
            "/admin/users/clerk?handler=Office"
        );
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("id=\"done\"", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/cases")).StatusCode);
        var signedOut = await admin.SubmitAsync(
            "/admin/users/worker",
            [],
            "/admin/users/worker?handler=SignOutEverywhere"
        );
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await worker.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await program.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Contains(">Last sign-in<", await admin.GetPageAsync("/admin/users?lang=en"), StringComparison.Ordinal);

        await using var db = platform.OpenCaseworkDb();
        Assert.Equal("26380", (await db.Users.SingleAsync(u => u.Login == "clerk")).OfficeCode);
        var audit = await PageTesting.AuditAsync(platform);
        Assert.Contains(audit, a =>
            a is { Actor: "admin26", Action: AuditActions.UserOfficeChanged }
            && a.Details.Contains("clerk", StringComparison.Ordinal)
        );
        Assert.Contains(audit, a =>
            a is { Actor: "admin26", Action: AuditActions.UserSignedOutEverywhere }
            && a.Details.Contains("worker", StringComparison.Ordinal)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Moving_an_investigator_waits_for_a_second_administrator_who_manages_both_offices(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "inv", "26380", Roles.Investigator);
        using var first = new StaffBrowser(platform);
        await first.SignInNewAccountAsync("busan.one", "26", Roles.Administrator);
        using var second = new StaffBrowser(platform);
        await second.SignInNewAccountAsync("busan.two", "26", Roles.Administrator);
        using var national = new StaffBrowser(platform);
        await national.SignInNewAccountAsync("nat.admin", "national", Roles.Administrator);

        // Up to the province: a request, nothing changed yet, and the requester cannot approve it.
        var asked = await first.SubmitAsync(
            "/admin/users/inv",
            [KeyValuePair.Create("office", "26")],
            "/admin/users/inv?handler=Office"
        );
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("26380", await OfficeOfAsync(platform, "inv"));
        var request = await PendingIdAsync(platform, "inv");
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await first.SubmitAsync(
                    "/admin/users",
                    [KeyValuePair.Create("id", request.ToString())],
                    "/admin/users?handler=Approve"
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await second.SubmitAsync(
                    "/admin/users",
                    [KeyValuePair.Create("id", request.ToString())],
                    "/admin/users?handler=Approve"
                )
            ).StatusCode
        );
        Assert.Equal("26", await OfficeOfAsync(platform, "inv"));

        // Out of Busan: a Busan administrator may neither ask for it nor approve the national office's request.
        var away = await first.SubmitAsync(
            "/admin/users/inv",
            [KeyValuePair.Create("office", "11")],
            "/admin/users/inv?handler=Office"
        );
        Assert.Equal(HttpStatusCode.Forbidden, away.StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await national.SubmitAsync(
                    "/admin/users/inv",
                    [KeyValuePair.Create("office", "11")],
                    "/admin/users/inv?handler=Office"
                )
            ).StatusCode
        );
        var toSeoul = await PendingIdAsync(platform, "inv");
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await second.SubmitAsync(
                    "/admin/users",
                    [KeyValuePair.Create("id", toSeoul.ToString())],
                    "/admin/users?handler=Approve"
                )
            ).StatusCode
        );
        Assert.Equal("26", await OfficeOfAsync(platform, "inv"));

        var audit = await PageTesting.AuditAsync(platform);
        Assert.Contains(audit, a =>
            a is { Actor: "busan.one", Action: AuditActions.AccountRequested }
            && a.Details.Contains("\"toOffice\":\"26\"", StringComparison.Ordinal)
        );
        Assert.Contains(audit, a => a is { Actor: "busan.two", Action: AuditActions.UserOfficeChanged });
        Assert.Contains(audit, a => a is { Actor: "busan.two", Action: AuditActions.AccountApprovalRefused });
    }

    [Theory]
    [DatabaseProviders]
    public async Task Insiders_reach_no_move_or_sign_out_by_another_route(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "seoul.inv", "11", Roles.Investigator);
        await PageTesting.AddUserAsync(platform, "clerk", "26", Roles.Screener);
        using var supervisor = new StaffBrowser(platform);
        await supervisor.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("busan.admin", "26", Roles.Administrator);

        // Not an administrator: the pages are closed to the role, whatever the handler.
        var casesPage = await supervisor.GetPageAsync("/cases");
        foreach (var handler in new[] { "Office", "SignOutEverywhere" })
        {
            var post = await supervisor.PostAsync(
                $"/admin/users/clerk?handler={handler}",
                StaffBrowser.AntiforgeryToken(casesPage),
                [KeyValuePair.Create("office", "26")]
            );
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        // Another province's account does not exist for a provincial administrator; their own account is not theirs to
        // change here; a Busan account cannot be moved to the national office above them; an unknown office is bad
        // input.
        var page = await admin.GetPageAsync("/admin/users/clerk");
        foreach (var handler in new[] { "Office", "SignOutEverywhere" })
        {
            var other = await admin.PostAsync(
                $"/admin/users/seoul.inv?handler={handler}",
                StaffBrowser.AntiforgeryToken(page),
                [KeyValuePair.Create("office", "26")]
            );
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            var own = await admin.PostAsync(
                $"/admin/users/busan.admin?handler={handler}",
                StaffBrowser.AntiforgeryToken(page),
                [KeyValuePair.Create("office", "26380")]
            );
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        }

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await admin.PostAsync(
                    "/admin/users/clerk?handler=Office",
                    StaffBrowser.AntiforgeryToken(page),
                    [KeyValuePair.Create("office", "national")]
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await admin.PostAsync(
                    "/admin/users/clerk?handler=Office",
                    StaffBrowser.AntiforgeryToken(page),
                    [KeyValuePair.Create("office", "99999")]
                )
            ).StatusCode
        );

        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(
            ("11", "26", "26"),
            (
                await OfficeOfAsync(platform, "seoul.inv"),
                await OfficeOfAsync(platform, "clerk"),
                await OfficeOfAsync(platform, "busan.admin")
            )
        );
        Assert.False(await db.Users.AnyAsync(u => u.SessionsEndedAt != null));
        Assert.False(await db.AccountRequests.AnyAsync());
    }

    private static async Task<string> OfficeOfAsync(TestPlatform platform, string login)
    {
        await using var db = platform.OpenCaseworkDb();
        return (await db.Users.SingleAsync(u => u.Login == login)).OfficeCode;
    }

    private static async Task<Guid> PendingIdAsync(TestPlatform platform, string login)
    {
        await using var db = platform.OpenCaseworkDb();
        return (await db.AccountRequests.SingleAsync(r => r.Login == login && r.Decision == null)).Id;
    }
}
