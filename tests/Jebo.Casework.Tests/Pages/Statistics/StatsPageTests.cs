using System.Net;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Casework.Tests.Statistics;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Pages.Statistics;

/// <summary>The statistics page: charts drawn as SVG on the server, each with a title, a description and its table;
/// within the person's jurisdiction, filtered; the ledger downloaded from it, audited.</summary>
public sealed class StatsPageTests
{
    private static async Task<StaffBrowser> SignedInAsync(WorkedCases worked, string login, string office, string role)
    {
        var browser = new StaffBrowser(worked.Platform) { Clock = worked.Clock };
        await browser.SignInNewAccountAsync(login, office, role);
        return browser;
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_page_draws_each_chart_with_its_table_for_the_jurisdiction_and_gives_the_ledger(
        string provider
    )
    {
        await using var worked = await WorkedCases.CreateAsync(provider);
        using var busan = await SignedInAsync(worked, "busan.page", "26", Roles.Supervisor);

        var page = await busan.GetPageAsync("/stats?lang=en");
        Assert.Contains("<dd id=\"stats-total\">5</dd>", page, StringComparison.Ordinal);
        foreach (var chart in new[] { "months", "outcomes", "rates", "deadline-acceptance", "stages", "satisfaction" })
        {
            Assert.Contains($"aria-labelledby=\"{chart}-title {chart}-desc\"", page, StringComparison.Ordinal);
            Assert.Contains($"<title id=\"{chart}-title\">", page, StringComparison.Ordinal);
            Assert.Contains($"<desc id=\"{chart}-desc\">", page, StringComparison.Ordinal);
        }

        Assert.Contains("<th scope=\"row\">" + worked.Month + "</th>", page, StringComparison.Ordinal);
        Assert.Contains("Deadline compliance per office: acceptance", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.Equal(0, Count(await busan.GetPageAsync("/stats?category=drugs&lang=en")));
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync("/stats?office=11")).StatusCode);
        var bad = await busan.GetPageAsync("/stats?from=someday&lang=ko");
        Assert.Contains("날짜는 YYYY-MM-DD 형식이어야 합니다.", bad, StringComparison.Ordinal);

        var download = await busan.SubmitAsync(
            "/stats",
            [KeyValuePair.Create("format", "csv"), KeyValuePair.Create("office", "26")],
            "/stats?handler=Ledger"
        );
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        var csv = Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains(worked.Closed, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(worked.Seoul, csv, StringComparison.Ordinal);
        var elsewhere = await busan.SubmitAsync(
            "/stats",
            [KeyValuePair.Create("format", "csv"), KeyValuePair.Create("office", "11")],
            "/stats?handler=Ledger"
        );
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        await using var db = worked.Platform.OpenCaseworkDb();
        Assert.Equal(
            "busan.page",
            (await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.LedgerExported)).Actor
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Administrators_read_the_figures_but_download_no_ledger(string provider)
    {
        await using var worked = await WorkedCases.CreateAsync(provider);
        using var administrator = await SignedInAsync(worked, "nat.adm", "national", Roles.Administrator);
        var page = await administrator.GetPageAsync("/stats");
        Assert.Equal(6, Count(page));
        Assert.DoesNotContain("ledger-download", page, StringComparison.Ordinal);
        var refused = await administrator.SubmitAsync(
            "/stats",
            [KeyValuePair.Create("format", "csv")],
            "/stats?handler=Ledger"
        );
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static int Count(string page)
    {
        const string start = "<dd id=\"stats-total\">";
        var at = page.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return int.Parse(page[at..page.IndexOf('<', at)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
