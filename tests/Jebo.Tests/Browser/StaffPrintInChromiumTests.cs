using Jebo.Casework.Staff;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jebo.Tests.Browser;

/// <summary>A case file and the case list printed from Chromium: under print media the navigation, the forms (the
/// actions, the filters, the export) and the buttons are gone, and the case's record is there, full width, black on
/// white.</summary>
public sealed class StaffPrintInChromiumTests
{
    [Fact]
    public async Task A_case_file_and_the_list_print_without_navigation_forms_or_buttons()
    {
        var (playwright, browser) = await ChromiumSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // Browser tests run on SQLite only (they are the slowest); the page tests run on both databases.
        await using var platform = await TestPlatform.StartServedAsync(TestDatabases.Sqlite);
        var marker = "marker" + Guid.NewGuid().ToString("n")[..10];
        await platform.SubmitAsync($"사하구 유흥가에서 조직원들이 보호비를 걷습니다 {marker}", region: "26380");
        await platform.TransferAsync();
        string caseId;
        await using (var db = platform.OpenCaseworkDb())
        {
            caseId = await db.Cases.Select(c => c.Id).SingleAsync();
        }

        var password = "Chromium-print-busan.sup";
        await platform.RunCliAsync(
            password + "\n",
            ["users", "add", "--login", "busan.sup", "--office", "26", "--role", Roles.Supervisor, "--password-stdin"]
        );
        var context = await browser.NewContextAsync(
            new BrowserNewContextOptions { BaseURL = platform.CaseworkAddress!.ToString(), Locale = "ko-KR" }
        );
        context.SetDefaultTimeout(ChromiumSession.Timeout);
        var page = await context.NewPageAsync();
        await ChromiumSession.SignInAsync(page, "busan.sup", password);

        async Task<string> DisplayAsync(string selector) =>
            await page.Locator(selector).First.EvaluateAsync<string>("e => getComputedStyle(e).display");

        await page.GotoAsync($"/cases/{caseId}");
        string[] hidden = ["header.top", "header.top nav", "#action-accept", "#actions", "form", "button"];
        // On screen they are there, so that the test below can fail.
        foreach (var selector in hidden)
        {
            Assert.NotEqual("none", await DisplayAsync(selector));
        }

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        foreach (var selector in hidden)
        {
            Assert.True(await DisplayAsync(selector) == "none", $"{selector} is printed");
        }

        Assert.Equal(0, await page.Locator("form:visible, button:visible, nav:visible").CountAsync());
        Assert.True(await page.Locator("h1").IsVisibleAsync());
        Assert.True(await page.Locator("section.report").IsVisibleAsync());
        Assert.True(await page.Locator($"text={marker}").IsVisibleAsync());
        Assert.True(await page.Locator("table.timeline").IsVisibleAsync());
        var main = await page.Locator("main")
            .EvaluateAsync<string>(
                "e => [getComputedStyle(e).maxWidth, getComputedStyle(document.body).color].join(' ')"
            );
        Assert.Equal("none rgb(0, 0, 0)", main);
        Assert.Equal(
            "avoid",
            await page.Locator("section.report").EvaluateAsync<string>("e => getComputedStyle(e).breakInside")
        );
        var pdf = await page.PdfAsync();
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);

        // The list prints its table, without the filters, the export or the pager.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GotoAsync("/cases");
        Assert.True(await page.Locator("#cases-export").IsVisibleAsync());
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("#cases-export").IsVisibleAsync());
        Assert.False(await page.Locator("form[role=search]").IsVisibleAsync());
        Assert.True(await page.Locator($"table a[href='/cases/{caseId}']").IsVisibleAsync());
    }
}
