using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Tests.Pages;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Revert round-trips: every revertible step, undone by a supervisor with a reason, leaves the case as it was
/// before the step, while the step and its undoing both stay in the trail and the log still replays to the
/// case.</summary>
public sealed class CaseRevertTests
{
    /// <summary>What a step may change and a revert must put back: the state, office, supervision, merge, public
    /// status, and which reports the case holds.</summary>
    private static async Task<string> StateAsync(HttpClient client, string id)
    {
        var c = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        var reports = string.Join(
            ",",
            c.GetProperty("reports")
                .EnumerateArray()
                .Select(r => r.GetProperty("id").GetString())
                .Order(StringComparer.Ordinal)
        );
        return string.Join(
            "|",
            c.GetProperty("status"),
            c.GetProperty("office"),
            c.GetProperty("supervised"),
            c.GetProperty("mergedInto"),
            c.GetProperty("publicStatus"),
            reports
        );
    }

    private static async Task<List<long>> TrailAsync(HttpClient client, string id) =>
        [
            .. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}"))
                .EnumerateArray()
                .Where(e => e.GetProperty("action").GetString() != "case.viewed")
                .Select(e => e.GetProperty("sequence").GetInt64()),
        ];

    private static long LastStep(JsonElement detail, string action) =>
        detail
            .GetProperty("history")
            .EnumerateArray()
            .Last(h => h.GetProperty("action").GetString() == AuditActions.OfCase(action))
            .GetProperty("sequence")
            .GetInt64();

    [Theory]
    [DatabaseProviders]
    public async Task Every_revertible_step_round_trips_and_history_keeps_both(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var national2 = await platform.StaffClientAsync("nat-sup2", "national", "supervisor");
        var auditor = await platform.StaffClientAsync("nat-aud", "national", "auditor");
        var id = await PageTesting.CaseInAsync(platform, "26380", "부산 사하구 보호비 갈취", PageTesting.NamedReporter);
        var other = await PageTesting.CaseInAsync(platform, "26380", "같은 조직의 다른 제보");

        // Who takes each step, and whether it is then reverted (or kept, to go on from there).
        var walk = new (HttpClient By, object Step, string Action, bool Undo)[]
        {
            (screener, new { action = "accept" }, "accept", true),
            (screener, new { action = "reject", reason = "insufficient" }, "reject", true),
            (screener, new { action = "accept" }, "accept", false),
            (screener, new { action = "assign", office = "26380" }, "assign", true),
            (
                screener,
                new
                {
                    action = "transfer",
                    office = "11",
                    reason = "wrong province",
                },
                "transfer",
                true
            ),
            (busan, new { action = "start-verification" }, "start-verification", true),
            (national, new { action = "supervise", reason = "follow closely" }, "supervise", true),
            (screener, new { action = "merge", into = other }, "merge", true),
        };
        foreach (var (by, step, action, undo) in walk)
        {
            var before = await StateAsync(national, id);
            var trail = await TrailAsync(auditor, id);
            // A rejection or a merge takes effect once a second person above confirms it.
            var done = action is "reject" or "merge"
                ? await by.ConfirmedAsync(national, id, step)
                : await by.StepAsync(id, step);
            if (!undo)
            {
                continue;
            }

            var number = LastStep(done, action);
            Assert.NotEqual(before, await StateAsync(national, id));

            // Reverting is a supervisor's decision (of the office that took the step or one above it), with a reason.
            Assert.Equal(
                HttpStatusCode.BadRequest,
                (await busan.ActAsync(id, new { action = "revert", @event = number })).StatusCode
            );
            // (A case transferred to Seoul is out of Busan's sight: only an office above both brings it back.)
            var outOfSight = action == "transfer";
            Assert.Equal(
                outOfSight ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden,
                (
                    await screener.ActAsync(
                        id,
                        new
                        {
                            action = "revert",
                            @event = number,
                            reason = "mine",
                        }
                    )
                ).StatusCode
            );
            var reverter = action is "supervise" or "transfer" ? national : busan;
            var reverted = await reverter.ConfirmedAsync(
                reverter == national ? national2 : national,
                id,
                new
                {
                    action = "revert",
                    @event = number,
                    reason = $"{action} was a mistake",
                }
            );
            Assert.Equal(before, await StateAsync(national, id));

            // Nothing was deleted: the old trail, the step and its undoing, with the reason.
            var after = await TrailAsync(auditor, id);
            Assert.Equal(trail, after.Take(trail.Count));
            Assert.Contains(number, after);
            var revert = reverted
                .GetProperty("history")
                .EnumerateArray()
                .Last(h => h.GetProperty("action").GetString() == "case.revert")
                .GetProperty("details");
            Assert.Equal(number, revert.GetProperty("event").GetInt64());
            Assert.Equal($"{action} was a mistake", revert.GetProperty("reason").GetString());
            Assert.Equal(
                HttpStatusCode.Conflict,
                (
                    await reverter.ActAsync(
                        id,
                        new
                        {
                            action = "revert",
                            @event = number,
                            reason = "again",
                        }
                    )
                ).StatusCode
            );
        }

        // A reopening is not undone by revert (it is a decision taken anew); the trail and the cases still agree.
        var (exit, output, error) = await platform.TryCliAsync(null, "audit", "rebuild");
        Assert.True(exit == 0, output + error);
    }
}
