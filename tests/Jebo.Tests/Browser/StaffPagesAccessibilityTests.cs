using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jebo.Tests.Browser;

/// <summary>Issue 15, item 9: axe-core (WCAG 2.0 and 2.1, A and AA) finds nothing on any staff page, for the roles
/// that see it, at desktop (1280×800) and phone (360×740) sizes, and no page is wider than a phone's screen. The
/// pages are listed in <see cref="Visits"/>; a page the table lacks fails
/// <see cref="Every_staff_page_is_in_the_accessibility_table"/>.</summary>
public sealed class StaffPagesAccessibilityTests
{
    /// <summary>Who opens a page: the Busan office's supervisor (cases, queues, forms), the national supervisor (the
    /// review above, the alerts), the national auditor (the audit pages), the national administrator (accounts), or
    /// <see cref="SigningIn"/> for the pages a person meets while signing in.</summary>
    private const string Busan = "busan.sup";
    private const string National = "nat.sup";
    private const string Auditor = "nat.aud";
    private const string Administrator = "nat.adm";
    private const string SigningIn = "signing-in";

    /// <summary>Every staff page (its Razor file) and where the test opens it. <c>{a}</c> is a case with two reports,
    /// a follow-up, a contact, a note and a result waiting for the national review; <c>{b}</c> a case worked to the
    /// reporter's answer.</summary>
    private static readonly (string Page, string Who, string Path, HttpStatusCode Status)[] Visits =
    [
        ("/Pages/SignIn/Index.cshtml", SigningIn, "/signin", HttpStatusCode.OK),
        ("/Pages/SignIn/Enrol.cshtml", SigningIn, "/signin/enrol", HttpStatusCode.OK),
        ("/Pages/SignIn/Code.cshtml", SigningIn, "/signin/code", HttpStatusCode.OK),
        ("/Pages/Pledge.cshtml", SigningIn, "/pledge", HttpStatusCode.OK),
        ("/Pages/Pledge.cshtml", Busan, "/pledge", HttpStatusCode.OK),
        ("/Pages/Cases/Index.cshtml", Busan, "/cases", HttpStatusCode.OK),
        ("/Pages/Cases/Index.cshtml", Busan, "/cases?q=보호비&assignee=me", HttpStatusCode.OK),
        ("/Pages/Cases/Case.cshtml", Busan, "/cases/{a}", HttpStatusCode.OK),
        ("/Pages/Cases/Case.cshtml", Busan, "/cases/{b}", HttpStatusCode.OK),
        ("/Pages/Cases/Case.cshtml", National, "/cases/{a}", HttpStatusCode.OK),
        ("/Pages/Cases/Case.cshtml", Auditor, "/cases/{a}", HttpStatusCode.OK),
        ("/Pages/Cases/New.cshtml", Busan, "/cases/new", HttpStatusCode.OK),
        ("/Pages/Queues/Queue.cshtml", Busan, "/queues/follow-ups", HttpStatusCode.OK),
        ("/Pages/Queues/Queue.cshtml", Busan, "/queues/due-soon", HttpStatusCode.OK),
        ("/Pages/Queues/Queue.cshtml", Busan, "/queues/rewards", HttpStatusCode.OK),
        ("/Pages/Queues/Queue.cshtml", National, "/queues/supervision", HttpStatusCode.OK),
        ("/Pages/Samples/Index.cshtml", National, "/samples", HttpStatusCode.OK),
        ("/Pages/Statistics/Index.cshtml", National, "/stats", HttpStatusCode.OK),
        ("/Pages/Statistics/Index.cshtml", Busan, "/stats?from=2000-13-01", HttpStatusCode.OK),
        ("/Pages/Offices/Index.cshtml", Busan, "/offices", HttpStatusCode.OK),
        ("/Pages/Account/Tokens.cshtml", Busan, "/account/tokens", HttpStatusCode.OK),
        ("/Pages/Account/Password.cshtml", Busan, "/account/password", HttpStatusCode.OK),
        ("/Pages/Audit/Index.cshtml", Auditor, "/audit", HttpStatusCode.OK),
        ("/Pages/Audit/Identity.cshtml", Auditor, "/audit/identity/{a}", HttpStatusCode.OK),
        ("/Pages/Audit/Identity.cshtml", Auditor, "/audit/identity", HttpStatusCode.OK),
        ("/Pages/Audit/Alerts.cshtml", National, "/audit/alerts", HttpStatusCode.OK),
        ("/Pages/Staff/Index.cshtml", Administrator, "/admin/users", HttpStatusCode.OK),
        ("/Pages/Staff/User.cshtml", Administrator, "/admin/users/" + Busan, HttpStatusCode.OK),
        ("/Pages/Pledges/Index.cshtml", Administrator, "/pledges", HttpStatusCode.OK),
        ("/Pages/Pledges/Index.cshtml", Auditor, "/pledges", HttpStatusCode.OK),
        ("/Pages/Pledges/Texts.cshtml", Administrator, "/pledges/texts", HttpStatusCode.OK),
        ("/Pages/Error.cshtml", Busan, "/cases/NO-SUCH-CASE", HttpStatusCode.NotFound),
        ("/Pages/SignOut.cshtml", Busan, "/signout", HttpStatusCode.OK),
        // The start page only sends people on (to the queue, or an administrator to the accounts).
        ("/Pages/Index.cshtml", Busan, "/", HttpStatusCode.OK),
    ];

    private static readonly (int Width, int Height)[] Sizes = [(1280, 800), (360, 740)];

    /// <summary>The innermost elements reaching past the screen's right edge, to say what to fix.</summary>
    private const string WiderThanTheScreen =
        "() => [...document.querySelectorAll('body *')]"
        + ".filter(e => e.getBoundingClientRect().right > innerWidth + 1"
        + " && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))"
        + ".slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
        + " + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))";

    [Fact]
    public void Every_staff_page_is_in_the_accessibility_table()
    {
        var pages = typeof(Jebo.Casework.CaseworkZone)
            .Assembly.GetCustomAttributes<RazorCompiledItemAttribute>()
            .Where(item => item.Kind == "mvc.1.0.razor-page")
            .Select(item => item.Identifier)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("/Pages/Cases/Case.cshtml", pages);
        Assert.Equal(pages, Visits.Select(v => v.Page).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_staff_page_has_no_axe_violation_and_fits_at_desktop_and_phone_sizes()
    {
        Assert.SkipWhen(
            AxeCore.Script is null,
            "accessibility test skipped: axe-core is not installed (run `npm ci` in tests/browser)"
        );
        var (playwright, browser) = await ChromiumSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var platform = await TestPlatform.StartServedAsync(TestDatabases.Sqlite);
        var cases = await SeedAsync(platform);
        var problems = new List<string>();
        var visited = new HashSet<int>();

        async Task CheckAsync(IPage page, int visit)
        {
            visited.Add(visit);
            foreach (var (width, height) in Sizes)
            {
                await page.SetViewportSizeAsync(width, height);
                if (await page.EvaluateAsync<bool>("() => typeof axe === 'undefined'"))
                {
                    await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeCore.Script });
                }

                var result = await page.EvaluateAsync<JsonElement>(AxeCore.Run);
                var where = $"{Visits[visit].Who} {Visits[visit].Path} at {width} px";
                // axe ran its rules on the page (an empty or unreadable page would pass no rule).
                Assert.True(result.GetProperty("passes").GetArrayLength() > 5, where);
                foreach (var violation in result.GetProperty("violations").EnumerateArray())
                {
                    var targets = violation
                        .GetProperty("nodes")
                        .EnumerateArray()
                        .Select(n =>
                            string.Join(" ", n.GetProperty("target").EnumerateArray().Select(t => t.ToString()))
                        );
                    problems.Add(
                        $"{where}: {violation.GetProperty("id").GetString()} on {string.Join(", ", targets.Take(6))}"
                    );
                }

                if (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > innerWidth + 1"))
                {
                    var wide = await page.EvaluateAsync<string[]>(WiderThanTheScreen);
                    problems.Add($"{where}: wider than the screen (scrolls sideways): {string.Join(", ", wide)}");
                }
            }
        }

        int VisitOf(string page, string who) =>
            Array.FindIndex(Visits, v => v.Page == page && v.Who == who) is var i and >= 0
                ? i
                : throw new InvalidOperationException(page);

        var pages = new Dictionary<string, IPage>();
        foreach (var (login, office, role) in People)
        {
            var password = "Accessible-" + login;
            string[] add = ["users", "add", "--login", login, "--office", office, "--role", role, "--password-stdin"];
            // The Busan supervisor signs the pledge in the browser; the others have it on record.
            await platform.RunCliAsync(password + "\n", login == Busan ? add : [.. add, "--pledge-signed"]);
            var context = await browser.NewContextAsync(
                new BrowserNewContextOptions
                {
                    BaseURL = platform.CaseworkAddress!.ToString(),
                    Locale = "ko-KR",
                    // The page's own policy rightly refuses the injected axe script; the test lifts it for itself.
                    BypassCSP = true,
                }
            );
            context.SetDefaultTimeout(ChromiumSession.Timeout);
            var page = await context.NewPageAsync();
            pages[login] = page;
            Func<string, Task> check =
                login == Busan ? path => CheckAsync(page, VisitOf(path, SigningIn)) : _ => Task.CompletedTask;
            var secret = await SignInAsync(page, login, password, null, check);
            if (login == Busan)
            {
                // Signed out and in again: the authenticator's code alone, without enrolment.
                await page.GotoAsync("/signout");
                await ChromiumSession.SubmitAsync(page, "main form button[type=submit]");
                await SignInAsync(page, login, password, secret, check);
            }
        }

        for (var i = 0; i < Visits.Length; i++)
        {
            var (_, who, path, status) = Visits[i];
            if (who == SigningIn)
            {
                continue;
            }

            var response = await pages[who].GotoAsync(path.Replace("{a}", cases.A).Replace("{b}", cases.B));
            Assert.True((HttpStatusCode)response!.Status == status, $"{who} {path} answered {response.Status}");
            await CheckAsync(pages[who], i);
        }

        Assert.Equal(Enumerable.Range(0, Visits.Length), visited.Order());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static readonly (string Login, string Office, string Role)[] People =
    [
        (Busan, "26", Roles.Supervisor),
        (National, "national", Roles.Supervisor),
        (Auditor, "national", Roles.Auditor),
        (Administrator, "national", Roles.Administrator),
    ];

    /// <summary>Signs in through the pages, calling <paramref name="check"/> on each page of the way (by its
    /// address): the password, the enrolment (or the code), the pledge.</summary>
    private static async Task<byte[]> SignInAsync(
        IPage page,
        string login,
        string password,
        byte[]? secret,
        Func<string, Task> check
    )
    {
        await page.GotoAsync("/signin");
        await check("/Pages/SignIn/Index.cshtml");
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", password);
        await ChromiumSession.SubmitAsync(page, "main button[type=submit]");
        var step = Totp.StepAt(DateTimeOffset.UtcNow);
        if (secret is null)
        {
            Assert.EndsWith("/signin/enrol", page.Url, StringComparison.Ordinal);
            await check("/Pages/SignIn/Enrol.cshtml");
            secret = Totp.FromBase32((await page.TextContentAsync("#totp-secret"))!)!;
        }
        else
        {
            Assert.EndsWith("/signin/code", page.Url, StringComparison.Ordinal);
            await check("/Pages/SignIn/Code.cshtml");
            // The code of the next step (within the allowed drift), never the one enrolment used.
            step++;
        }

        await page.FillAsync("input[name=code]", Totp.Code(secret, step));
        await ChromiumSession.SubmitAsync(page, "form.stack button[type=submit]");
        if (page.Url.EndsWith("/pledge", StringComparison.Ordinal))
        {
            await check("/Pages/Pledge.cshtml");
            await page.CheckAsync("input[name=agree]");
            await ChromiumSession.SubmitAsync(page, "form.stack button[type=submit]");
        }

        return secret;
    }

    /// <summary>Data so the pages are not empty: case A (Busan, a named reporter who consented, a
    /// follow-up, a contact, a note, a result waiting for the national review) and case B (worked to the reporter's
    /// answer).</summary>
    private static async Task<(string A, string B)> SeedAsync(TestPlatform platform)
    {
        var receipt = await platform.SubmitAsync(
            "사하구 유흥가에서 조직원들이 보호비를 걷습니다 alphamark",
            region: "26380",
            reporter: new
            {
                anonymous = false,
                name = "김제보",
                phone = "010-9876-5432",
                contactConsent = true,
            }
        );
        await platform.SubmitAsync("다대포 항구에서 밀수품을 옮기는 조직이 있습니다 bravomark", region: "26380");
        await platform.TransferAsync();
        var followUp = await platform.Intake.PostAsJsonAsync(
            "/api/v1/followups",
            new { receipt, text = "어제 또 와서 돈을 요구했습니다. 차량 번호는 12가3456입니다." }
        );
        Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
        await platform.TransferAsync();
        var publisher = await ResultPublisher.CreateAsync(platform);
        var a = await publisher.CaseOfAsync("alphamark");
        var b = await publisher.CaseOfAsync("bravomark");
        await publisher.PublishAsync(
            b,
            new Dictionary<string, string>
            {
                ["result"] = "substantiated",
                ["summary"] = "현장 확인 결과 사실로 확인됨",
            },
            "제보해 주신 내용이 사실로 확인되어 조치하였습니다."
        );
        foreach (
            var step in new[]
            {
                ResultPublisher.Action(CaseAction.Accept),
                ResultPublisher.Action(CaseAction.StartVerification),
                ResultPublisher.Action(CaseAction.Note, ("text", "현장 사진은 내일 확보 예정")),
                ResultPublisher.Action(
                    CaseAction.RecordContact,
                    ("channel", "phone"),
                    ("outcome", "reached"),
                    ("note", "추가 진술 청취")
                ),
                ResultPublisher.Action(CaseAction.RecordResult, ("result", "substantiated"), ("summary", "사실 확인")),
            }
        )
        {
            await ResultPublisher.ActAsync(publisher.Busan, a, step);
        }

        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(2, await db.Cases.CountAsync());
        return (a, b);
    }
}
