using System.Text.RegularExpressions;
using Jebo.Intake.Localization;
using Microsoft.Playwright;

namespace Jebo.Intake.Tests.Browser;

/// <summary>A person in headless Chromium with JavaScript switched off: report, keep the receipt, look it up,
/// reply.</summary>
public sealed partial class ReportJourneyBrowserTests(PortalBrowser portal) : IClassFixture<PortalBrowser>
{
    [Theory]
    [InlineData("ko")]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task Without_JavaScript_a_person_reports_keeps_the_receipt_and_follows_it_up(string language)
    {
        var page = await portal.NewPageAsync(javaScript: false, width: 360);
        await page.GotoAsync($"{portal.BaseUrl}/report?lang={language}");
        await page.GetByLabel(Texts.Get("Facts.Description", language))
            .FillAsync("시장 상인들에게 매달 보호비를 요구하는 조직이 있습니다.");
        await page.Locator("#subjects-0-name").FillAsync("김OO");
        await page.Locator("#category").SelectOptionAsync("protection-racket");
        await page.Locator("#region").SelectOptionAsync("26380");
        await page.Locator("#attachments")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "photo.png",
                    MimeType = "image/png",
                    Buffer = Testing.TestFiles.PngWithMetadata(),
                }
            );
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Submit", language), Exact = true })
            .ClickAsync();

        var code = (await page.Locator(".receipt-code").InnerTextAsync()).Trim();
        Assert.Matches(ReceiptPattern(), code);
        Assert.DoesNotContain(code, page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", RequestLanguage.Tag(language));

        await page.GotoAsync($"{portal.BaseUrl}/status");
        await page.GetByLabel(Texts.Get("Status.Receipt", language))
            .FillAsync(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Status.Submit", language), Exact = true })
            .ClickAsync();
        await Assertions
            .Expect(page.Locator("#status-now"))
            .ToContainTextAsync(Texts.Get("Status.Step.received", language));
        Assert.DoesNotContain(code, page.Url, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(
            code.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal),
            page.Url.ToLowerInvariant(),
            StringComparison.Ordinal
        );

        await page.GetByLabel(Texts.Get("Status.FollowUpLabel", language)).FillAsync("차량 번호는 12가3456 입니다.");
        await page.GetByRole(
                AriaRole.Button,
                new() { Name = Texts.Get("Status.FollowUpSubmit", language), Exact = true }
            )
            .ClickAsync();
        await Assertions
            .Expect(page.Locator(".follow-up .notice"))
            .ToHaveTextAsync(Texts.Get("Status.FollowUpSent", language));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pressing_Enter_in_a_text_field_keeps_the_form_instead_of_sending_it_half_written()
    {
        var page = await portal.NewPageAsync(javaScript: false);
        await page.GotoAsync($"{portal.BaseUrl}/report?lang=en");
        await page.Locator("#facts-description").FillAsync("half written");
        await page.Locator("#facts-where").FillAsync("Busan");
        await page.Locator("#facts-where").PressAsync("Enter");

        await Assertions
            .Expect(page.Locator("p.notice[role=status]"))
            .ToHaveTextAsync(Texts.Get("Report.NotSent", "en"));
        await Assertions.Expect(page.Locator("#facts-where")).ToHaveValueAsync("Busan");
        await Assertions.Expect(page.Locator("#facts-description")).ToHaveValueAsync("half written");
        Assert.Equal(0, await page.Locator(".receipt-code").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Add_another_person_works_without_script_and_keeps_what_was_typed()
    {
        var page = await portal.NewPageAsync(javaScript: false, width: 360);
        await page.GotoAsync($"{portal.BaseUrl}/report?lang=en");
        await page.Locator("#subjects-0-name").FillAsync("First person");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Subjects.Add", "en") }).ClickAsync();

        await Assertions.Expect(page.Locator("#subjects-1-name")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#subjects-0-name")).ToHaveValueAsync("First person");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_validation_error_is_summarised_focused_and_links_to_its_field()
    {
        var page = await portal.NewPageAsync(javaScript: false);
        await page.GotoAsync($"{portal.BaseUrl}/report?lang=en");
        await page.Locator("#subjects-0-name").FillAsync("Kept name");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Submit", "en"), Exact = true })
            .ClickAsync();

        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await summary.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("#facts-description")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#subjects-0-name")).ToHaveValueAsync("Kept name");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_receipt_prints_without_the_site_around_it_and_script_only_adds_a_print_button()
    {
        var page = await portal.NewPageAsync(javaScript: true);
        await page.GotoAsync($"{portal.BaseUrl}/report?lang=en");
        await page.Locator("#facts-description").FillAsync("for the print view");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Submit", "en"), Exact = true })
            .ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Receipt.PrintButton", "en") }))
            .ToBeVisibleAsync();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.Locator(".site-header")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".receipt-code")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".warning")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task With_JavaScript_the_page_solves_a_proof_of_work_and_sends_it_with_the_report()
    {
        var page = await portal.NewPageAsync(javaScript: true);
        await page.GotoAsync($"{portal.BaseUrl}/report?lang=en");
        await page.Locator("#facts-description")
            .FillAsync("A loan shark ring threatens shop owners near the station every month.");
        var posted = await page.RunAndWaitForRequestAsync(
            () =>
                page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Submit", "en"), Exact = true })
                    .ClickAsync(),
            request => request.Method == "POST" && request.Url.EndsWith("/report", StringComparison.Ordinal)
        );

        var body = posted.PostData ?? "";
        var proof = ProofField().Match(body);
        Assert.True(proof.Success, "the form was sent without a proof field");
        Assert.Matches(@"^\S+\.\S+:[0-9a-z]+$", proof.Groups[1].Value.Trim());
        await Assertions.Expect(page.Locator(".receipt-code")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("name=\"proof\"\r?\n\r?\n([^\r\n]*)")]
    private static partial Regex ProofField();

    [GeneratedRegex("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")]
    private static partial Regex ReceiptPattern();
}
