using System.Net;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Staff;

/// <summary>
/// The insider matrix: every role, at every office level (national; the province, Busan 26; the district, Saha-gu
/// 26380; another province, Seoul 11), tries every action that ends or hides a clue on a Saha-gu case, through the real
/// API — first as the one who asks, then as the second person who must confirm. The expected answers are written out
/// here, apart from the implementation, as docs/casework.md states them.
/// </summary>
public sealed class InsiderMatrixTests
{
    private static readonly string[] RoleNames = ["screener", "investigator", "supervisor", "auditor", "administrator"];
    private static readonly string[] OfficeCodes = ["national", "26", "26380", "11"];
    private const string District = "26380";

    /// <summary>Who may ask for each step, by role (the office rules come on top).</summary>
    private static readonly Dictionary<string, string[]> Askers = new(StringComparer.Ordinal)
    {
        ["reject"] = ["screener", "supervisor"],
        ["merge"] = ["screener", "supervisor"],
        ["unmerge"] = ["screener", "supervisor"],
        ["revert"] = ["supervisor"],
        ["lift-supervision"] = ["supervisor"],
        ["review-district-result"] = ["supervisor"],
        ["review-province-result"] = ["supervisor"],
        ["close"] = ["supervisor"],
        ["transfer-out-of-sight"] = ["screener", "supervisor"],
        ["transfer-within-sight"] = ["screener", "supervisor"],
    };

    [Theory]
    [DatabaseProviders]
    public async Task Every_role_at_every_level_may_or_may_not_end_or_hide_a_clue_as_the_rules_say(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var clients = new Dictionary<(string Role, string Office), HttpClient>();
        foreach (var role in RoleNames)
        {
            foreach (var office in OfficeCodes)
            {
                clients[(role, office)] = await platform.StaffClientAsync($"{role}-{office}", office, role);
            }
        }

        var districtSupervisor = clients[("supervisor", District)];
        var busanSupervisor = clients[("supervisor", "26")];
        var nationalSupervisor = clients[("supervisor", "national")];
        var confirmer = await platform.StaffClientAsync("confirmer", "national", "supervisor");
        var failures = new List<string>();

        // 1. Asking. A district case made ready for each step; each (role, office) tries it.
        foreach (var step in Askers.Keys)
        {
            foreach (var ((role, office), client) in clients)
            {
                var (id, body) = await PrepareAsync(platform, step, districtSupervisor, busanSupervisor, confirmer);
                var answer = await client.ActAsync(id, body);
                var expected = ExpectedAsking(step, role, office);
                if (answer.StatusCode != expected)
                {
                    failures.Add(
                        $"ask {step} as {role}@{office}: expected {(int)expected}, got {(int)answer.StatusCode} "
                            + $"{await answer.Content.ReadAsStringAsync()}"
                    );
                }
                else if (
                    answer.StatusCode == HttpStatusCode.OK
                    && step is "reject" or "merge" or "unmerge" or "revert" or "lift-supervision"
                )
                {
                    // Asked for is not done: the case is as it was, with the request waiting.
                    var c = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
                    if (c.GetProperty("pending").ValueKind != JsonValueKind.Object)
                    {
                        failures.Add($"ask {step} as {role}@{office}: took effect at once, without a second person");
                    }
                }
            }
        }

        // 2. Confirming. The district supervisor asks; each (role, office) tries to confirm it.
        foreach (var step in new[] { "reject", "merge", "unmerge", "revert" })
        {
            foreach (var ((role, office), client) in clients)
            {
                var (id, body) = await PrepareAsync(platform, step, districtSupervisor, busanSupervisor, confirmer);
                await districtSupervisor.StepAsync(id, body);
                var answer = await client.ActAsync(id, new { action = "review" });
                var expected =
                    office == "11" ? HttpStatusCode.NotFound
                    : role != "supervisor" ? HttpStatusCode.Forbidden
                    // not above the office that asked (and the asker himself)
                    : office == District ? HttpStatusCode.Forbidden
                    : HttpStatusCode.OK;
                if (answer.StatusCode != expected)
                {
                    failures.Add(
                        $"confirm {step} asked at {District} as {role}@{office}: expected {(int)expected}, got "
                            + $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}"
                    );
                }
            }
        }

        // 3. At the top, the second person is another person of the national office, never the one who asked.
        var top = await CaseSeeds.AddAsync(platform, District);
        await nationalSupervisor.StepAsync(top, new { action = "reject", reason = "abusive" });
        if ((await nationalSupervisor.ActAsync(top, new { action = "review" })).StatusCode != HttpStatusCode.Forbidden)
        {
            failures.Add("the national supervisor confirmed his own rejection");
        }

        if ((await confirmer.ActAsync(top, new { action = "review" })).StatusCode != HttpStatusCode.OK)
        {
            failures.Add("another national supervisor could not confirm the rejection");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static HttpStatusCode ExpectedAsking(string step, string role, string office)
    {
        if (office == "11")
        {
            return HttpStatusCode.NotFound; // another province never sees the case
        }

        if (!Askers[step].Contains(role))
        {
            return HttpStatusCode.Forbidden;
        }

        return step switch
        {
            // A result recorded at the district is reviewed by the province or national; one recorded by the province
            // (a Busan supervisor working the Saha-gu case himself) only by national.
            "review-district-result" => office == District ? HttpStatusCode.Forbidden : HttpStatusCode.OK,
            "review-province-result" => office == "national" ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
            // Supervision set by Busan is lifted only from Busan or above (and then confirmed above that).
            "lift-supervision" => office == District ? HttpStatusCode.Forbidden : HttpStatusCode.OK,
            // A case Busan supervises stays in Busan's sight, whoever moves it.
            "transfer-out-of-sight" => HttpStatusCode.Conflict,
            _ => HttpStatusCode.OK,
        };
    }

    /// <summary>A district case ready for <paramref name="step"/>, and the body that takes it.</summary>
    private static async Task<(string Id, object Body)> PrepareAsync(
        TestPlatform platform,
        string step,
        HttpClient district,
        HttpClient busan,
        HttpClient national
    )
    {
        switch (step)
        {
            case "reject":
                return (await CaseSeeds.AddAsync(platform, District), new { action = "reject", reason = "abusive" });
            case "merge":
                return (
                    await CaseSeeds.AddAsync(platform, District),
                    new { action = "merge", into = await CaseSeeds.AddAsync(platform, District) }
                );
            case "unmerge":
                var merged = await CaseSeeds.AddAsync(platform, District);
                await district.ConfirmedAsync(
                    busan,
                    merged,
                    new { action = "merge", into = await CaseSeeds.AddAsync(platform, District) }
                );
                return (merged, new { action = "unmerge" });
            case "revert":
                var accepted = await CaseSeeds.AddAsync(platform, District);
                var done = await district.StepAsync(accepted, new { action = "accept" });
                return (
                    accepted,
                    new
                    {
                        action = "revert",
                        @event = LastStep(done, "case.accept"),
                        reason = "accepted by mistake",
                    }
                );
            case "lift-supervision":
                var supervised = await CaseSeeds.AddAsync(platform, District, status: CaseStatus.InVerification);
                var flagged = await busan.StepAsync(
                    supervised,
                    new { action = "supervise", reason = "follow closely" }
                );
                return (
                    supervised,
                    new
                    {
                        action = "revert",
                        @event = LastStep(flagged, "case.supervise"),
                        reason = "no longer needed",
                    }
                );
            case "review-district-result":
                return (
                    await CaseSeeds.AddAsync(platform, District, status: CaseStatus.ResultRecorded, shape: c =>
                        c.ResultOffice = District
                    ),
                    new { action = "review" }
                );
            case "review-province-result":
                var worked = await CaseSeeds.AddAsync(platform, District, status: CaseStatus.InVerification);
                await busan.StepAsync(
                    worked,
                    new
                    {
                        action = "record-result",
                        result = "unsubstantiated",
                        summary = "nothing there",
                    }
                );
                return (worked, new { action = "review" });
            case "close":
                return (
                    await CaseSeeds.AddAsync(platform, District, status: CaseStatus.Reviewed),
                    new { action = "close" }
                );
            case "transfer-out-of-sight":
                return (
                    await CaseSeeds.AddAsync(platform, District, shape: c =>
                        (c.Supervised, c.SupervisedBy) = (true, "26")
                    ),
                    new
                    {
                        action = "transfer",
                        office = "11",
                        reason = "wrong province",
                    }
                );
            case "transfer-within-sight":
                return (
                    await CaseSeeds.AddAsync(platform, District, shape: c =>
                        (c.Supervised, c.SupervisedBy) = (true, "26")
                    ),
                    new
                    {
                        action = "transfer",
                        office = "26110",
                        reason = "the neighbouring district",
                    }
                );
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "no preparation for this step");
        }
    }

    private static long LastStep(JsonElement c, string action) =>
        c.GetProperty("history")
            .EnumerateArray()
            .Last(h => h.GetProperty("action").GetString() == action)
            .GetProperty("sequence")
            .GetInt64();
}
