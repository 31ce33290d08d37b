using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Jebo.Intake.Localization;
using Jebo.Intake.Status;
using Jebo.Intake.Validation;
using Jebo.Reference.TimeZones;
using Jebo.Testing;
using Jebo.Transfer.Status;

namespace Jebo.Intake.Tests.Pages;

/// <summary>The status page: receipt typed into a POST form, timeline, result, the conversation, follow-up.</summary>
public sealed class StatusPageTests
{
    [Theory]
    [DatabaseProviders("", ValidationCode.Required)]
    [DatabaseProviders("not a code", ValidationCode.InvalidReceipt)]
    [DatabaseProviders("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", ValidationCode.UnknownReceipt)]
    public async Task A_missing_malformed_or_unknown_receipt_gets_a_clear_message(
        string provider,
        string typed,
        ValidationCode code
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var (status, html) = await PortalForms.PostStatusAsync(platform.BrowserLikeClient(), "en", typed);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(WebUtility.HtmlEncode(ValidationMessages.For(code, "en")), html, StringComparison.Ordinal);
        Assert.Contains("href=\"#receipt\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_receipt_is_looked_up_by_POST_only_and_never_appears_in_a_URL(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("보호비 요구");
        var client = platform.BrowserLikeClient();
        var page = await client.GetStringAsync("/status?lang=en");
        Assert.Matches("<form method=\"post\" action=\"/status\"", page);

        // A receipt in the query string is ignored: the page shows the empty form.
        var viaUrl = await client.GetStringAsync($"/status?receipt={receipt}");
        Assert.DoesNotContain(
            WebUtility.HtmlEncode(Texts.Get("Status.StepText.received", "ko")),
            viaUrl,
            StringComparison.Ordinal
        );

        var (status, html) = await PortalForms.PostStatusAsync(
            client,
            "en",
            receipt.Replace("0", "o", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal)
        );
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Get("Status.StepText.received", "en")),
            html,
            StringComparison.Ordinal
        );
        Assert.Contains("aria-current=\"step\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"?receipt", html, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_follow_up_is_sealed_and_joined_to_the_case_in_casework(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("부산 사하구 보호비", region: "26380");
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostStatusAsync(client, "ko", receipt);
        var marker = "follow-up " + Guid.NewGuid().ToString("n")[..10];

        var response = await client.PostAsync(
            "/status?handler=FollowUp",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(html)),
                new("receipt", receipt),
                new("text", marker),
            ])
        );
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Get("Status.FollowUpSent", "ko")),
            answer,
            StringComparison.Ordinal
        );
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("busan", "26", "supervisor");
        var list = await staff.GetStringAsync("/api/v1/cases");
        var id = System
            .Text.Json.JsonDocument.Parse(list)
            .RootElement.GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        Assert.Contains(marker, await staff.GetStringAsync($"/api/v1/cases/{id}"), StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task The_page_shows_the_result_and_the_whole_conversation_in_order_in_Seoul_time(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var marker = "page" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"사하구 보호비 {marker}", region: "26380");
        var first = $"차량 번호는 12가3456 입니다 {Guid.NewGuid():n}";
        var sent = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text = first });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await platform.TransferAsync();
        var office = $"일부 사실로 확인되었습니다 {Guid.NewGuid():n}";
        var partly = new Dictionary<string, string> { ["result"] = "partly", ["summary"] = "일부 확인" };
        await publisher.PublishAsync(await publisher.CaseOfAsync(marker), partly, office);
        await platform.TransferAsync();

        // The reporter replies on the page, in Chinese; the answer shows the reply at once, after the office's message.
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostStatusAsync(client, language, receipt);
        var second = $"补充：那辆车是黑色的 {Guid.NewGuid():n}";
        var response = await client.PostAsync(
            "/status?handler=FollowUp",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(html)),
                new("receipt", receipt),
                new("text", second),
            ])
        );
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var resultTitle = Texts.Get("Status.ResultTitle", language);
        Assert.Contains(WebUtility.HtmlEncode(resultTitle), page, StringComparison.Ordinal);
        var resultText = ResultText.Of(new PublicResult("partly"), language);
        Assert.Contains(WebUtility.HtmlEncode(resultText), page, StringComparison.Ordinal);
        var at = new[] { first, office, second }
            .Select(text => page.IndexOf(WebUtility.HtmlEncode(text), StringComparison.Ordinal))
            .ToList();
        Assert.All(at, index => Assert.True(index > 0));
        Assert.True(at[0] < at[1] && at[1] < at[2], "the conversation is not in the order it was written");
        Assert.Equal(2, Regex.Count(page, "class=\"message message-own\""));
        Assert.Equal(1, Regex.Count(page, "class=\"message message-office\""));

        // Every time is the Seoul wall clock of the instant it carries, written the language's way.
        var zone = new PlatformTimeZone();
        var times = Regex.Matches(page, "<time datetime=\"([^\"]+)\">([^<]+)</time>");
        Assert.Equal(3, times.Count);
        foreach (Match time in times)
        {
            var datetime = WebUtility.HtmlDecode(time.Groups[1].Value);
            var instant = DateTimeOffset.Parse(datetime, CultureInfo.InvariantCulture);
            var shown = zone.Local(instant).ToString("f", RequestLanguage.Culture(language));
            Assert.Equal(shown, WebUtility.HtmlDecode(time.Groups[2].Value));
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_empty_follow_up_is_refused_and_the_status_stays_on_screen(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("보호비");
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostStatusAsync(client, "zh", receipt);
        var response = await client.PostAsync(
            "/status?handler=FollowUp",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(html)),
                new("receipt", receipt),
                new("text", "  "),
            ])
        );
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(
            WebUtility.HtmlEncode(ValidationMessages.For(ValidationCode.FollowUpEmpty, "zh")),
            answer,
            StringComparison.Ordinal
        );
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Get("Status.StepText.received", "zh")),
            answer,
            StringComparison.Ordinal
        );
    }
}
