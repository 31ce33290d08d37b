using System.Net;
using Jebo.Intake.Abuse;
using Jebo.Intake.Web;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Pages;

/// <summary>The pages go through the same abuse guard as the API: limits, repeats, the honeypot and failed look-ups
/// answer with a page in the reporter's language that keeps what they typed.</summary>
public sealed class PageDefenceTests
{
    private static (string, string)[] Report(string description) =>
        [
            ("reporter.mode", "anonymous"),
            ("category", "drugs"),
            ("region", "11110"),
            ("facts.description", description),
        ];

    [Theory]
    [DatabaseProviders]
    public async Task The_same_report_sent_twice_from_the_form_is_refused_the_second_time_and_the_input_kept(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var words = "종로구 골목 창고에서 마약을 나눠 파는 일당이 있습니다 4c1e";

        var (first, firstHtml) = await PortalForms.PostReportAsync(client, "en", Report(words));
        var (second, secondHtml) = await PortalForms.PostReportAsync(client, "en", Report(words));

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.NotNull(PortalForms.Receipt(firstHtml));
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Contains(
            WebUtility.HtmlEncode(IntakeProblems.Title("en", "repeat")),
            secondHtml,
            StringComparison.Ordinal
        );
        Assert.Contains(WebUtility.HtmlEncode(words), secondHtml, StringComparison.Ordinal);
        Assert.Null(PortalForms.Receipt(secondHtml));
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(1, await db.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Past_the_hourly_allowance_the_form_answers_429_with_a_time_to_retry_and_keeps_the_input(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Abuse = AbuseSettings.Defaults with { UnprovenSubmissionsPerClientPerHour = 2 },
            }
        );
        var client = platform.BrowserLikeClient();

        for (var i = 0; i < 2; i++)
        {
            var (status, _) = await PortalForms.PostReportAsync(
                client,
                "ko",
                Report($"서로 다른 제보 내용입니다, 도박장 운영 {i} 번째")
            );
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var form = await client.GetStringAsync("/report?lang=ko");
        var response = await client.PostAsync(
            "/report",
            PortalForms.Multipart([
                ("__af", PortalForms.Token(form)),
                .. Report("세 번째 제보는 잠시 뒤에 받습니다 9b2d"),
            ])
        );
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 });
        Assert.Contains(WebUtility.HtmlEncode(IntakeProblems.Title("ko", "limited")), html, StringComparison.Ordinal);
        Assert.Contains("세 번째 제보는 잠시 뒤에 받습니다 9b2d", html, StringComparison.Ordinal);
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(2, await db.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_filled_honeypot_keeps_the_report_and_marks_it_for_casework(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var form = await client.GetStringAsync("/report?lang=en");
        Assert.Contains("name=\"website\"", form, StringComparison.Ordinal);

        var (status, html) = await PortalForms.PostReportAsync(
            client,
            "en",
            [
                .. Report("A gang collects protection money from the night market stalls every Friday"),
                ("website", "http://spam.example"),
            ]
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(PortalForms.Receipt(html));
        await platform.TransferAsync();
        await using var casework = platform.OpenCaseworkDb();
        Assert.Contains("honeypot", (await casework.Reports.SingleAsync()).Marks, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Repeated_failed_look_ups_on_the_status_page_end_in_a_block_the_page_explains(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Abuse = AbuseSettings.Defaults with
                {
                    FreeFailures = 1,
                    BlockAfterFailures = 3,
                    DelayPerFailure = TimeSpan.FromMilliseconds(1),
                },
            }
        );
        var client = platform.BrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        string html = "";
        for (var i = 0; i < 5; i++)
        {
            (var status, html) = await PortalForms.PostStatusAsync(client, "zh", "7KQ2-M9XD-4HTR-E8PA-WZ3C");
            statuses.Add(status);
        }

        Assert.Equal(HttpStatusCode.BadRequest, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains(WebUtility.HtmlEncode(IntakeProblems.Title("zh", "limited")), html, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_honest_reporter_on_the_pages_never_meets_a_limit(string provider)
    {
        // Default limits, no script: one report, a few look-ups over the following days, one follow-up.
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var (reported, html) = await PortalForms.PostReportAsync(
            client,
            "ko",
            Report("사하구 시장 상인들에게 매달 보호비를 걷는 조직이 있습니다 71af")
        );
        Assert.Equal(HttpStatusCode.OK, reported);
        var receipt = PortalForms.Receipt(html)!;

        for (var i = 0; i < 4; i++)
        {
            var (looked, _) = await PortalForms.PostStatusAsync(client, "ko", receipt);
            Assert.Equal(HttpStatusCode.OK, looked);
        }

        var (_, page) = await PortalForms.PostStatusAsync(client, "ko", receipt);
        var followUp = await client.PostAsync(
            "/status?handler=FollowUp",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(page)),
                new("receipt", receipt),
                new("text", "차량 번호를 덧붙입니다: 12가3456"),
            ])
        );
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Past_the_per_minute_ceiling_the_form_page_itself_answers_429_before_reading_anything(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Abuse = AbuseSettings.Defaults with
                {
                    SubmitRequestsPerClientPerMinute = 2,
                    LookupRequestsPerClientPerMinute = 2,
                },
            }
        );
        var client = platform.BrowserLikeClient();
        var report = new List<HttpStatusCode>();
        var status = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            report.Add((await client.GetAsync("/report?lang=en")).StatusCode);
            status.Add((await client.GetAsync("/status?lang=en")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], report);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], status);
        // the landing page is not limited
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/?lang=en")).StatusCode);
    }
}
