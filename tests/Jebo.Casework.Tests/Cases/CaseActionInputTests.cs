using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Bad input to the actions endpoint answers 400 with the field named (or 413, 404), never a 500, and
/// changes nothing.</summary>
public sealed class CaseActionInputTests
{
    public static TheoryData<string, string> BadBodies() =>
        new()
        {
            { "not json at all", "" },
            { "[1, 2]", "" },
            { "{}", "action" },
            { """{"action": 7}""", "action" },
            { """{"action": "delete"}""", "action" },
            { """{"action": "reject", "reason": "boring"}""", "reason" },
            { """{"action": "assign"}""", "office" },
            { """{"action": "transfer", "office": "11"}""", "reason" },
            { """{"action": "transfer", "reason": "x"}""", "office" },
            { """{"action": "record-contact", "channel": "fax", "outcome": "x"}""", "channel" },
            { """{"action": "record-contact", "channel": "phone"}""", "outcome" },
            { """{"action": "record-contact", "channel": "phone", "outcome": "x", "report": "nope"}""", "report" },
            { """{"action": "record-result", "result": "maybe", "summary": "x"}""", "result" },
            { """{"action": "record-result", "result": "partly", "summary": "   "}""", "summary" },
            { """{"action": "record-result", "result": "referred", "summary": "x"}""", "agency" },
            { """{"action": "record-result", "result": "referred", "agency": "embassy", "summary": "x"}""", "agency" },
            { """{"action": "record-result", "result": "partly", "agency": "police", "summary": "x"}""", "agency" },
            { """{"action": "review", "decision": "return"}""", "reason" },
            { """{"action": "review", "decision": "perhaps"}""", "decision" },
            { """{"action": "publish-status"}""", "message" },
            { """{"action": "publish-status", "message": ["a"]}""", "message" },
            { """{"action": "merge"}""", "into" },
            { """{"action": "supervise", "progressBy": "next week"}""", "progressBy" },
            { """{"action": "revert"}""", "event" },
            { """{"action": "revert", "event": "twelve"}""", "event" },
            { """{"action": "revert", "event": -3}""", "event" },
            { """{"action": "revert", "event": 12}""", "reason" },
            { """{"action": "revert", "event": 12, "reason": " "}""", "reason" },
            { """{"action": "accept", "version": "new"}""", "version" },
            { """{"action": "accept", "reason": "a\u0000b"}""", "reason" },
        };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void A_bad_body_names_the_field(string json, string field)
    {
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException)
        {
            Assert.Equal("", field); // not JSON at all: the endpoint answers for the whole body
            return;
        }

        var (request, errors) = CaseActionRequest.Parse(body);
        Assert.Null(request);
        Assert.True(
            errors.ContainsKey(field),
            $"expected an error for '{field}', got: {string.Join(", ", errors.Keys)}"
        );
    }

    [Fact]
    public void A_good_body_is_read_with_its_fields()
    {
        var (request, errors) = CaseActionRequest.Parse(
            JsonDocument
                .Parse("""{"action":"supervise","progressBy":"2026-12-31","version":4,"reason":" why "}""")
                .RootElement
        );
        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2026, 12, 31), request!.ProgressBy);
        Assert.Equal(4, request.Version);
        Assert.Equal("why", request.Reason);
        Assert.Equal(
            12,
            CaseActionRequest
                .Parse(JsonDocument.Parse("""{"action":"revert","event":"12","reason":"wrong office"}""").RootElement)
                .Request!.Event
        );
        Assert.Equal(
            "approve",
            CaseActionRequest.Parse(JsonDocument.Parse("""{"action":"review"}""").RootElement).Request!.Decision
        );
        // As CONTRACT.md lists them: reject and reopen need no reason; a rejection without one records that.
        Assert.Equal(
            CaseAction.ReasonNotGiven,
            CaseActionRequest.Parse(JsonDocument.Parse("""{"action":"reject"}""").RootElement).Request!.Reason
        );
        Assert.Null(CaseActionRequest.Parse(JsonDocument.Parse("""{"action":"reopen"}""").RootElement).Request!.Reason);
        var referralBody = """{"action":"record-result","result":"referred","agency":"police","summary":"경찰 이첩"}""";
        var referral = CaseActionRequest.Parse(JsonDocument.Parse(referralBody).RootElement).Request!;
        Assert.Equal(("referred", "police"), (referral.Result, referral.Agency));
    }

    [Fact]
    public void Over_long_texts_are_refused()
    {
        var (_, errors) = CaseActionRequest.Parse(
            JsonSerializer.SerializeToElement(
                new { action = "publish-status", message = new string('가', CaseActionRequest.MaxMessage + 1) }
            )
        );
        Assert.Contains("message", errors.Keys);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Through_the_API_bad_input_is_400_too_large_is_413_an_unknown_case_is_404_and_nothing_is_recorded(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var supervisor = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);
        foreach (var row in BadBodies())
        {
            var (json, field) = row.Data;
            var response = await supervisor.PostAsync(
                $"/api/v1/cases/{id}/actions",
                new StringContent(json, Encoding.UTF8, "application/json")
            );
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{json}: {problem}");
        }

        // Input that is well-formed but wrong for this case: still 400, naming the field.
        foreach (
            var (body, field) in new (object, string)[]
            {
                (new { action = "assign", office = "11110" }, "office"), // not below Busan
                (new { action = "assign", office = "nowhere" }, "office"),
                (
                    new
                    {
                        action = "transfer",
                        office = "26",
                        reason = "stay",
                    },
                    "office"
                ), // already there
                (new { action = "merge", into = id }, "into"),
                (new { action = "merge", into = "0000-0000-0000" }, "into"),
                (
                    new
                    {
                        action = "record-contact",
                        channel = "phone",
                        outcome = "reached",
                        report = Guid.NewGuid(),
                    },
                    "report"
                ),
                (
                    new
                    {
                        action = "revert",
                        @event = 999_999,
                        reason = "x",
                    },
                    "event"
                ),
            }
        )
        {
            var response = await supervisor.ActAsync(id, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        }

        var huge = new StringContent(
            $$"""{"action":"publish-status","message":"{{new string('x', 70_000)}}"}""",
            Encoding.UTF8,
            "application/json"
        );
        Assert.Equal(
            HttpStatusCode.RequestEntityTooLarge,
            (await supervisor.PostAsync($"/api/v1/cases/{id}/actions", huge)).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await supervisor.ActAsync("ZZZZ-ZZZZ-ZZZZ", new { action = "accept" })).StatusCode
        );

        var trail = await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");
        Assert.DoesNotContain(trail.EnumerateArray(), e =>
            e.GetProperty("action").GetString()!.StartsWith("case.", StringComparison.Ordinal)
            && e.GetProperty("action").GetString() != "case.viewed"
        );
    }
}
