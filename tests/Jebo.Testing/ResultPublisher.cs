using System.Net.Http.Json;
using System.Text.Json;

namespace Jebo.Testing;

/// <summary>Works a Busan case through casework's API as its staff would: accept, verify, record a result, review
/// above (national), publish the feedback. Each publisher signs in its own staff, so several can share a platform.
/// </summary>
public sealed class ResultPublisher(HttpClient busan, HttpClient national)
{
    public HttpClient Busan { get; } = busan;

    public static async Task<ResultPublisher> CreateAsync(TestPlatform platform)
    {
        var tag = Guid.NewGuid().ToString("n")[..8];
        return new ResultPublisher(
            await platform.StaffClientAsync("busan-" + tag, "26", "supervisor"),
            await platform.StaffClientAsync("national-" + tag, "national", "supervisor")
        );
    }

    /// <summary>The id of the case whose reports hold <paramref name="marker"/> (imported already).</summary>
    public async Task<string> CaseOfAsync(string marker)
    {
        var list = await Busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={Uri.EscapeDataString(marker)}");
        return list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString()!;
    }

    /// <summary>Takes the case from received to feedback given: <paramref name="result"/> is the body of
    /// <c>record-result</c> without its action (<c>result</c>, <c>summary</c>, and <c>agency</c> for a referral).
    /// </summary>
    public async Task PublishAsync(string caseId, IReadOnlyDictionary<string, string> result, string message)
    {
        await ActAsync(Busan, caseId, Action("accept"));
        await ActAsync(Busan, caseId, Action("start-verification"));
        await ActAsync(Busan, caseId, new Dictionary<string, string>(result) { ["action"] = "record-result" });
        await ActAsync(national, caseId, Action("review"));
        await ActAsync(Busan, caseId, Action("publish-status", ("message", message)));
    }

    /// <summary>An action's body: its name and fields.</summary>
    public static Dictionary<string, string> Action(string action, params (string Name, string Value)[] fields)
    {
        var body = fields.ToDictionary(f => f.Name, f => f.Value);
        body["action"] = action;
        return body;
    }

    public static async Task<JsonElement> ActAsync(
        HttpClient staff,
        string caseId,
        IReadOnlyDictionary<string, string> body
    )
    {
        var response = await staff.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", body);
        var text = await response.Content.ReadAsStringAsync();
        var said = $"{JsonSerializer.Serialize(body)} answered {(int)response.StatusCode}: {text}";
        Assert.True(response.IsSuccessStatusCode, said);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
