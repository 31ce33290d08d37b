using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jebo.Tests.Browser;

/// <summary>The staff application in a real browser: sign-in with TOTP, the pledge, and a case walked through the
/// lifecycle from acceptance to the message the reporter reads with the receipt.</summary>
public sealed class StaffPagesInChromiumTests
{
    private static async Task<string> AddAsync(
        TestPlatform platform,
        string login,
        string office,
        string role,
        bool pledge
    )
    {
        var password = "Chromium-test-" + login;
        string[] args = ["users", "add", "--login", login, "--office", office, "--role", role, "--password-stdin"];
        await platform.RunCliAsync(password + "\n", pledge ? [.. args, "--pledge-signed"] : args);
        return password;
    }

    [Fact]
    public async Task A_case_is_walked_through_the_staff_pages_and_the_reporter_reads_the_answer()
    {
        var (playwright, browser) = await ChromiumSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Browser tests run on SQLite only (they are the slowest); the same pages run on both databases in the page
        // tests.
        await using var platform = await TestPlatform.StartServedAsync(TestDatabases.Sqlite);
        var marker = "marker" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync(
            $"사하구 유흥가에서 조직원들이 보호비를 걷습니다 {marker}",
            region: "26380",
            reporter: new
            {
                anonymous = false,
                name = "김제보",
                phone = "010-9876-5432",
                contactConsent = true,
            }
        );
        await platform.TransferAsync();
        string caseId;
        await using (var db = platform.OpenCaseworkDb())
        {
            caseId = await db.Cases.Select(c => c.Id).SingleAsync();
        }

        var screener = await AddAsync(platform, "busan.scr", "26", Roles.Screener, pledge: false);
        var investigator = await AddAsync(platform, "busan.inv", "26", Roles.Investigator, pledge: true);
        var reviewer = await AddAsync(platform, "nat.sup", "national", Roles.Supervisor, pledge: true);

        async Task<IPage> PersonAsync(string login, string password)
        {
            var context = await browser.NewContextAsync(
                new BrowserNewContextOptions { BaseURL = platform.CaseworkAddress!.ToString(), Locale = "ko-KR" }
            );
            context.SetDefaultTimeout(ChromiumSession.Timeout);
            var page = await context.NewPageAsync();
            await ChromiumSession.SignInAsync(page, login, password);
            return page;
        }

        // The screener (who accepts the pledge in the browser) sees the case in the queue and accepts it.
        var screening = await PersonAsync("busan.scr", screener);
        Assert.Contains(caseId, await screening.ContentAsync(), StringComparison.Ordinal);
        await ChromiumSession.TakeActionAsync(screening, caseId, "accept");

        // The investigator verifies: starts, looks at the reporter's identity (recorded), records the contact and the
        // result.
        var investigating = await PersonAsync("busan.inv", investigator);
        await ChromiumSession.TakeActionAsync(investigating, caseId, "start-verification");
        await investigating.GotoAsync($"/cases/{caseId}");
        Assert.Contains(marker, await investigating.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("김제보", await investigating.ContentAsync(), StringComparison.Ordinal);
        await investigating.FillAsync("#identity-purpose", "제보자에게 추가 진술을 듣기 위한 연락");
        await ChromiumSession.SubmitAsync(investigating, "form[action*='handler=Identity'] button");
        Assert.Contains("010-9876-5432", await investigating.ContentAsync(), StringComparison.Ordinal);
        await ChromiumSession.TakeActionAsync(
            investigating,
            caseId,
            "record-contact",
            ("channel", "phone"),
            ("outcome", "reached"),
            ("note", "제보자와 통화하여 추가 진술을 들음")
        );
        await ChromiumSession.TakeActionAsync(
            investigating,
            caseId,
            "record-result",
            ("result", "substantiated"),
            ("summary", "현장 확인 결과 사실로 확인됨")
        );

        // Feedback cannot go out before the office above reviewed the result (the double check).
        await investigating.GotoAsync($"/cases/{caseId}");
        Assert.Equal(0, await investigating.Locator("#action-publish-status").CountAsync());

        var reviewing = await PersonAsync("nat.sup", reviewer);
        await ChromiumSession.TakeActionAsync(reviewing, caseId, "review", ("decision", "approve"));

        var message = "제보해 주신 내용이 사실로 확인되어 조치하였습니다. 감사합니다.";
        await ChromiumSession.TakeActionAsync(investigating, caseId, "publish-status", ("message", message));
        var timeline = await investigating.TextContentAsync("body");
        foreach (
            var step in new[]
            {
                "case.accept",
                "case.start-verification",
                "identity.viewed",
                "case.record-contact",
                "case.record-result",
                "case.review",
                "case.publish-status",
            }
        )
        {
            Assert.Contains(step, timeline, StringComparison.Ordinal);
        }

        // An auditor answers "who saw this reporter's identity, and when" from the case in one click.
        var auditorPassword = await AddAsync(platform, "nat.aud", "national", Roles.Auditor, pledge: true);
        var auditing = await PersonAsync("nat.aud", auditorPassword);
        await auditing.GotoAsync($"/cases/{caseId}");
        await auditing.ClickAsync("#who-saw-identity");
        Assert.EndsWith($"/audit/identity/{caseId}", auditing.Url, StringComparison.Ordinal);
        var showings = await auditing.TextContentAsync("#identity-showings") ?? "";
        Assert.Contains("busan.inv", showings, StringComparison.Ordinal);
        Assert.DoesNotContain("nat.sup", showings, StringComparison.Ordinal);
        Assert.DoesNotContain("010-9876-5432", await auditing.ContentAsync(), StringComparison.Ordinal);

        // JEBO_SCREENSHOTS=DIR keeps pictures of the pages for a person to look at.
        if (Environment.GetEnvironmentVariable("JEBO_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await investigating.ScreenshotAsync(
                new PageScreenshotOptions { Path = Path.Combine(folder, "case.png"), FullPage = true }
            );
            await investigating.GotoAsync("/cases");
            await investigating.ScreenshotAsync(
                new PageScreenshotOptions { Path = Path.Combine(folder, "queue.png"), FullPage = true }
            );
            await auditing.ScreenshotAsync(
                new PageScreenshotOptions { Path = Path.Combine(folder, "identity-showings.png"), FullPage = true }
            );
            await auditing.GotoAsync("/audit");
            await auditing.ScreenshotAsync(
                new PageScreenshotOptions { Path = Path.Combine(folder, "audit.png"), FullPage = true }
            );
        }

        // The reporter reads the status and the message with the receipt.
        await platform.TransferAsync();
        var status = await (
            await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })
        ).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Contains(status.GetProperty("messages").EnumerateArray(), m =>
            m.GetProperty("text").GetString() == message
        );
    }

    [Fact]
    public async Task Pages_render_in_Chromium_under_the_content_security_policy_without_errors()
    {
        var (playwright, browser) = await ChromiumSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Browser tests run on SQLite only (they are the slowest); the same pages run on both databases in the page
        // tests.
        await using var platform = await TestPlatform.StartServedAsync(TestDatabases.Sqlite);
        // Administrators read no case (need to know): a national supervisor walks the case pages, the administrator the
        // rest.
        var walks = new (string Login, string Role, string[] Paths)[]
        {
            (
                "viewer",
                Roles.Administrator,
                [
                    "/offices",
                    "/account/tokens",
                    "/admin/users",
                    "/pledge?lang=zh",
                    "/audit",
                    "/audit/alerts?lang=en",
                    "/audit/identity",
                ]
            ),
            ("nat.sup", Roles.Supervisor, ["/cases?lang=en", "/queues/overdue"]),
        };
        var problems = new List<string>();
        foreach (var (login, role, paths) in walks)
        {
            var password = await AddAsync(platform, login, "national", role, pledge: true);
            var context = await browser.NewContextAsync(
                new BrowserNewContextOptions { BaseURL = platform.CaseworkAddress!.ToString() }
            );
            context.SetDefaultTimeout(ChromiumSession.Timeout);
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    problems.Add(message.Text);
                }
            };
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    problems.Add($"{response.Status} {response.Url}");
                }
            };
            await ChromiumSession.SignInAsync(page, login, password, start: paths[0]);
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(200, response!.Status);
                // The style sheet applied: the header bar is coloured, so 'self' styles load under the policy.
                Assert.NotEqual(
                    "rgba(0, 0, 0, 0)",
                    await page.EvalOnSelectorAsync<string>("header.top", "e => getComputedStyle(e).backgroundColor")
                );
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_statistics_page_has_no_axe_violation_in_any_language_at_desktop_and_phone_widths()
    {
        Assert.SkipWhen(
            AxeCore.Script is null,
            "accessibility test skipped: axe-core is not installed (run `npm ci` in tests/browser)"
        );
        var (playwright, browser) = await ChromiumSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var platform = await TestPlatform.StartServedAsync(TestDatabases.Sqlite);
        // Figures to draw: one case worked to the reporter's answer, one named report left waiting.
        await platform.SubmitAsync("사하구 유흥가 보호비 갈취 조직이 매주 돈을 걷습니다 axe-1", region: "26380");
        await platform.SubmitAsync(
            "다대포 항구에서 밀수품을 옮기는 조직이 있습니다 axe-2",
            region: "26380",
            reporter: new
            {
                anonymous = false,
                name = "김제보",
                phone = "010-9876-5432",
                contactConsent = true,
            }
        );
        await platform.TransferAsync();
        var publisher = await ResultPublisher.CreateAsync(platform);
        await publisher.PublishAsync(
            await publisher.CaseOfAsync("axe-1"),
            new Dictionary<string, string> { ["result"] = "substantiated", ["summary"] = "확인됨" },
            "사실로 확인되어 조치하였습니다."
        );
        var password = await AddAsync(platform, "nat.stats", "national", Roles.Supervisor, pledge: true);
        var violations = new List<string>();
        var context = await browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                BaseURL = platform.CaseworkAddress!.ToString(),
                // The page's own policy rightly refuses the injected axe script; the test lifts it for itself.
                BypassCSP = true,
            }
        );
        context.SetDefaultTimeout(ChromiumSession.Timeout);
        var page = await context.NewPageAsync();
        await ChromiumSession.SignInAsync(page, "nat.stats", password, start: "/stats");
        foreach (var width in new[] { 1280, 360 })
        {
            await page.SetViewportSizeAsync(width, 900);
            foreach (var language in new[] { "ko", "en", "zh" })
            {
                var response = await page.GotoAsync($"/stats?lang={language}");
                Assert.Equal(200, response!.Status);
                // Thirteen charts; each drawn has its title and table (no case was rejected: that one says so).
                Assert.Equal(13, await page.Locator("figure.chart").CountAsync());
                Assert.Equal(12, await page.Locator("figure.chart svg[role=img] title").CountAsync());
                Assert.Equal(12, await page.Locator("figure.chart table.chart-data").CountAsync());
                Assert.Equal(0, await page.Locator("script").CountAsync());
                await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeCore.Script });
                var result = await page.EvaluateAsync<JsonElement>(AxeCore.Run);
                violations.AddRange(
                    result
                        .GetProperty("violations")
                        .EnumerateArray()
                        .Select(v =>
                            $"{language} {width}px {v.GetProperty("id").GetString()}: "
                            + $"{v.GetProperty("help").GetString()} ({v.GetProperty("nodes").GetArrayLength()}x)"
                        )
                );
            }

            if (Environment.GetEnvironmentVariable("JEBO_SCREENSHOTS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                await page.ScreenshotAsync(
                    new PageScreenshotOptions { Path = Path.Combine(folder, $"stats-{width}.png"), FullPage = true }
                );
            }
        }

        Assert.Empty(violations);
    }
}
