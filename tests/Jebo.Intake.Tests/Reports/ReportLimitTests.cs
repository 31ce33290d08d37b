using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Intake.Abuse;
using Jebo.Intake.Localization;
using Jebo.Intake.Web;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Reports;

/// <summary>A report's files add up, whichever way they come, and a client cannot park files without end: tried as an
/// attacker who wants to grow one report past what can travel, or fill intake's disk with files never sent.</summary>
public sealed partial class ReportLimitTests
{
    private static readonly string Report = TestReports.Anonymous("files that add up");

    /// <summary>A plain-text file of about this many kilobytes, different each time (so no two posts repeat).</summary>
    private static (string Field, string FileName, byte[] Bytes) Text(string field, string name, int kilobytes) =>
        (field, name, Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("n") + new string('가', kilobytes * 1024 / 3)));

    private static async Task<(int Reports, int Attachments)> StoredAsync(TestPlatform platform)
    {
        await using var db = platform.OpenIntakeDb();
        return (await db.Reports.CountAsync(), await db.Attachments.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Api_parts_over_the_reports_total_are_refused_with_413_and_nothing_is_kept(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--max-report-files-mb", "1");
        var body = PortalForms.Multipart(
            [("report", Report)],
            Text("file", "a.txt", 400),
            Text("file", "b.txt", 400),
            Text("file", "c.txt", 400)
        );

        var response = await platform.Intake.PostAsync(
            "/api/v1/reports?lang=en",
            body,
            TestContext.Current.CancellationToken
        );

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(Texts.Format("Validation.ReportTooLarge", "en", 1), problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("receipt", out _));
        Assert.Equal((0, 0), await StoredAsync(platform));

        // Two of them fit: the same client is not punished for trying.
        var fits = PortalForms.Multipart([("report", Report)], Text("file", "a.txt", 400), Text("file", "b.txt", 400));
        Assert.Equal(
            HttpStatusCode.Created,
            (await platform.Intake.PostAsync("/api/v1/reports", fits, TestContext.Current.CancellationToken)).StatusCode
        );
        Assert.Equal((1, 2), await StoredAsync(platform));
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_forms_kept_files_and_new_ones_add_up_across_posts_and_a_forged_size_does_not_help(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            provider,
            "--max-report-files-mb",
            "1",
            "--max-attachments",
            "3"
        );
        var client = platform.BrowserLikeClient();
        var fields = new List<(string, string)>
        {
            ("reporter.mode", "anonymous"),
            ("facts.description", "양식으로 파일을 나누어 올립니다"),
            ("command", "stay"),
        };

        // Post after post, each within the limits on its own, as an attacker growing one report would.
        var (first, html) = await PortalForms.PostReportAsync(
            client,
            "en",
            fields,
            Text("attachments", "one.txt", 400),
            Text("attachments", "two.txt", 400)
        );
        Assert.Equal(HttpStatusCode.OK, first);
        var kept = Kept(html);
        Assert.Equal(2, kept.Count);
        // The hidden field's size is the client's word: claim the files are tiny.
        var forged = kept.Select(k => Regex.Replace(k, @"^(\w+)\|\d+\|", "$1|1|")).ToList();

        var (second, refused) = await PortalForms.PostReportAsync(
            client,
            "en",
            [.. fields, .. forged.Select(k => ("kept", k))],
            Text("attachments", "three.txt", 400)
        );

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second);
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Format("Validation.AttachmentsOverTotal", "en", "three.txt", 1)),
            refused,
            StringComparison.Ordinal
        );
        // The earlier files and the words stay; the one over the total is not kept anywhere.
        Assert.Equal(2, Kept(refused).Count);
        Assert.Contains("양식으로 파일을 나누어 올립니다", refused, StringComparison.Ordinal);
        Assert.Equal((0, 2), await StoredAsync(platform));

        // The number adds up too: two kept and two new, with at most three.
        var (third, tooMany) = await PortalForms.PostReportAsync(
            client,
            "en",
            [.. fields, .. Kept(refused).Select(k => ("kept", k))],
            Text("attachments", "small1.txt", 1),
            Text("attachments", "small2.txt", 1)
        );
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Format("Validation.AttachmentTooMany", "en", "small2.txt", 3)),
            tooMany,
            StringComparison.Ordinal
        );
        Assert.Equal(3, Kept(tooMany).Count);
        Assert.Equal(HttpStatusCode.OK, third);

        // And what is within the limits is sent, with its files.
        var send = fields
            .Where(f => f.Item1 != "command")
            .Append(("command", "send"))
            .Concat(Kept(tooMany).Select(k => ("kept", k)));
        var (sent, receipt) = await PortalForms.PostReportAsync(client, "en", send);
        Assert.Equal(HttpStatusCode.OK, sent);
        Assert.NotNull(PortalForms.Receipt(receipt));
        Assert.Equal((1, 3), await StoredAsync(platform));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_report_too_large_to_travel_is_refused_with_413_by_the_api_and_the_form_and_never_gets_a_receipt(
        string provider
    )
    {
        // A bundle is as large as the format allows; here it is made small so that a test can reach it.
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Intake = o => o with { MaxTravelBytes = 300 * 1024 } }
        );

        var api = await platform.Intake.PostAsync(
            "/api/v1/reports?lang=en",
            PortalForms.Multipart([("report", Report)], Text("file", "big.txt", 400)),
            TestContext.Current.CancellationToken
        );
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, api.StatusCode);
        Assert.Equal(
            Texts.Format("Validation.ReportTooLarge", "en", 100),
            (await api.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))
                .GetProperty("detail")
                .GetString()
        );
        Assert.Equal((0, 0), await StoredAsync(platform));

        var client = platform.BrowserLikeClient();
        var (status, html) = await PortalForms.PostReportAsync(
            client,
            "ko",
            [("reporter.mode", "anonymous"), ("facts.description", "너무 커서 보낼 수 없는 제보"), ("command", "send")],
            Text("attachments", "big.txt", 400)
        );
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Null(PortalForms.Receipt(html));
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Format("Validation.ReportTooLarge", "ko", 100)),
            html,
            StringComparison.Ordinal
        );
        // Nothing was stored as a report; the file stays kept with the form, for the reporter to remove.
        Assert.Single(Kept(html));
        Assert.Equal((0, 1), await StoredAsync(platform));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_client_cannot_park_more_files_than_its_limit_and_removing_one_makes_room(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Abuse = AbuseSettings.Defaults with { ParkedFilesPerClient = 2 },
            }
        );
        var client = platform.BrowserLikeClient();
        var fields = new List<(string, string)>
        {
            ("reporter.mode", "anonymous"),
            ("facts.description", "파일을 잔뜩 올려 두기"),
            ("command", "stay"),
        };
        var (_, html) = await PortalForms.PostReportAsync(
            client,
            "en",
            fields,
            Text("attachments", "one.txt", 1),
            Text("attachments", "two.txt", 1)
        );
        var kept = Kept(html);
        Assert.Equal(2, kept.Count);

        // A fresh form (the kept list thrown away) does not reset the count: the files are still parked.
        var (held, page) = await PortalForms.PostReportAsync(client, "en", fields, Text("attachments", "three.txt", 1));

        Assert.Equal(HttpStatusCode.TooManyRequests, held);
        Assert.Contains(WebUtility.HtmlEncode(IntakeProblems.Title("en", "parked")), page, StringComparison.Ordinal);
        Assert.Equal((0, 2), await StoredAsync(platform));

        // The reporter removes one of the kept files: there is room again.
        await PortalForms.PostReportAsync(
            client,
            "en",
            [
                .. fields.Where(f => f.Item1 != "command"),
                ("command", "remove-attachment:" + kept[0].Split('|')[0]),
                .. kept.Select(k => ("kept", k)),
            ]
        );
        var (again, _) = await PortalForms.PostReportAsync(client, "en", fields, Text("attachments", "three.txt", 1));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal((0, 2), await StoredAsync(platform));
    }

    [Theory]
    [DatabaseProviders]
    public async Task When_parked_files_fill_their_quota_uploads_wait_with_503_and_reports_without_files_still_go_in(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Abuse = AbuseSettings.Defaults with { ParkedBytesInAll = (5 * 1024 * 1024) / 2 },
            },
            "--max-attachment-mb",
            "1"
        );
        var client = platform.BrowserLikeClient();
        var fields = new List<(string, string)>
        {
            ("reporter.mode", "anonymous"),
            ("facts.description", "디스크 채우기"),
            ("command", "stay"),
        };
        var (first, _) = await PortalForms.PostReportAsync(
            client,
            "en",
            fields,
            Text("attachments", "a.txt", 600),
            Text("attachments", "b.txt", 600)
        );
        Assert.Equal(HttpStatusCode.OK, first);
        var (second, _) = await PortalForms.PostReportAsync(client, "en", fields, Text("attachments", "c.txt", 600));
        Assert.Equal(HttpStatusCode.OK, second);

        // About 1.8 MB parked: no room for another file of up to 1 MB under a 2.5 MB quota.
        var (full, page) = await PortalForms.PostReportAsync(client, "en", fields, Text("attachments", "d.txt", 10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full);
        Assert.Contains(WebUtility.HtmlEncode(IntakeProblems.Title("en", "busy")), page, StringComparison.Ordinal);
        var api = await platform.Intake.PostAsync(
            "/api/v1/reports",
            PortalForms.Multipart([("report", Report)], Text("file", "e.txt", 10)),
            TestContext.Current.CancellationToken
        );
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal((0, 3), await StoredAsync(platform));

        // A report without files does not need the disk's room.
        await platform.SubmitAsync("파일 없는 제보는 그대로 접수됩니다");
        Assert.Equal((1, 3), await StoredAsync(platform));
    }

    private static List<string> Kept(string html) =>
        [.. KeptField().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<input type=\"hidden\" name=\"kept\" value=\"([^\"]+)\"")]
    private static partial Regex KeptField();
}
