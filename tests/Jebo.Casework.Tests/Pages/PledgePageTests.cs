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
        await using (var texts = platform.OpenCaseworkDb())
        {
            // The first version, brought by the migration, in the reader's language (Korean by default).
            var first = await texts.PledgeTexts.SingleAsync();
            Assert.Equal((1, null), (first.Version, first.WrittenBy));
            Assert.Contains(first.Text, pledge, StringComparison.Ordinal);
            Assert.Contains("I will keep secret everything", first.TextEn, StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await PageTesting.AuditAsync(platform)), a => a.Action == "case.viewed");

        // Not ticking the box, or accepting a version other than the current one, records nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SubmitAsync("/pledge", ("version", "1"))).StatusCode);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await browser.SubmitAsync("/pledge", ("agree", "true"), ("version", "0"))).StatusCode
        );

        var accepted = await browser.SubmitAsync("/pledge", ("agree", "true"), ("version", "1"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cases/{caseId}")).StatusCode);

        await using var db = platform.OpenCaseworkDb();
        var user = await db.Users.SingleAsync(u => u.Login == "newcomer");
        Assert.Equal((1, "web"), (user.PledgeVersion, user.PledgeMethod));
        Assert.NotNull(user.PledgeAcceptedAt);
        var row = await db.PledgeAcceptances.SingleAsync(a => a.UserId == user.Id);
        Assert.Equal(
            (1, "web", (string?)null, user.PledgeAcceptedAt),
            (row.Version, row.Method, row.Witness, (DateTimeOffset?)row.AcceptedAt)
        );
        var entry = (await PageTesting.AuditAsync(platform)).Single(a => a.Action == "pledge.accepted");
        Assert.Equal("newcomer", entry.Actor);
        Assert.Contains("\"version\":1", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_new_pledge_version_sends_everyone_back_to_the_pledge(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("veteran", "11", Roles.Screener);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cases")).StatusCode);
        var api = await platform.StaffClientAsync("veteran.api", "11", Roles.Screener);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);

        await PageTesting.PublishPledgeAsync(platform, "두 번째 서약", "The second pledge", "第二份承诺");

        // Version 1 accepted is as good as none: the pages send the veteran to the new text, in English when asked,
        // the API refuses the token, and accepting the old version no longer counts.
        Assert.Equal("/pledge", (await browser.GetAsync("/cases")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var page = await browser.GetPageAsync("/pledge?lang=en");
        Assert.Contains("The second pledge", page, StringComparison.Ordinal);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await browser.SubmitAsync("/pledge", ("agree", "true"), ("version", "1"))).StatusCode
        );
        Assert.Equal("/pledge", (await browser.GetAsync("/cases")).Headers.Location!.OriginalString);

        var accepted = await browser.SubmitAsync("/pledge", ("agree", "true"), ("version", "2"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cases")).StatusCode);
        await using var db = platform.OpenCaseworkDb();
        var veteran = await db.Users.SingleAsync(u => u.Login == "veteran");
        var rows = await db.PledgeAcceptances.Where(a => a.UserId == veteran.Id).OrderBy(a => a.Version).ToListAsync();
        Assert.Equal([(1, "paper"), (2, "web")], rows.Select(r => (r.Version, r.Method)));
        Assert.Equal((2, "web"), (veteran.PledgeVersion, veteran.PledgeMethod));
    }
}
