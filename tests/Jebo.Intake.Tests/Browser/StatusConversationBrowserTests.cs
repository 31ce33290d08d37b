using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Jebo.Intake.Localization;
using Jebo.Intake.Status;
using Jebo.Reference.TimeZones;
using Jebo.Testing;
using Jebo.Transfer.Status;
using Microsoft.Playwright;

namespace Jebo.Intake.Tests.Browser;

/// <summary>A reporter in headless Chromium, without JavaScript, reads the published result and the whole conversation
/// with the receipt and adds to it, in Korean and Chinese.</summary>
public sealed class StatusConversationBrowserTests(PortalBrowser portal) : IClassFixture<PortalBrowser>
{
    [Theory]
    [InlineData("ko", "prosecution")]
    [InlineData("zh", "discipline")]
    public async Task The_reporter_reads_the_referral_and_the_conversation_and_their_reply_joins_it(
        string language,
        string agency
    )
    {
        var page = await portal.NewPageAsync(javaScript: false, width: 360);
        var platform = portal.Platform;
        var marker = "browser" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"사하구 시장 보호비 {marker}", region: "26380");
        var first = $"가해자는 매주 금요일에 옵니다 {Guid.NewGuid().ToString("n")[..6]}";
        var sent = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text = first });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await platform.TransferAsync();
        var publisher = await ResultPublisher.CreateAsync(platform);
        var office = $"관계 기관에 이첩했습니다 {Guid.NewGuid().ToString("n")[..6]}";
        var referral = new Dictionary<string, string>
        {
            ["result"] = "referred",
            ["agency"] = agency,
            ["summary"] = "이첩",
        };
        await publisher.PublishAsync(await publisher.CaseOfAsync(marker), referral, office);
        await platform.TransferAsync();

        await page.GotoAsync($"{portal.BaseUrl}/status?lang={language}");
        await page.GetByLabel(Texts.Get("Status.Receipt", language)).FillAsync(receipt);
        await Button(page, "Status.Submit", language).ClickAsync();
        var expected = ResultText.Of(new PublicResult("referred", agency), language);
        await Assertions.Expect(page.Locator(".result")).ToHaveTextAsync(expected);
        await Assertions.Expect(page.Locator(".messages .message-text")).ToHaveTextAsync([first, office]);

        var reply = $"补充：他们开一辆黑色轿车 {Guid.NewGuid().ToString("n")[..6]}";
        await page.GetByLabel(Texts.Get("Status.FollowUpLabel", language)).FillAsync(reply);
        await Button(page, "Status.FollowUpSubmit", language).ClickAsync();
        var sentNotice = Texts.Get("Status.FollowUpSent", language);
        await Assertions.Expect(page.Locator(".follow-up .notice")).ToHaveTextAsync(sentNotice);
        await Assertions.Expect(page.Locator(".messages .message-text")).ToHaveTextAsync([first, office, reply]);
        var (you, theOffice) = (Texts.Get("Status.FromYou", language), Texts.Get("Status.FromOffice", language));
        await Assertions.Expect(page.Locator(".messages .message-from")).ToHaveTextAsync([you, theOffice, you]);

        // The times a person reads are Seoul's wall clock.
        var zone = new PlatformTimeZone();
        foreach (var time in await page.Locator(".messages time").AllAsync())
        {
            var datetime = await time.GetAttributeAsync("datetime");
            var instant = DateTimeOffset.Parse(datetime!, CultureInfo.InvariantCulture);
            var seoul = zone.Local(instant).ToString("f", RequestLanguage.Culture(language));
            Assert.Equal(seoul, (await time.InnerTextAsync()).Trim());
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("zh")]
    public async Task The_reporter_attaches_a_photo_to_a_follow_up_and_sees_it_named_in_the_conversation(
        string language
    )
    {
        var page = await portal.NewPageAsync(javaScript: false, width: 360);
        var platform = portal.Platform;
        var receipt = await platform.SubmitAsync("사하구 시장 보호비 사진은 나중에", region: "26380");
        await page.GotoAsync($"{portal.BaseUrl}/status?lang={language}");
        await page.GetByLabel(Texts.Get("Status.Receipt", language)).FillAsync(receipt);
        await Button(page, "Status.Submit", language).ClickAsync();

        var caption = language == "ko" ? "현장 사진을 보냅니다" : "发送现场照片";
        await page.GetByLabel(Texts.Get("Status.FollowUpLabel", language)).FillAsync(caption);
        await page.Locator("#attachments")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "현장.png",
                    MimeType = "image/png",
                    Buffer = TestFiles.PngWithMetadata(),
                }
            );
        await Button(page, "Status.FollowUpSubmit", language).ClickAsync();

        await Assertions
            .Expect(page.Locator(".follow-up .notice"))
            .ToHaveTextAsync(Texts.Get("Status.FollowUpSent", language));
        await Assertions.Expect(page.Locator(".messages .message-own .message-text")).ToHaveTextAsync([caption]);
        await Assertions
            .Expect(page.Locator(".messages .message-own .message-files"))
            .ToHaveTextAsync([Texts.Format("Status.FollowUpFiles", language, "현장.png")]);
        await page.Context.CloseAsync();
    }

    private static ILocator Button(IPage page, string key, string language) =>
        page.GetByRole(AriaRole.Button, new() { Name = Texts.Get(key, language), Exact = true });
}
