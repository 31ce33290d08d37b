using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Rewards;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.EndToEnd;

/// <summary>With only the receipt, a reporter whose report was found true claims a reward; two people decide it in
/// casework under the double check, within the operator's amounts; the reporter follows the claim on the status page.
/// Nothing of the claim stands readable on the intake side.</summary>
public sealed class RewardClaimTests
{
    private static readonly Dictionary<string, string> Substantiated = new()
    {
        ["result"] = "substantiated",
        ["summary"] = "현장 확인 결과 사실로 확인됨",
    };

    [Theory]
    [DatabaseProviders]
    public async Task A_claim_after_a_reviewed_true_result_is_granted_by_two_people_and_shown(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var national = await platform.StaffClientAsync("reward-nat", "national", "supervisor");
        var marker = "reward" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"사하구 시장 보호비 갈취 {marker}", "26380");
        await platform.TransferAsync();
        var caseId = await publisher.CaseOfAsync(marker);

        // Before any result: refused, in the reader's language, and nothing is stored.
        var early = await ClaimAsync(platform, receipt, "ko");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("보상금은", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = platform.OpenIntakeDb())
        {
            Assert.Empty(db.FollowUps);
        }

        await publisher.PublishAsync(caseId, Substantiated, "제보해 주신 내용이 사실로 확인되었습니다.");
        await platform.TransferAsync();
        var claimed = await ClaimAsync(platform, receipt, "ko");
        Assert.Equal(HttpStatusCode.Accepted, claimed.StatusCode);
        var status = await StatusAsync(platform, receipt);
        Assert.Equal("claimed", status.GetProperty("reward").GetString());
        // Once per report: a second claim is refused, in Chinese too.
        var twice = await ClaimAsync(platform, receipt, "zh");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("奖励申请已经受理", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await platform.TransferAsync();
        Assert.Contains(
            caseId,
            await publisher.Busan.GetStringAsync("/api/v1/queues/rewards"),
            StringComparison.Ordinal
        );
        var detail = await publisher.Busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        var claim = detail.GetProperty("rewards")[0];
        Assert.Equal("claimed", claim.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("payee").ValueKind);
        Assert.Contains("decide-reward", Actions(detail));
        Assert.Contains("reward.claimed", detail.GetProperty("history").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("국민은행", detail.ToString(), StringComparison.Ordinal);

        // Outside the operator's range: refused with the range and the file named.
        var tooMuch = await publisher.Busan.PostAsJsonAsync(
            $"/api/v1/cases/{caseId}/actions",
            ResultPublisher.Action("decide-reward", ("decision", "grant"), ("amount", "900000000"))
        );
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains(RewardRules.FileName, await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // One person proposes; nothing reaches the claim or the reporter until a second one above confirms.
        await ResultPublisher.ActAsync(
            publisher.Busan,
            caseId,
            ResultPublisher.Action("decide-reward", ("decision", "grant"), ("amount", "1000000"))
        );
        var self = await publisher.Busan.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", new { action = "review" });
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal("claimed", (await db.RewardClaims.SingleAsync()).State);
        }

        var confirmed = await ResultPublisher.ActAsync(national, caseId, ResultPublisher.Action("review"));
        var decided = confirmed.GetProperty("rewards")[0];
        Assert.Equal("granted", decided.GetProperty("state").GetString());
        Assert.Equal(1_000_000, decided.GetProperty("amount").GetInt64());
        Assert.Equal("reward-nat", decided.GetProperty("decidedBy").GetString());
        Assert.StartsWith("busan-", decided.GetProperty("proposedBy").GetString(), StringComparison.Ordinal);
        Assert.Contains("case.decide-reward", confirmed.GetProperty("history").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(
            caseId,
            await publisher.Busan.GetStringAsync("/api/v1/queues/rewards"),
            StringComparison.Ordinal
        );

        await platform.TransferAsync();
        status = await StatusAsync(platform, receipt);
        Assert.Equal("granted", status.GetProperty("reward").GetString());
        Assert.Equal(1_000_000, status.GetProperty("rewardAmount").GetInt64());

        // Where to pay is shown only with a purpose, and the showing is audited.
        var shown = await publisher.Busan.GetFromJsonAsync<JsonElement>(
            $"/api/v1/cases/{caseId}?include=identity&purpose={Uri.EscapeDataString("보상금 지급")}"
        );
        var payee = shown.GetProperty("rewards")[0].GetProperty("payee");
        Assert.Equal("홍길동", payee.GetProperty("name").GetString());
        Assert.Equal("국민은행", payee.GetProperty("bank").GetString());
        Assert.Equal("123456-01-234567", payee.GetProperty("account").GetString());
        Assert.Equal("01055556666", payee.GetProperty("phone").GetString());
        Assert.Contains("reward.payee-viewed", shown.GetProperty("history").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("123456-01", shown.GetProperty("history").ToString(), StringComparison.Ordinal);

        await AssertNothingReadableAsync(
            platform,
            ["홍길동", "국민은행", "123456-01-234567", "01055556666", "5555-6666"]
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Insiders_cannot_decide_alone_outside_their_jurisdiction_or_as_investigators(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var investigator = await platform.StaffClientAsync("reward-inv", "26", "investigator");
        var seoul = await platform.StaffClientAsync("reward-seoul", "11", "supervisor");
        var busanPeer = await platform.StaffClientAsync("reward-busan2", "26", "supervisor");
        var national = await platform.StaffClientAsync("reward-nat2", "national", "supervisor");
        var marker = "insider" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"불법 사채 추심 {marker}", "26380");
        await platform.TransferAsync();
        var caseId = await publisher.CaseOfAsync(marker);
        await publisher.PublishAsync(caseId, Substantiated, "사실로 확인되었습니다.");
        await platform.TransferAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await ClaimAsync(platform, receipt, "zh")).StatusCode);
        await platform.TransferAsync();
        var refuse = ResultPublisher.Action(
            "decide-reward",
            ("decision", "refuse"),
            ("reason", "제보 전 이미 수사 중")
        );

        var asInvestigator = await investigator.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", refuse);
        Assert.Equal(HttpStatusCode.Forbidden, asInvestigator.StatusCode);
        // Another province neither sees the claim nor decides it.
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await seoul.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", refuse)).StatusCode
        );
        Assert.DoesNotContain(caseId, await seoul.GetStringAsync("/api/v1/queues/rewards"), StringComparison.Ordinal);
        // A refusal needs its reason, a grant its amount.
        var bare = await publisher.Busan.PostAsJsonAsync(
            $"/api/v1/cases/{caseId}/actions",
            new { action = "decide-reward", decision = "refuse" }
        );
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);

        await ResultPublisher.ActAsync(publisher.Busan, caseId, refuse);
        // Neither the proposer nor a colleague of the same office confirms it; an office outside cannot either.
        foreach (
            var (who, expected) in new[]
            {
                (publisher.Busan, HttpStatusCode.Forbidden),
                (busanPeer, HttpStatusCode.Forbidden),
                (investigator, HttpStatusCode.Forbidden),
                (seoul, HttpStatusCode.NotFound),
            }
        )
        {
            var review = await who.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", new { action = "review" });
            Assert.Equal(expected, review.StatusCode);
        }

        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal("claimed", (await db.RewardClaims.SingleAsync()).State);
        }

        await ResultPublisher.ActAsync(national, caseId, ResultPublisher.Action("review"));
        await platform.TransferAsync();
        var status = await StatusAsync(platform, receipt);
        Assert.Equal("refused", status.GetProperty("reward").GetString());
        Assert.Equal("제보 전 이미 수사 중", status.GetProperty("rewardReason").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("rewardAmount").ValueKind);
        await AssertNothingReadableAsync(platform, ["홍길동", "국민은행", "제보 전 이미 수사 중"]);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_grant_follows_the_operator_s_edited_rules_file(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var national = await platform.StaffClientAsync("rules-nat", "national", "supervisor");
        var marker = "rules" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"도박장 운영 {marker}", "26380");
        await platform.TransferAsync();
        var caseId = await publisher.CaseOfAsync(marker);
        await publisher.PublishAsync(caseId, Substantiated, "사실로 확인되었습니다.");
        await platform.TransferAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await ClaimAsync(platform, receipt, "ko")).StatusCode);
        await platform.TransferAsync();
        var rules = platform.Settings.Casework.RewardsFile;
        Assert.True(File.Exists(rules), "jebo init writes the default rules");
        var grant = ResultPublisher.Action("decide-reward", ("decision", "grant"), ("amount", "50000"));

        // 50,000 won is below the default range; the operator lowers it, and the same grant holds.
        var below = await publisher.Busan.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", grant);
        Assert.Equal(HttpStatusCode.BadRequest, below.StatusCode);
        await File.WriteAllTextAsync(rules, """{"default": {"min": 10000, "max": 100000}}""");
        await ResultPublisher.ActAsync(publisher.Busan, caseId, grant);

        // A broken file is named, and nothing is granted while it stays broken.
        await File.WriteAllTextAsync(rules, """{"default": {"min": 10000, "max": 100""");
        var broken = await national.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", new { action = "review" });
        Assert.Equal(HttpStatusCode.Conflict, broken.StatusCode);
        Assert.Contains(RewardRules.FileName, await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal("claimed", (await db.RewardClaims.SingleAsync()).State);
    }

    private static async Task<HttpResponseMessage> ClaimAsync(TestPlatform platform, string receipt, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rewards")
        {
            Content = JsonContent.Create(
                new
                {
                    receipt,
                    name = "홍길동",
                    phone = "010-5555-6666",
                    bank = "국민은행",
                    account = "123456-01-234567",
                }
            ),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await platform.Intake.SendAsync(request);
    }

    private static IEnumerable<string?> Actions(JsonElement detail) =>
        detail.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString());

    private static async Task<JsonElement> StatusAsync(TestPlatform platform, string receipt)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The privacy check of <see cref="ReporterConversationTests"/>, for reward claims: nothing of them in
    /// intake's files, its database or the spool.</summary>
    private static async Task AssertNothingReadableAsync(TestPlatform platform, IEnumerable<string> needles)
    {
        foreach (var (where, bytes) in await ReporterConversationTests.IntakeSideAsync(platform))
        {
            foreach (var needle in needles)
            {
                var found = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
                Assert.False(found, $"'{needle}' stands readable in {where}");
            }
        }
    }
}
