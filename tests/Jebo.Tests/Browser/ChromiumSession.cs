using Jebo.Casework.Staff;
using Microsoft.Playwright;

namespace Jebo.Tests.Browser;

/// <summary>Debian's Chromium driven headless through Playwright; tests skip, saying why, where it is not installed
/// (CI installs it).</summary>
internal static class ChromiumSession
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Milliseconds a page may take: two cores are shared by the whole test run.</summary>
    public const float Timeout = 90_000;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip($"Chromium is not installed at {Executable} (apt-get install chromium); .ci/run installs it");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            }
        );
        return (playwright, browser);
    }

    /// <summary>Submits a form by its button and waits until the browser has left the page (every form here answers
    /// with a redirect or a page at another address when it succeeds).</summary>
    public static Task SubmitAsync(IPage page, string button) => LeaveByAsync(page, () => page.ClickAsync(button));

    /// <summary>Clicks and waits for the new address with its document parsed, in one wait started before the click
    /// (a separate load-state wait after the address had changed once hung in CI although the page had
    /// loaded).</summary>
    private static async Task LeaveByAsync(IPage page, Func<Task> click)
    {
        var before = page.Url;
        var left = page.WaitForURLAsync(
            url => url != before,
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded }
        );
        await click();
        await left;
    }

    /// <summary>Signs in through the pages as a person does: password, then the authenticator code (enrolling the app
    /// from the secret shown at first sign-in), then the pledge if asked, ending on <paramref name="start"/> (the
    /// queue; an administrator, who reads no case, starts elsewhere). Answers the enrolled secret.</summary>
    public static async Task<byte[]> SignInAsync(
        IPage page,
        string login,
        string password,
        byte[]? secret = null,
        string start = "/cases"
    )
    {
        await page.GotoAsync(start);
        Assert.EndsWith("/signin?returnUrl=" + Uri.EscapeDataString(start), page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", password);
        await SubmitAsync(page, "button[type=submit]");
        if (page.Url.EndsWith("/signin/enrol", StringComparison.Ordinal))
        {
            Assert.NotNull(await page.QuerySelectorAsync(".qr svg"));
            secret = Totp.FromBase32((await page.TextContentAsync("#totp-secret"))!);
        }

        await page.FillAsync("input[name=code]", Totp.Code(secret!, Totp.StepAt(DateTimeOffset.UtcNow)));
        await SubmitAsync(page, "form.stack button[type=submit]");
        if (page.Url.EndsWith("/pledge", StringComparison.Ordinal))
        {
            await page.CheckAsync("input[name=agree]");
            await SubmitAsync(page, "form.stack button[type=submit]");
        }

        Assert.EndsWith(start, page.Url, StringComparison.Ordinal);
        return secret!;
    }

    /// <summary>Fills and submits the form of one case action on the case page, and checks it was done.</summary>
    public static async Task TakeActionAsync(
        IPage page,
        string caseId,
        string action,
        params (string Field, string Value)[] fields
    )
    {
        await page.GotoAsync($"/cases/{caseId}");
        var form = page.Locator($"#action-{action}");
        foreach (var (field, value) in fields)
        {
            var input = form.Locator($"[name={field}]");
            if (await input.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            {
                await input.SelectOptionAsync(value);
            }
            else
            {
                await input.FillAsync(value);
            }
        }

        await LeaveByAsync(page, () => form.Locator("button[type=submit]").ClickAsync());
        Assert.Contains($"done={action}", page.Url, StringComparison.Ordinal);
    }
}
