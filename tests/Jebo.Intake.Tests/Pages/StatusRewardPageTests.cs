using System.Net;
using Jebo.Intake.Localization;
using Jebo.Intake.Validation;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Pages;

/// <summary>The reward claim on the status page, without JavaScript, in Korean and Chinese: no form before a
/// substantiated, reviewed result (and a claim posted anyway is refused), the form after it, its fields checked, and
/// the claim followed from claimed to granted with the amount.</summary>
public sealed class StatusRewardPageTests
{
    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task A_reward_is_claimed_on_the_status_page_and_followed_to_its_grant(string provider, string language)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var national = await platform.StaffClientAsync("page-reward-nat", "national", "supervisor");
        var marker = "page-reward" + Guid.NewGuid().ToString("n")[..8];
        var receipt = await platform.SubmitAsync($"불법 도박장 운영 {marker}", region: "26380");
        var client = platform.BrowserLikeClient();
        var (_, before) = await PortalForms.PostStatusAsync(client, language, receipt);
        Assert.DoesNotContain("handler=Reward", before, StringComparison.Ordinal);

        // Posted anyway before the result: refused with the reason, nothing sent.
        var early = await PostRewardAsync(client, before, receipt, [("rewardBank", "신한은행")]);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains(
            Html(Texts.Get("Problems.reward-not-yet", language)),
            await early.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );

        await platform.TransferAsync();
        var caseId = await publisher.CaseOfAsync(marker);
        await publisher.PublishAsync(
            caseId,
            new Dictionary<string, string> { ["result"] = "substantiated", ["summary"] = "확인됨" },
            "사실로 확인되었습니다."
        );
        await platform.TransferAsync();
        var (_, html) = await PortalForms.PostStatusAsync(client, language, receipt);
        Assert.Contains("action=\"/status?handler=Reward\"", html, StringComparison.Ordinal);
        Assert.Contains(Html(Texts.Get("Status.RewardIntro", language)), html, StringComparison.Ordinal);

        var incomplete = await PostRewardAsync(client, html, receipt, [("rewardBank", "")]);
        var refusal = await incomplete.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains(
            Html(ValidationMessages.For(ValidationCode.Required, language)),
            refusal,
            StringComparison.Ordinal
        );

        var sent = await PostRewardAsync(client, refusal, receipt, [("rewardBank", "신한은행")]);
        var answer = await sent.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains(Html(Texts.Get("Status.RewardSent", language)), answer, StringComparison.Ordinal);
        Assert.Contains("data-reward=\"claimed\"", answer, StringComparison.Ordinal);

        await platform.TransferAsync();
        await ResultPublisher.ActAsync(
            publisher.Busan,
            caseId,
            ResultPublisher.Action("decide-reward", ("decision", "grant"), ("amount", "2000000"))
        );
        await ResultPublisher.ActAsync(national, caseId, ResultPublisher.Action("review"));
        await platform.TransferAsync();
        var (_, granted) = await PortalForms.PostStatusAsync(client, language, receipt);
        Assert.Contains("data-reward=\"granted\"", granted, StringComparison.Ordinal);
        var amount = 2_000_000.ToString("N0", RequestLanguage.Culture(language));
        Assert.Contains(
            Html(Texts.Format("Status.Reward.granted", language, amount)),
            granted,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("handler=Reward", granted, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostRewardAsync(
        HttpClient client,
        string html,
        string receipt,
        IEnumerable<(string Name, string Value)> overrides
    )
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__af"] = PortalForms.Token(html),
            ["receipt"] = receipt,
            ["rewardName"] = "김철수",
            ["rewardPhone"] = "010-7777-8888",
            ["rewardBank"] = "신한은행",
            ["rewardAccount"] = "110-123-456789",
        };
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return client.PostAsync("/status?handler=Reward", new FormUrlEncodedContent(fields));
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
