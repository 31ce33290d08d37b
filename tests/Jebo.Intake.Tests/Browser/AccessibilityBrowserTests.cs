using System.Text.Json;
using Jebo.Intake.Localization;
using Microsoft.Playwright;

namespace Jebo.Intake.Tests.Browser;

/// <summary>axe-core (WCAG 2.1 A and AA rules) on every public page and every state a person meets, in every
/// language, at desktop and phone widths; plus no sideways scrolling and no request to another origin.</summary>
public sealed class AccessibilityBrowserTests(PortalBrowser portal) : IClassFixture<PortalBrowser>
{
    public static TheoryData<string, string, int> Views()
    {
        var data = new TheoryData<string, string, int>();
        foreach (
            var state in new[] { "/", "/report", "/status", "/poster", "report-errors", "receipt", "status-found" }
        )
        {
            foreach (var language in RequestLanguage.All)
            {
                foreach (var width in new[] { 1280, 360 })
                {
                    data.Add(state, language, width);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Every_view_in_every_language_has_no_axe_violation_fits_the_screen_and_stays_on_its_origin(
        string view,
        string language,
        int width
    )
    {
        Assert.SkipWhen(
            PortalBrowser.AxeScript is null,
            "accessibility test skipped: axe-core is not installed (run `npm ci` in tests/browser)"
        );
        var page = await portal.NewPageAsync(javaScript: true, width: width, bypassCsp: true);
        var foreign = new List<string>();
        var origin = new Uri(portal.BaseUrl).GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (
                request.Url.StartsWith("http", StringComparison.Ordinal)
                && !request.Url.StartsWith(origin + "/", StringComparison.Ordinal)
            )
            {
                foreign.Add(request.Url);
            }
        };

        await OpenAsync(page, view, language);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = PortalBrowser.AxeScript });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })"
        );
        var violations = result
            .GetProperty("violations")
            .EnumerateArray()
            .Select(v =>
                $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} "
                + $"({v.GetProperty("nodes").GetArrayLength()}x)"
            )
            .ToList();
        var overflow = await page.EvaluateAsync<bool>(
            "() => document.documentElement.scrollWidth > window.innerWidth + 1"
        );
        await page.Context.CloseAsync();

        Assert.Empty(violations);
        Assert.False(overflow, $"{view} is wider than a {width} px screen");
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task Text_zoomed_to_200_percent_still_fits_a_phone_screen()
    {
        // The page's own CSP rightly refuses the test's injected style; the test lifts it for itself.
        var page = await portal.NewPageAsync(javaScript: true, width: 360, bypassCsp: true);
        foreach (var path in new[] { "/", "/report", "/status" })
        {
            await page.GotoAsync($"{portal.BaseUrl}{path}?lang=en");
            await page.AddStyleTagAsync(
                new PageAddStyleTagOptions { Content = "html { font-size: 200% !important; }" }
            );
            Assert.False(
                await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"),
                path
            );
        }

        await page.Context.CloseAsync();
    }

    private async Task OpenAsync(IPage page, string view, string language)
    {
        var submit = new PageGetByRoleOptions { Name = Texts.Get("Report.Submit", language), Exact = true };
        switch (view)
        {
            case "report-errors":
                await page.GotoAsync($"{portal.BaseUrl}/report?lang={language}");
                await page.Locator("#reporter-phone").FillAsync("12");
                await page.GetByRole(AriaRole.Button, submit).ClickAsync();
                await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
                break;
            case "receipt" or "status-found":
                await page.GotoAsync($"{portal.BaseUrl}/report?lang={language}");
                await page.Locator("#facts-description").FillAsync("axe check");
                await page.GetByRole(AriaRole.Button, submit).ClickAsync();
                if (view == "status-found")
                {
                    var code = await page.Locator(".receipt-code").InnerTextAsync();
                    await page.GotoAsync($"{portal.BaseUrl}/status");
                    await page.Locator("#receipt").FillAsync(code);
                    await page.GetByRole(
                            AriaRole.Button,
                            new() { Name = Texts.Get("Status.Submit", language), Exact = true }
                        )
                        .ClickAsync();
                    await Assertions.Expect(page.Locator(".timeline")).ToBeVisibleAsync();
                }
                else
                {
                    await Assertions.Expect(page.Locator(".receipt-code")).ToBeVisibleAsync();
                }

                break;
            default:
                await page.GotoAsync($"{portal.BaseUrl}{view}?lang={language}");
                break;
        }
    }
}
