using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Pages.Staff;

/// <summary>An administrator trying to become an investigator: by creating one, by resetting a colleague, by promoting
/// an account whose password they set, by approving their own request.</summary>
public sealed partial class SeparationOfDutiesTests
{
    [Theory]
    [DatabaseProviders]
    public async Task One_administrator_cannot_create_an_investigator_tick_the_pledge_or_sign_in_with_half_a_password(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var rogue = new StaffBrowser(platform);
        await rogue.SignInNewAccountAsync("rogue", "26", Roles.Administrator);
        using var colleague = new StaffBrowser(platform);
        await colleague.SignInNewAccountAsync("colleague", "national", Roles.Administrator);

        // The rogue asks for a Busan investigator, with the old paper-pledge field as well.
        var asked = await rogue.SubmitAsync(
            "/admin/users",
            ("login", "puppet"),
            ("office", "26"),
            ("role", Roles.Investigator),
            ("pledgeSigned", "true")
        );
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var firstHalf = Match(RequesterHalf(), await asked.Content.ReadAsStringAsync());
        Assert.DoesNotContain(
            "id=\"one-time-password\"",
            await asked.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Login == "puppet"));
        }

        // Approving their own request is refused, audited and alerted.
        var id = await PendingIdAsync(platform, "puppet");
        var list = await rogue.GetPageAsync("/admin/users");
        var self = await rogue.PostAsync(
            "/admin/users?handler=Approve",
            StaffBrowser.AntiforgeryToken(list),
            [KeyValuePair.Create("id", id.ToString())]
        );
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Login == "puppet"));
        }

        // The second administrator approves and holds the other half; neither half alone opens the account.
        var approved = await colleague.SubmitAsync(
            "/admin/users",
            [KeyValuePair.Create("id", id.ToString())],
            "/admin/users?handler=Approve"
        );
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var secondHalf = Match(ApproverHalf(), await approved.Content.ReadAsStringAsync());
        using var person = new StaffBrowser(platform);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await person.SubmitAsync("/signin", ("login", "puppet"), ("password", firstHalf))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await person.SubmitAsync("/signin", ("login", "puppet"), ("password", secondHalf))).StatusCode
        );

        // With both halves the person changes the password, enrols their own TOTP and accepts the pledge themselves.
        await person.SignInAsync("puppet", firstHalf + secondHalf);
        await using (var db = platform.OpenCaseworkDb())
        {
            var puppet = await db.Users.SingleAsync(u => u.Login == "puppet");
            Assert.Equal(
                (true, (int?)null, "rogue,colleague"),
                (puppet.MustChangePassword, puppet.PledgeVersion, puppet.CredentialsIssuedBy)
            );
        }

        Assert.Equal("/account/password", (await person.GetAsync("/cases")).Headers.Location!.OriginalString);
        var audit = await PageTesting.AuditAsync(platform);
        Assert.Contains(audit, a => a is { Actor: "rogue", Action: AuditActions.AccountRequested });
        Assert.Contains(audit, a => a is { Actor: "rogue", Action: AuditActions.AccountApprovalRefused });
        Assert.Contains(audit, a => a is { Actor: "colleague", Action: AuditActions.AccountApproved });
        Assert.DoesNotContain(audit, a =>
            a.Action == "pledge.recorded" && a.Details.Contains("puppet", StringComparison.Ordinal)
        );
        var alerts = await AlertsAsync(platform);
        Assert.Contains(alerts, a =>
            a is { Kind: AuditActions.AccountApprovalRefused, Severity: "critical", Subject: "puppet" }
        );
        Assert.Contains(alerts, a => a is { Kind: AuditActions.AccountApproved, Subject: "puppet" });
        Assert.Contains(alerts, a => a.Message.StartsWith("rogue tried to approve", StringComparison.Ordinal));

        // The same alerts read by a Korean auditor: the details in Korean.
        var auditor = await platform.StaffClientAsync("alerts-auditor", "national", "auditor");
        auditor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko-KR");
        var korean = (await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts"))
            .EnumerateArray()
            .Select(a => (Kind: a.GetProperty("kind").GetString(), Message: a.GetProperty("message").GetString()!))
            .ToList();
        Assert.Contains(korean, a =>
            a.Kind == AuditActions.AccountApproved
            && a.Message.Contains("colleague이(가) 승인했습니다", StringComparison.Ordinal)
        );
        Assert.Contains(korean, a =>
            a.Kind == AuditActions.AccountApprovalRefused
            && a.Message.StartsWith("rogue이(가)", StringComparison.Ordinal)
            && a.Message.Contains("승인하려 했습니다", StringComparison.Ordinal)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_password_and_totp_reset_waits_for_a_second_administrator_and_then_ends_sessions_and_tokens(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var victim = new StaffBrowser(platform);
        await victim.SignInNewAccountAsync("victim", "26", Roles.Investigator);
        var token = (await platform.RunCliAsync(null, "users", "token", "--login", "victim"))
            .Trim()
            .Split('\n')[^1]
            .Trim();
        using var program = platform.NewCaseworkClient();
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var rogue = new StaffBrowser(platform);
        await rogue.SignInNewAccountAsync("rogue", "26", Roles.Administrator);

        var reset = await rogue.SubmitAsync("/admin/users/victim", [], "/admin/users/victim?handler=ResetPassword");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var firstHalf = Match(RequesterHalf(), await reset.Content.ReadAsStringAsync());
        var totp = await rogue.SubmitAsync("/admin/users/victim", [], "/admin/users/victim?handler=ResetTotp");
        Assert.Equal(HttpStatusCode.OK, totp.StatusCode);

        // Nothing changed yet: the victim's session and token still work, and the half opens nothing.
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("/api/v1/cases")).StatusCode);
        using var impostor = new StaffBrowser(platform);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await impostor.SubmitAsync("/signin", ("login", "victim"), ("password", firstHalf))).StatusCode
        );

        using var colleague = new StaffBrowser(platform);
        await colleague.SignInNewAccountAsync("colleague", "26", Roles.Administrator);
        await using (var db = platform.OpenCaseworkDb())
        {
            foreach (var request in await db.AccountRequests.Where(r => r.Login == "victim").ToListAsync())
            {
                Assert.Equal(
                    HttpStatusCode.OK,
                    (
                        await colleague.SubmitAsync(
                            "/admin/users",
                            [KeyValuePair.Create("id", request.Id.ToString())],
                            "/admin/users?handler=Approve"
                        )
                    ).StatusCode
                );
            }
        }

        // Approved: the rogue's half still opens nothing, the old session and the token are dead.
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await impostor.SubmitAsync("/signin", ("login", "victim"), ("password", firstHalf))).StatusCode
        );
        Assert.Equal(HttpStatusCode.Redirect, (await victim.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await program.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Whoever_set_a_screener_s_password_can_neither_ask_for_nor_approve_its_promotion(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "clerk", "26", Roles.Screener);
        using var rogue = new StaffBrowser(platform);
        await rogue.SignInNewAccountAsync("rogue", "26", Roles.Administrator);
        using var colleague = new StaffBrowser(platform);
        await colleague.SignInNewAccountAsync("colleague", "26", Roles.Administrator);

        // A screener sees no identities: one administrator resets its password alone, and now knows it.
        var reset = await rogue.SubmitAsync("/admin/users/clerk", [], "/admin/users/clerk?handler=ResetPassword");
        Assert.Contains("id=\"one-time-password\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var promote = await rogue.SubmitAsync(
            "/admin/users/clerk",
            [KeyValuePair.Create("role", Roles.Investigator)],
            "/admin/users/clerk?handler=Role"
        );
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);

        // The colleague asks instead; the rogue may not approve it either.
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await colleague.SubmitAsync(
                    "/admin/users/clerk",
                    [KeyValuePair.Create("role", Roles.Investigator)],
                    "/admin/users/clerk?handler=Role"
                )
            ).StatusCode
        );
        var id = await PendingIdAsync(platform, "clerk");
        var approve = await rogue.SubmitAsync(
            "/admin/users",
            [KeyValuePair.Create("id", id.ToString())],
            "/admin/users?handler=Approve"
        );
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(Roles.Screener, (await db.Users.SingleAsync(u => u.Login == "clerk")).Role);
        Assert.Contains(await AlertsAsync(platform), a =>
            a is { Kind: AuditActions.AccountApprovalRefused, Subject: "clerk" }
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_provincial_administrator_cannot_approve_a_request_for_another_province_or_the_national_office(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var national = new StaffBrowser(platform);
        await national.SignInNewAccountAsync("nat.admin", "national", Roles.Administrator);
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await national.SubmitAsync(
                    "/admin/users",
                    ("login", "nat.inv"),
                    ("office", "national"),
                    ("role", Roles.Investigator)
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await national.SubmitAsync(
                    "/admin/users",
                    ("login", "seoul.inv"),
                    ("office", "11"),
                    ("role", Roles.Supervisor)
                )
            ).StatusCode
        );
        using var busan = new StaffBrowser(platform);
        await busan.SignInNewAccountAsync("busan.admin", "26", Roles.Administrator);

        Assert.DoesNotContain("nat.inv", await busan.GetPageAsync("/admin/users"), StringComparison.Ordinal);
        foreach (var login in new[] { "nat.inv", "seoul.inv" })
        {
            var refused = await busan.SubmitAsync(
                "/admin/users",
                [KeyValuePair.Create("id", (await PendingIdAsync(platform, login)).ToString())],
                "/admin/users?handler=Approve"
            );
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        await using var db = platform.OpenCaseworkDb();
        Assert.False(await db.Users.AnyAsync(u => u.Login == "nat.inv" || u.Login == "seoul.inv"));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Accounts_that_see_no_identities_are_made_by_one_administrator_and_demotion_needs_no_second(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "inv", "26", Roles.Investigator);
        using var admin = new StaffBrowser(platform);
        await admin.SignInNewAccountAsync("admin26", "26", Roles.Administrator);
        var created = await admin.SubmitAsync(
            "/admin/users",
            ("login", "scr"),
            ("office", "26"),
            ("role", Roles.Screener)
        );
        Assert.Contains(
            "id=\"one-time-password\"",
            await created.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await admin.SubmitAsync(
                    "/admin/users/inv",
                    [KeyValuePair.Create("role", Roles.Screener)],
                    "/admin/users/inv?handler=Role"
                )
            ).StatusCode
        );
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(
            (Roles.Screener, Roles.Screener),
            (
                (await db.Users.SingleAsync(u => u.Login == "scr")).Role,
                (await db.Users.SingleAsync(u => u.Login == "inv")).Role
            )
        );
        Assert.False(await db.AccountRequests.AnyAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_operator_s_break_glass_on_the_machine_works_and_is_audited_and_alerted_for_privileged_roles(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await PageTesting.AddUserAsync(platform, "glass.inv", "26", Roles.Investigator);
        await PageTesting.AddUserAsync(platform, "glass.scr", "26", Roles.Screener);
        var audit = await PageTesting.AuditAsync(platform);
        Assert.Equal(2, audit.Count(a => a is { Actor: "cli", Action: AuditActions.AccountBreakGlass }));
        var alerts = await AlertsAsync(platform);
        Assert.Contains(alerts, a => a is { Kind: AuditActions.AccountBreakGlass, Subject: "glass.inv" });
        Assert.DoesNotContain(alerts, a => a.Subject == "glass.scr");
    }

    private static async Task<IReadOnlyList<SecurityAlert>> AlertsAsync(TestPlatform platform)
    {
        using var scope = platform.CaseworkApp.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().CurrentAsync(CancellationToken.None);
    }

    private static async Task<Guid> PendingIdAsync(TestPlatform platform, string login)
    {
        await using var db = platform.OpenCaseworkDb();
        return (await db.AccountRequests.SingleAsync(r => r.Login == login && r.Decision == null)).Id;
    }

    private static string Match(Regex pattern, string html) =>
        pattern.Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("not on the page: " + pattern);

    [GeneratedRegex("id=\"requester-half\">([^<]+)<")]
    private static partial Regex RequesterHalf();

    [GeneratedRegex("id=\"approver-half\">([^<]+)<")]
    private static partial Regex ApproverHalf();
}
