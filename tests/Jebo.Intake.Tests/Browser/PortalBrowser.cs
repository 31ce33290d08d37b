using Jebo.Testing;
using Microsoft.Playwright;

namespace Jebo.Intake.Tests.Browser;

/// <summary>A whole platform on loopback ports and Debian's headless Chromium driving it, shared by a test class.
/// Tests skip, saying why, where Chromium or axe-core is not installed (CI installs both: see
/// docs/portal.md).</summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public TestPlatform Platform { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => Platform.IntakeAddress!.ToString().TrimEnd('/');

    public static string? SkipReason =>
        File.Exists(ChromiumPath)
            ? null
            : $"browser test skipped: no Chromium at {ChromiumPath} (apt-get install chromium)";

    /// <summary>axe-core's script from <c>tests/browser/node_modules</c> (<c>npm ci</c> in <c>tests/browser/</c>), or
    /// null.</summary>
    public static string? AxeScript => AxeCore.Script;

    public async ValueTask InitializeAsync()
    {
        // One browser on one address files dozens of reports here, many with the same words: the limits and the repeat
        // refusal would (rightly) stop it. They are tested in Pages/PageDefenceTests and Abuse/, and with script below.
        // Browser tests run on SQLite only (they are the slowest); the same pages run on both databases in Pages/.
        Platform = await TestPlatform.StartServedAsync(TestDatabases.Sqlite, "--rate-limits", "off");
        if (SkipReason is not null)
        {
            return;
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            }
        );
    }

    /// <summary>A fresh browser context (own cookies), without JavaScript unless asked.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = false, int width = 1280, bool bypassCsp = false)
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
        var context = await Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                JavaScriptEnabled = javaScript,
                ViewportSize = new ViewportSize { Width = width, Height = 800 },
                BypassCSP = bypassCsp,
                Locale = "ko-KR",
            }
        );
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Platform.DisposeAsync();
    }
}
