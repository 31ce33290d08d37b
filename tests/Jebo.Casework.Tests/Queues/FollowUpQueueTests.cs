using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Queues;

/// <summary>Reporters' follow-ups reach someone (issue 15, item 5): a case that receives one is in the office's
/// <c>follow-ups</c> queue until someone who works cases in the office holding it opens the case; an office above
/// looking in, an auditor, or an office outside the jurisdiction reads nothing on its behalf.</summary>
public sealed class FollowUpQueueTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_follow_up_waits_in_the_queue_until_the_office_holding_the_case_opens_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var investigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var auditor = await platform.StaffClientAsync("busan-aud", "26", "auditor");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var receipt = await platform.SubmitAsync("부산 사하구 시장 상인 보호비 갈취", "26380");
        await platform.TransferAsync();
        string id;
        await using (var db = platform.OpenCaseworkDb())
        {
            id = (await db.Cases.SingleAsync()).Id;
        }

        // The new case itself is read as new; only follow-ups mark it.
        Assert.Empty(await QueueAsync(investigator));
        await FollowUpAsync(platform, receipt, "어제 또 와서 돈을 요구했습니다. 차량 번호는 12가3456입니다.");
        await platform.TransferAsync();
        Assert.Equal([id], await QueueAsync(investigator));
        Assert.Equal([id], await QueueAsync(national));
        Assert.Empty(await QueueAsync(seoul));
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/api/v1/cases/{id}")).StatusCode);

        // The office above and an auditor (even with a purpose) look in: still unread for Busan.
        var seen = await national.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.NotEqual(JsonValueKind.Null, seen.GetProperty("followUpsUnreadSince").ValueKind);
        await auditor.GetAsync($"/api/v1/cases/{id}?purpose=" + Uri.EscapeDataString("정기 감사"));
        Assert.Equal([id], await QueueAsync(investigator));

        // Busan's investigator opens the case: the follow-up is in it, the queue is empty, the trail says so.
        var opened = await investigator.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.Contains(opened.GetProperty("followUps").EnumerateArray(), f =>
            f.GetProperty("text").GetString()!.Contains("12가3456", StringComparison.Ordinal)
        );
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("followUpsUnreadSince").ValueKind);
        Assert.Empty(await QueueAsync(investigator));
        Assert.Empty(await QueueAsync(national));
        var trail = await investigator.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");
        var viewed = trail
            .EnumerateArray()
            .Last(e =>
                e.GetProperty("action").GetString() == "case.viewed"
                && e.GetProperty("actor").GetString() == "busan-inv"
            );
        Assert.Contains("followUpsUnreadSince", viewed.GetProperty("details").GetString(), StringComparison.Ordinal);

        // A later follow-up, even on a closed case, puts it back in the queue.
        await using (var db = platform.OpenCaseworkDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Id == id);
            (c.Status, c.ClosedAt) = ("closed", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await FollowUpAsync(platform, receipt, "종결 후에도 계속 찾아옵니다.");
        await platform.TransferAsync();
        Assert.Equal([id], await QueueAsync(investigator));
    }

    private static async Task FollowUpAsync(TestPlatform platform, string receipt, string text)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<List<string?>> QueueAsync(HttpClient staff) =>
        [
            .. (await staff.GetFromJsonAsync<JsonElement>("/api/v1/queues/follow-ups"))
                .GetProperty("items")
                .EnumerateArray()
                .Select(i => i.GetProperty("id").GetString()),
        ];
}
