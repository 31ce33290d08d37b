using Jebo.Casework.Staff;
using Microsoft.Playwright;

namespace Jebo.Tests.Browser;

/// <summary>Debian's Chromium driven headless through Playwright; tests skip, saying why, where it is not installed
/// (CI installs it).</summary>
internal static class ChromiumSession
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip($"Chromium is not installed at {Executable} (apt-get install chromium); .ci/run installs it");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        return (playwright, browser);
    }

    /// <summary>Signs in through the pages as a person does: password, then the authenticator code (enrolling the app
    /// from the secret shown at first sign-in), then the pledge if asked. Answers the enrolled secret.</summary>
    public static async Task<byte[]> SignInAsync(IPage page, string login, string password, byte[]? secret = null)
    {
        await page.GotoAsync("/cases");
        Assert.EndsWith("/signin?returnUrl=%2Fcases", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync();
        if (page.Url.EndsWith("/signin/enrol", StringComparison.Ordinal))
        {
            Assert.NotNull(await page.QuerySelectorAsync(".qr svg"));
            secret = Totp.FromBase32((await page.TextContentAsync("#totp-secret"))!);
        }

        await page.FillAsync("input[name=code]", Totp.Code(secret!, Totp.StepAt(DateTimeOffset.UtcNow)));
        await page.ClickAsync("form.stack button[type=submit]");
        await page.WaitForLoadStateAsync();
        if (page.Url.EndsWith("/pledge", StringComparison.Ordinal))
        {
            await page.CheckAsync("input[name=agree]");
            await page.ClickAsync("form.stack button[type=submit]");
            await page.WaitForLoadStateAsync();
        }

        Assert.EndsWith("/cases", page.Url, StringComparison.Ordinal);
        return secret!;
    }

    /// <summary>Fills and submits the form of one case action on the case page, and checks it was done.</summary>
    public static async Task TakeActionAsync(IPage page, string caseId, string action, params (string Field, string Value)[] fields)
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

        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Contains($"done={action}", page.Url, StringComparison.Ordinal);
    }
}
