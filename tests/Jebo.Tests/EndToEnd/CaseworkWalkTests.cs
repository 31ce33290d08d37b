using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Tests.EndToEnd;

/// <summary>The casework walk of the acceptance check 06, through the API: a report about Busan Saha-gu is routed to
/// the Busan office and hidden from Seoul; Busan works it, the national office reviews it, and the reporter reads the
/// result and the office's message with the receipt, while intake never holds the message, the result or the reporter's
/// reply readable.</summary>
public sealed class CaseworkWalkTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_Busan_report_is_worked_through_review_above_and_the_reporter_reads_the_result_by_receipt(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var marker = "marker" + Guid.NewGuid().ToString("n")[..12];
        var receipt = await platform.SubmitAsync(
            $"사하구 건설현장에서 조직폭력배가 업자들을 협박합니다 {marker}",
            region: "26380",
            reporter: new
            {
                anonymous = false,
                name = "홍길동",
                phone = "010-2222-3333",
                contactConsent = true,
            }
        );
        await platform.TransferAsync();

        var list = await busan.GetFromJsonAsync<JsonElement>("/api/v1/cases");
        var id = list.GetProperty("items")[0].GetProperty("id").GetString()!;
        var detail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.Equal("26", detail.GetProperty("office").GetString());
        Assert.Contains(marker, detail.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, await seoul.GetStringAsync("/api/v1/cases"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/api/v1/cases/{id}")).StatusCode);

        var close = await Act(busan, id, new { action = "close" });
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        Assert.Equal("application/problem+json", close.Content.Headers.ContentType?.MediaType);

        await Step(busan, id, new { action = "accept" }, "accepted");
        await Step(busan, id, new { action = "start-verification" }, "in-verification");
        var contacted = await Step(
            busan,
            id,
            new
            {
                action = "record-contact",
                channel = "phone",
                outcome = "reached",
            },
            "in-verification"
        );
        Assert.True(
            contacted.GetProperty("deadlines").TryGetProperty("contactedAt", out var at)
                && at.ValueKind == JsonValueKind.String
        );
        await Step(
            busan,
            id,
            new
            {
                action = "record-result",
                result = "substantiated",
                summary = "확인됨",
            },
            "result-recorded"
        );

        // The double check: Busan cannot review its own result, and feedback cannot go out before the review.
        Assert.Equal(HttpStatusCode.Forbidden, (await Act(busan, id, new { action = "review" })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await Act(busan, id, new { action = "publish-status", message = "too early" })).StatusCode
        );
        await Step(national, id, new { action = "review" }, "reviewed");

        var feedback = "feedback" + Guid.NewGuid().ToString("n")[..8];
        var published = await Step(
            busan,
            id,
            new { action = "publish-status", message = $"신고해 주셔서 감사합니다 {feedback}" },
            "feedback-given"
        );
        Assert.Equal("completed", published.GetProperty("publicStatus").GetString());

        var reply = "reply" + Guid.NewGuid().ToString("n")[..8];
        var replyText = $"감사합니다 {reply}";
        var replied = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text = replyText });
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        await platform.TransferAsync();
        var status = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal("substantiated", body.GetProperty("result").GetString());
        Assert.Contains(body.GetProperty("messages").EnumerateArray(), m =>
            m.GetProperty("text").GetString()!.Contains(feedback, StringComparison.Ordinal)
        );
        Assert.Contains(body.GetProperty("followUps").EnumerateArray(), f =>
            f.GetProperty("text").GetString()!.Contains(reply, StringComparison.Ordinal)
        );

        // Neither the message, the result nor the reporter's reply stands readable on the intake side: its files, the
        // spool, and on PostgreSQL every column of its database.
        var intakeSide = new List<(string Where, string Text)>();
        foreach (var file in platform.Files("intake").Concat(platform.Files("transfer")))
        {
            intakeSide.Add((file, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file))));
        }

        intakeSide.AddRange(
            (await platform.PostgresContentsAsync())
                .Where(c => c.Key.StartsWith("jebo_test_intake_", StringComparison.Ordinal))
                .Select(c => (c.Key, Encoding.UTF8.GetString(c.Value)))
        );
        Assert.NotEmpty(intakeSide);
        foreach (var (where, text) in intakeSide)
        {
            foreach (var needle in new[] { feedback, reply, "substantiated" })
            {
                Assert.False(text.Contains(needle, StringComparison.Ordinal), $"'{needle}' stands readable in {where}");
            }
        }

        // Every step is in the case's trail, by whom and from which office.
        var audit = await national.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");
        var actions = audit
            .EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actorOffice").GetString()))
            .ToList();
        Assert.Contains(("case.accept", "26"), actions);
        Assert.Contains(("case.review", "national"), actions);
        Assert.Contains(("case.publish-status", "26"), actions);
    }

    private static Task<HttpResponseMessage> Act(HttpClient client, string id, object body) =>
        client.PostAsJsonAsync($"/api/v1/cases/{id}/actions", body);

    private static async Task<JsonElement> Step(HttpClient client, string id, object body, string expectedStatus)
    {
        var response = await Act(client, id, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == HttpStatusCode.OK,
            $"{JsonSerializer.Serialize(body)} answered {(int)response.StatusCode}: {text}"
        );
        var detail = JsonDocument.Parse(text).RootElement;
        Assert.Equal(expectedStatus, detail.GetProperty("status").GetString());
        return detail;
    }
}
