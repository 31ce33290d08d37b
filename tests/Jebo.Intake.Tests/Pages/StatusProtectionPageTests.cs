using System.Net;
using System.Text.Json;
using Jebo.Intake.Localization;
using Jebo.Intake.Validation;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Pages;

/// <summary>The pages of protection and of becoming reachable, without JavaScript, in Korean and Chinese: the tick box
/// on the report form and on the status page's follow-up form, the request shown as received with the advice to call
/// 112, and the form that gives a name and phone later.</summary>
public sealed class StatusProtectionPageTests
{
    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task Protection_ticked_on_the_report_form_shows_as_received_with_the_advice_to_call_112(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var form = await client.GetStringAsync($"/report?lang={language}");
        Assert.Contains("name=\"reporter.protection\"", form, StringComparison.Ordinal);
        Assert.Contains(Html(Texts.Get("Reporter.Protection", language)), form, StringComparison.Ordinal);

        var (status, html) = await PortalForms.PostReportAsync(
            client,
            language,
            [
                ("reporter.mode", "anonymous"),
                ("reporter.protection", "true"),
                ("region", "26380"),
                ("facts.description", "제보 후 협박 전화를 받고 있습니다"),
            ]
        );
        Assert.Equal(HttpStatusCode.OK, status);
        var (lookup, answer) = await PortalForms.PostStatusAsync(client, language, PortalForms.Receipt(html)!);

        Assert.Equal(HttpStatusCode.OK, lookup);
        Assert.Contains("data-protection=\"requested\"", answer, StringComparison.Ordinal);
        Assert.Contains(Html(Texts.Get("Status.Protection.requested", language)), answer, StringComparison.Ordinal);
        Assert.Contains("112", Texts.Get("Status.Protection.requested", language), StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task Protection_ticked_on_a_follow_up_without_words_is_sent_and_shown(string provider, string language)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("부산 사하구 보호비", region: "26380");
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostStatusAsync(client, language, receipt);
        Assert.DoesNotContain("data-protection=", html, StringComparison.Ordinal);

        var response = await client.PostAsync(
            "/status?handler=FollowUp",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(html)),
                new("receipt", receipt),
                new("text", ""),
                new("protection", "true"),
            ])
        );
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Html(Texts.Get("Status.ProtectionSent", language)), answer, StringComparison.Ordinal);
        Assert.Contains("data-protection=\"requested\"", answer, StringComparison.Ordinal);
        // Empty words without the tick are still refused.
        var empty = await client.PostAsync(
            "/status?handler=FollowUp",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(answer)),
                new("receipt", receipt),
                new("text", ""),
            ])
        );
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task A_name_and_phone_given_on_the_status_page_reach_casework_apart(string provider, string language)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var marker = "page-contact" + Guid.NewGuid().ToString("n")[..8];
        var receipt = await platform.SubmitAsync($"익명 제보 {marker}", region: "26380");
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostStatusAsync(client, language, receipt);
        Assert.Contains("action=\"/status?handler=Contact\"", html, StringComparison.Ordinal);

        var refused = await client.PostAsync(
            "/status?handler=Contact",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(html)),
                new("receipt", receipt),
                new("phone", "010-3456-7890"),
            ])
        );
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(
            Html(ValidationMessages.For(ValidationCode.ConsentRequired, language)),
            refusal,
            StringComparison.Ordinal
        );

        var sent = await client.PostAsync(
            "/status?handler=Contact",
            new FormUrlEncodedContent([
                new("__af", PortalForms.Token(refusal)),
                new("receipt", receipt),
                new("name", "이민수"),
                new("phone", "010-3456-7890"),
                new("contactConsent", "true"),
            ])
        );
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains(
            Html(Texts.Get("Status.ContactSent", language)),
            await sent.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );

        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("page-busan", "26", "supervisor");
        var list = JsonDocument.Parse(await staff.GetStringAsync($"/api/v1/cases?q={marker}")).RootElement;
        var id = list.GetProperty("items")[0].GetProperty("id").GetString();
        var detail = JsonDocument
            .Parse(await staff.GetStringAsync($"/api/v1/cases/{id}?include=identity&purpose=callback"))
            .RootElement;
        Assert.Equal(
            "01034567890",
            detail.GetProperty("reports")[0].GetProperty("identity").GetProperty("phone").GetString()
        );
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
