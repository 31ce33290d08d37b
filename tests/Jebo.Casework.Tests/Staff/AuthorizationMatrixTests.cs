using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Staff;

/// <summary>
/// Every casework endpoint, called as every role from an office holding the case (Busan, 26), from the office above it
/// (national), from an office below it (Saha-gu, 26380) and from another province (Seoul, 11), with each answer checked
/// against the table of docs/casework.md, written out again here apart from the implementation.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private static readonly string[] RoleNames = ["screener", "investigator", "supervisor", "auditor", "administrator"];
    private static readonly string[] OfficeCodes = ["national", "26", "26380", "11"];

    private static readonly Dictionary<string, string[]> ActionsOfRole = new(StringComparer.Ordinal)
    {
        ["screener"] =
        [
            "accept",
            "reject",
            "assign",
            "transfer",
            "merge",
            "unmerge",
            "note",
            "reclassify",
            "ask-join",
            "dismiss-duplicate",
        ],
        ["investigator"] =
        [
            "start-verification",
            "record-contact",
            "record-result",
            "publish-status",
            "acknowledge-protection",
            "report-progress",
            "note",
        ],
        ["supervisor"] = [.. CaseAction.All],
        ["auditor"] = [],
        ["administrator"] = [],
    };

    private static bool Inside(string office) => office is "national" or "26";

    [Theory]
    [DatabaseProviders]
    public async Task Every_endpoint_answers_every_role_inside_and_outside_the_jurisdiction_as_the_table_says(
        string provider
    )
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

        var setup = clients[("supervisor", "national")];
        var confirmer = await platform.StaffClientAsync("confirmer", "national", "supervisor");
        var busanSupervisor = clients[("supervisor", "26")];
        var failures = new List<string>();
        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                failures.Add(what);
            }
        }

        // Reading: lists, the case, the identity, the trail, the whole log, statistics, queues, offices.
        var id = await CaseSeeds.AddAsync(platform, "26", shape: c =>
            (c.Supervised, c.SupervisedBy) = (true, "national")
        );
        var overdue = await CaseSeeds.AddAsync(platform, "26", shape: c =>
            c.AcceptanceDueAt = DateTimeOffset.UtcNow.AddHours(-1)
        );
        var dueSoon = await CaseSeeds.AddAsync(platform, "26", named: false, shape: c =>
            c.AcceptanceDueAt = DateTimeOffset.UtcNow.AddHours(20)
        );
        var escalated = await CaseSeeds.AddAsync(platform, "26380", shape: c =>
            (c.EscalatedTo, c.EscalatedAt, c.EscalatedFor) = ("26", DateTimeOffset.UtcNow, "acceptance")
        );
        foreach (var ((role, office), client) in clients)
        {
            var who = $"{role}@{office}";
            var admin = role == "administrator"; // need to know: manages accounts and offices, reads no case
            var inside = Inside(office) && !admin;
            var outcome =
                admin ? HttpStatusCode.Forbidden
                : inside ? HttpStatusCode.OK
                : HttpStatusCode.NotFound;
            var list = await client.GetAsync("/api/v1/cases");
            Expect(
                list.StatusCode == (admin ? HttpStatusCode.Forbidden : HttpStatusCode.OK),
                $"{who}: list answered {list.StatusCode}"
            );
            Expect(
                (await list.Content.ReadAsStringAsync()).Contains(id, StringComparison.Ordinal) == inside,
                $"{who}: list shows the case = {!inside}"
            );

            var one = await client.GetAsync($"/api/v1/cases/{id}");
            Expect(one.StatusCode == outcome, $"{who}: GET case answered {one.StatusCode}");
            if (one.StatusCode == HttpStatusCode.OK)
            {
                // Auditors read the metadata and the trail; the content only with a stated purpose.
                var content = (await one.Content.ReadAsStringAsync()).Contains(
                    "seeded report",
                    StringComparison.Ordinal
                );
                Expect(content == (role != "auditor"), $"{who}: GET case shows the content = {content}");
            }

            var withIdentity = await client.GetAsync($"/api/v1/cases/{id}?include=identity&purpose=to%20call%20back");
            if (admin)
            {
                Expect(
                    withIdentity.StatusCode == HttpStatusCode.Forbidden,
                    $"{who}: GET case with identity answered {withIdentity.StatusCode}"
                );
            }
            else if (inside)
            {
                var text = await withIdentity.Content.ReadAsStringAsync();
                var mayShow = role is "supervisor" or "investigator";
                Expect(
                    withIdentity.StatusCode == HttpStatusCode.OK,
                    $"{who}: GET case with identity answered {withIdentity.StatusCode}"
                );
                Expect(
                    text.Contains("제보자 " + id, StringComparison.Ordinal) == mayShow,
                    $"{who}: identity shown = {!mayShow}"
                );
            }
            else
            {
                Expect(
                    withIdentity.StatusCode == HttpStatusCode.NotFound,
                    $"{who}: GET case with identity answered {withIdentity.StatusCode}"
                );
            }

            var trail = await client.GetAsync($"/api/v1/audit?case={id}");
            Expect(trail.StatusCode == outcome, $"{who}: case audit answered {trail.StatusCode}");

            var log = await client.GetAsync("/api/v1/audit");
            var mayReadLog = role is "auditor" or "administrator";
            Expect(
                log.StatusCode == (mayReadLog ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
                $"{who}: whole audit answered {log.StatusCode}"
            );

            var stats = await client.GetAsync("/api/v1/stats");
            var statsBody = await stats.Content.ReadFromJsonAsync<JsonElement>();
            Expect(stats.StatusCode == HttpStatusCode.OK, $"{who}: stats answered {stats.StatusCode}");
            Expect(
                statsBody.GetProperty("byOffice").TryGetProperty("26", out _) == Inside(office),
                $"{who}: stats count Busan's cases = {!Inside(office)}"
            );

            foreach (
                var (queue, member, visible) in new[]
                {
                    ("supervision", id, inside),
                    ("overdue", overdue, inside),
                    ("due-soon", dueSoon, inside),
                    ("escalated", escalated, inside), // escalated to 26: seen by 26 and national, not by 26380 itself
                }
            )
            {
                var answer = await client.GetAsync($"/api/v1/queues/{queue}");
                var body = await answer.Content.ReadAsStringAsync();
                Expect(
                    answer.StatusCode == (admin ? HttpStatusCode.Forbidden : HttpStatusCode.OK),
                    $"{who}: queue {queue} answered {answer.StatusCode}"
                );
                Expect(
                    body.Contains(member, StringComparison.Ordinal) == visible,
                    $"{who}: queue {queue} shows its case = {!visible}"
                );
            }

            Expect(
                (await client.GetAsync("/api/v1/queues/nonsense")).StatusCode
                    == (admin ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound),
                $"{who}: an unknown queue answered wrongly"
            );
            Expect(
                (await client.GetAsync("/api/v1/offices")).StatusCode == HttpStatusCode.OK,
                $"{who}: offices not 200"
            );
        }

        // Acting: each action on a case made ready for it, as every role from every office.
        foreach (var action in CaseAction.All)
        {
            foreach (var ((role, office), client) in clients)
            {
                var (caseId, body) = await PrepareAsync(platform, action, setup, busanSupervisor, confirmer);
                var response = await client.ActAsync(caseId, body);
                var expected =
                    !Inside(office) ? HttpStatusCode.NotFound
                    : !ActionsOfRole[role].Contains(action) ? HttpStatusCode.Forbidden
                    // from the office above only (a supervision may be the office's own)
                    : action is "review" or "record-callback" && office != "national" ? HttpStatusCode.Forbidden
                    // only the national office, which sees both cases, dismisses a relation between provinces
                    : action == "dismiss-related" && office != "national" ? HttpStatusCode.Forbidden
                    : HttpStatusCode.OK;
                if (response.StatusCode != expected)
                {
                    failures.Add(
                        $"{role}@{office} {action}: expected {(int)expected}, got {(int)response.StatusCode} "
                            + $"{await response.Content.ReadAsStringAsync()}"
                    );
                }
            }
        }

        // Without a token, nothing answers but 401.
        foreach (
            var path in new[]
            {
                "/api/v1/cases",
                $"/api/v1/cases/{id}",
                $"/api/v1/audit?case={id}",
                "/api/v1/stats",
                "/api/v1/queues/overdue",
                "/api/v1/offices",
            }
        )
        {
            Expect(
                (await platform.Casework.GetAsync(path)).StatusCode == HttpStatusCode.Unauthorized,
                $"anonymous GET {path} is not 401"
            );
        }

        Expect(
            (
                await platform.Casework.PostAsJsonAsync($"/api/v1/cases/{id}/actions", new { action = "accept" })
            ).StatusCode == HttpStatusCode.Unauthorized,
            "anonymous action is not 401"
        );
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>A Busan case in the state the action needs, and the body that takes the action.</summary>
    private static async Task<(string Id, object Body)> PrepareAsync(
        TestPlatform platform,
        string action,
        HttpClient national,
        HttpClient busan,
        HttpClient confirmer
    )
    {
        switch (action)
        {
            case "accept" or "supervise":
                return (await CaseSeeds.AddAsync(platform), new { action });
            case "reject":
                return (await CaseSeeds.AddAsync(platform), new { action, reason = "abusive" });
            case "transfer":
                return (
                    await CaseSeeds.AddAsync(platform),
                    new
                    {
                        action,
                        office = "11",
                        reason = "belongs to Seoul",
                    }
                );
            case "merge":
                return (await CaseSeeds.AddAsync(platform), new { action, into = await CaseSeeds.AddAsync(platform) });
            case "assign":
                return (
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted),
                    new { action, office = "26380" }
                );
            case "start-verification":
                return (await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted), new { action });
            case "record-contact":
                return (
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.InVerification),
                    new
                    {
                        action,
                        channel = "in-person",
                        outcome = "reached",
                    }
                );
            case "record-result":
                return (
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.InVerification),
                    new
                    {
                        action,
                        result = "partly",
                        summary = "some of it",
                    }
                );
            case "review":
                return (await CaseSeeds.AddAsync(platform, status: CaseStatus.ResultRecorded), new { action });
            case "note":
                return (await CaseSeeds.AddAsync(platform), new { action, text = "내부 메모" });
            case "reclassify":
                return (
                    await CaseSeeds.AddAsync(platform),
                    new
                    {
                        action,
                        category = "gambling",
                        reason = "도박 사건으로 정정",
                    }
                );
            case "refer":
                return (
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted),
                    new
                    {
                        action,
                        agency = "prosecution",
                        name = "부산지방검찰청",
                        reason = "검찰 이첩",
                    }
                );
            case "publish-status":
                return (
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed),
                    new { action, message = "done" }
                );
            case "close":
                return (await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed), new { action });
            case "reopen":
                return (
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.Closed),
                    new { action, reason = "new facts" }
                );
            case "unmerge":
                var merged = await CaseSeeds.AddAsync(platform);
                await national.ConfirmedAsync(
                    confirmer,
                    merged,
                    new { action = "merge", into = await CaseSeeds.AddAsync(platform) }
                );
                return (merged, new { action });
            case "record-callback":
                var sampled = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed);
                await CaseSeeds.SampleAsync(platform, sampled);
                return (
                    sampled,
                    new
                    {
                        action,
                        reached = true,
                        channel = "phone",
                        satisfaction = 4,
                    }
                );
            case "report-progress":
                return (
                    await CaseSeeds.AddAsync(platform, shape: CaseSeeds.SupervisedBy("26")),
                    new { action, text = "two witnesses heard" }
                );
            case "conclude-supervision":
                return (
                    await CaseSeeds.AddAsync(platform, shape: CaseSeeds.SupervisedBy("26")),
                    new { action, assessment = "handled well" }
                );
            case "revert":
                var accepted = await CaseSeeds.AddAsync(platform);
                var detail = await busan.StepAsync(accepted, new { action = "accept" });
                var step = detail
                    .GetProperty("history")
                    .EnumerateArray()
                    .Last(h => h.GetProperty("action").GetString() == "case.accept")
                    .GetProperty("sequence")
                    .GetInt64();
                return (
                    accepted,
                    new
                    {
                        action,
                        @event = step,
                        reason = "accepted by mistake",
                    }
                );
            case "acknowledge-protection":
                return (
                    await CaseSeeds.AddAsync(platform, shape: c =>
                        platform.CaseworkApp.Services.GetRequiredService<CaseClock>().StartProtection(c, c.ReceivedAt)
                    ),
                    new { action }
                );
            case "decide-reward":
                var claimed = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed);
                await CaseSeeds.ClaimRewardAsync(platform, claimed);
                return (
                    claimed,
                    new
                    {
                        action,
                        decision = "refuse",
                        reason = "already under investigation",
                    }
                );
            case "dismiss-duplicate":
                var proposed = await CaseSeeds.AddAsync(platform);
                return (
                    proposed,
                    new
                    {
                        action,
                        relation = await CaseSeeds.RelateAsync(
                            platform,
                            proposed,
                            await CaseSeeds.AddAsync(platform),
                            0.9,
                            nearDuplicate: true
                        ),
                        reason = "다른 사건입니다",
                    }
                );
            case "ask-join" or "dismiss-related":
                var related = await CaseSeeds.AddAsync(platform);
                return (
                    related,
                    new
                    {
                        action,
                        relation = await CaseSeeds.RelateAsync(
                            platform,
                            related,
                            await CaseSeeds.AddAsync(platform, "11"),
                            0.8
                        ),
                        reason = "같은 칠성파 사건",
                    }
                );
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "no preparation for this action");
        }
    }
}
