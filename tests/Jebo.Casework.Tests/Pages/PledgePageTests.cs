using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages;

public sealed class PledgePageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task No_case_page_is_shown_until_the_pledge_is_accepted_and_the_acceptance_is_recorded(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var caseId = await PageTesting.CaseInAsync(platform, "11110");
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("newcomer", "11", Roles.Investigator, pledgeSigned: false);

        foreach (var page in new[] { "/cases", $"/cases/{caseId}", "/offices", "/account/tokens" })
        {
            var blocked = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
            Assert.Equal("/pledge", blocked.Headers.Location!.OriginalString);
        }

        var pledge = await browser.GetPageAsync("/pledge");
        Assert.Contains(Pledge.Text("ko"), pledge, StringComparison.Ordinal);
        Assert.DoesNotContain((await PageTesting.AuditAsync(platform)), a => a.Action == "case.viewed");

        // Not ticking the box, or accepting a version other than the current one, records nothing.
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await browser.SubmitAsync(
                    "/pledge",
                    ("version", Pledge.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await browser.SubmitAsync("/pledge", ("agree", "true"), ("version", "0"))).StatusCode
        );

        var accepted = await browser.SubmitAsync(
            "/pledge",
            ("agree", "true"),
            ("version", Pledge.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        );
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cases/{caseId}")).StatusCode);

        await using var db = platform.OpenCaseworkDb();
        var user = await db.Users.SingleAsync(u => u.Login == "newcomer");
        Assert.Equal((Pledge.CurrentVersion, "web"), (user.PledgeVersion, user.PledgeMethod));
        Assert.NotNull(user.PledgeAcceptedAt);
        var entry = (await PageTesting.AuditAsync(platform)).Single(a => a.Action == "pledge.accepted");
        Assert.Equal("newcomer", entry.Actor);
        Assert.Contains($"\"version\":{Pledge.CurrentVersion}", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_new_pledge_version_sends_everyone_back_to_the_pledge(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("veteran", "11", Roles.Screener);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cases")).StatusCode);
        // An older accepted version is as good as none.
        await PageTesting.ChangeUserAsync(platform, "veteran", u => u.PledgeVersion = Pledge.CurrentVersion - 1);
        var answer = await browser.GetAsync("/cases");
        Assert.Equal("/pledge", answer.Headers.Location!.OriginalString);
    }
}
