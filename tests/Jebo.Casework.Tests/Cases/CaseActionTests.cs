using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Cases;

/// <summary>What the actions do beyond the state: routing down and across, the double check, reverting, merging,
/// reopening, concurrency, and keeping what the reporter is told in step.</summary>
public sealed class CaseActionTests
{
    private static async Task<JsonElement> Trail(HttpClient client, string id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");

    private static JsonElement LastEntry(JsonElement trail, string action) =>
        trail.EnumerateArray().Last(e => e.GetProperty("action").GetString() == action);

    /// <summary>The details of a trail entry: a JSON string in the audit API, an object in the case's
    /// history.</summary>
    private static JsonElement DetailsOf(JsonElement entry) =>
        entry.GetProperty("details") is { ValueKind: JsonValueKind.String } text
            ? JsonDocument.Parse(text.GetString()!).RootElement
            : entry.GetProperty("details");

    [Theory]
    [DatabaseProviders]
    public async Task A_province_assigns_down_any_office_transfers_with_a_reason_and_an_office_above_takes_over(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var saha = await platform.StaffClientAsync("saha-inv", "26380", "investigator");
        var sahaScreener = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);

        Assert.Equal(HttpStatusCode.NotFound, (await saha.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        var assigned = await busan.StepAsync(id, new { action = "assign", office = "26380" });
        Assert.Equal("26380", assigned.GetProperty("office").GetString());
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        await saha.StepAsync(id, new { action = "start-verification" });

        // A wrongly routed case leaves with a reason; the office it left no longer sees it.
        await sahaScreener.StepAsync(
            id,
            new
            {
                action = "transfer",
                office = "11110",
                reason = "the site is in Jongno",
            }
        );
        Assert.Equal(HttpStatusCode.NotFound, (await saha.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        var transfer = DetailsOf(LastEntry(await Trail(national, id), "case.transfer"));
        Assert.Equal("the site is in Jongno", transfer.GetProperty("reason").GetString());
        Assert.Equal("26380", transfer.GetProperty("before").GetProperty("office").GetString());
        Assert.Equal("11110", transfer.GetProperty("after").GetProperty("office").GetString());
        Assert.False(transfer.GetProperty("takeover").GetBoolean());

        // The national office takes it into its own hands.
        var taken = await national.StepAsync(
            id,
            new
            {
                action = "transfer",
                office = "national",
                reason = "needs national coordination",
            }
        );
        Assert.Equal("national", taken.GetProperty("office").GetString());
        Assert.Equal(
            CaseLifecycle
                .Decide(CaseAction.Transfer, CaseStatus.InVerification)
                .Transition!.Next(CaseStatus.InVerification),
            taken.GetProperty("status").GetString()
        );
        Assert.True(
            DetailsOf(LastEntry(await Trail(national, id), "case.transfer")).GetProperty("takeover").GetBoolean()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_result_is_reviewed_only_from_above_a_national_one_by_another_national_supervisor_or_returned(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var saha = await platform.StaffClientAsync("saha-sup", "26380", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var national2 = await platform.StaffClientAsync("nat-sup2", "national", "supervisor");

        // A district's result is reviewed by its province (or national), not by the district.
        var district = await CaseSeeds.AddAsync(platform, "26380", CaseStatus.ResultRecorded);
        var refused = await saha.ActAsync(district, new { action = "review" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(
            "office above",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );
        var reviewed = await busan.StepAsync(district, new { action = "review" });
        Assert.Equal("busan-sup", reviewed.GetProperty("reviewedBy").GetString());
        Assert.Equal("26", reviewed.GetProperty("reviewerOffice").GetString());

        // A national case: whoever recorded the result cannot review it; another national supervisor can.
        var own = await CaseSeeds.AddAsync(platform, "national", CaseStatus.InVerification);
        await national.StepAsync(
            own,
            new
            {
                action = "record-result",
                result = "substantiated",
                summary = "confirmed",
            }
        );
        Assert.Equal(HttpStatusCode.Forbidden, (await national.ActAsync(own, new { action = "review" })).StatusCode);
        await national2.StepAsync(own, new { action = "review" });

        // A review can send the result back for more verification, with a reason; the result no longer stands.
        var weak = await CaseSeeds.AddAsync(platform, "26", CaseStatus.ResultRecorded);
        var returned = await national.StepAsync(
            weak,
            new
            {
                action = "review",
                decision = "return",
                reason = "witness not heard",
            }
        );
        Assert.Equal(
            CaseLifecycle
                .Decide(CaseAction.Review, CaseStatus.ResultRecorded, CaseAction.ReviewReturn)
                .Transition!.Next(CaseStatus.ResultRecorded),
            returned.GetProperty("status").GetString()
        );
        Assert.Equal(JsonValueKind.Null, returned.GetProperty("result").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await busan.ActAsync(weak, new { action = "close" })).StatusCode);
        var message = await busan.StepAsync(
            weak,
            new { action = "publish-status", message = "we need a little longer" }
        );
        Assert.Equal("in-verification", message.GetProperty("publicStatus").GetString()); // a message, not a result
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_refused_transition_answers_409_naming_the_state_and_what_is_allowed_now(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.InVerification);
        var response = await busan.ActAsync(id, new { action = "close" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-verification", problem.GetProperty("status").GetString());
        Assert.Contains(
            "reviewed by an office above",
            problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );
        var allowed = problem.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("record-result", allowed);
        Assert.DoesNotContain("close", allowed);
        Assert.DoesNotContain("review", allowed); // not from Busan's own office
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_stale_version_is_refused_and_the_version_moves_with_every_step(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var id = await CaseSeeds.AddAsync(platform);
        var seen = (await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}")).GetProperty("version").GetInt32();
        var accepted = await busan.StepAsync(id, new { action = "accept", version = seen });
        Assert.Equal(seen + 1, accepted.GetProperty("version").GetInt32());
        var stale = await busan.ActAsync(id, new { action = "start-verification", version = seen });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains(
            "version",
            (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            StringComparison.Ordinal
        );

        // Two people acting at once: exactly one wins, the other is told the case moved on.
        var other = await platform.StaffClientAsync("busan-sup2", "26", "supervisor");
        var answers = await Task.WhenAll(
            busan.ActAsync(id, new { action = "start-verification", version = seen + 1 }),
            other.ActAsync(id, new { action = "start-verification", version = seen + 1 })
        );
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Revert_undoes_a_step_with_a_compensating_step_only_while_what_it_changed_still_stands(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var busanScreener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var national2 = await platform.StaffClientAsync("nat-sup2", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);

        var assigned = await busan.StepAsync(id, new { action = "assign", office = "26380" });
        var assign = LastEntry(assigned.GetProperty("history"), "case.assign").GetProperty("sequence").GetInt64();
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await busanScreener.ActAsync(
                    id,
                    new
                    {
                        action = "revert",
                        @event = assign,
                        reason = "mine",
                    }
                )
            ).StatusCode
        );
        var reverted = await busan.ConfirmedAsync(
            national,
            id,
            new
            {
                action = "revert",
                @event = assign,
                reason = "assigned by mistake",
            }
        );
        Assert.Equal("26", reverted.GetProperty("office").GetString());
        Assert.Equal("accepted", reverted.GetProperty("status").GetString());
        var revert = DetailsOf(LastEntry(reverted.GetProperty("history"), "case.revert"));
        Assert.Equal(assign, revert.GetProperty("event").GetInt64());
        Assert.Equal("case.assign", revert.GetProperty("reverts").GetString());
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await busan.ActAsync(
                    id,
                    new
                    {
                        action = "revert",
                        @event = assign,
                        reason = "again",
                    }
                )
            ).StatusCode
        ); // once only

        // A step that later steps built on is reverted only after them.
        await busan.StepAsync(id, new { action = "start-verification" });
        var started = LastEntry(
                (await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}")).GetProperty("history"),
                "case.start-verification"
            )
            .GetProperty("sequence")
            .GetInt64();
        var recorded = await busan.StepAsync(
            id,
            new
            {
                action = "record-result",
                result = "partly",
                summary = "part",
            }
        );
        var result = LastEntry(recorded.GetProperty("history"), "case.record-result")
            .GetProperty("sequence")
            .GetInt64();
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await busan.ActAsync(
                    id,
                    new
                    {
                        action = "revert",
                        @event = started,
                        reason = "too early",
                    }
                )
            ).StatusCode
        );
        var notRevertible = await busan.ActAsync(
            id,
            new
            {
                action = "revert",
                @event = result,
                reason = "wrong result",
            }
        );
        Assert.Equal(HttpStatusCode.Conflict, notRevertible.StatusCode);
        Assert.Contains(
            "cannot be reverted",
            await notRevertible.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );

        // Supervision set from above cannot be lifted from below; the office above can lift it.
        var supervised = await national.StepAsync(id, new { action = "supervise" });
        var supervise = LastEntry(supervised.GetProperty("history"), "case.supervise")
            .GetProperty("sequence")
            .GetInt64();
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await busan.ActAsync(
                    id,
                    new
                    {
                        action = "revert",
                        @event = supervise,
                        reason = "not needed",
                    }
                )
            ).StatusCode
        );
        var lifted = await national.ConfirmedAsync(
            national2,
            id,
            new
            {
                action = "revert",
                @event = supervise,
                reason = "progress shown",
            }
        );
        Assert.False(lifted.GetProperty("supervised").GetBoolean());
        Assert.Equal("result-recorded", lifted.GetProperty("status").GetString()); // only the flag went back

        // A close is reverted back to where it was.
        var closable = await CaseSeeds.AddAsync(platform, status: CaseStatus.FeedbackGiven);
        var closed = await busan.StepAsync(closable, new { action = "close" });
        var close = LastEntry(closed.GetProperty("history"), "case.close").GetProperty("sequence").GetInt64();
        Assert.Equal("feedback-given", (
                await busan.ConfirmedAsync(
                    national,
                    closable,
                    new
                    {
                        action = "revert",
                        @event = close,
                        reason = "closed too soon",
                    }
                )
            ).GetProperty("status").GetString());

        // A step of another case is not this case's to revert.
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await busan.ActAsync(
                    closable,
                    new
                    {
                        action = "revert",
                        @event = assign,
                        reason = "wrong case",
                    }
                )
            ).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Merging_moves_reports_and_reporters_into_the_target_and_unmerging_or_reverting_takes_them_back(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var supervisor = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var source = await CaseSeeds.AddAsync(platform);
        var target = await CaseSeeds.AddAsync(platform, status: CaseStatus.InVerification);

        await busan.StepAsync(source, new { action = "merge", into = target });
        var merged = await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{source}");
        Assert.Equal(
            "in-verification",
            (await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{target}"))
                .GetProperty("status")
                .GetString()
        );
        // asked for, not yet confirmed: nothing moved
        Assert.Equal("received", merged.GetProperty("status").GetString());
        merged = await national.StepAsync(source, new { action = "review" });
        Assert.Equal("merged", merged.GetProperty("status").GetString());
        Assert.Equal(target, merged.GetProperty("mergedInto").GetString());
        var both = await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{target}");
        Assert.Equal(2, both.GetProperty("reports").GetArrayLength());
        Assert.Contains(both.GetProperty("reports").EnumerateArray(), r =>
            r.GetProperty("mergedFrom").GetString() == source
        );
        Assert.Contains(both.GetProperty("history").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "case.merge-received"
        );
        Assert.Equal(HttpStatusCode.Conflict, (await busan.ActAsync(source, new { action = "accept" })).StatusCode);

        // Two reporters with contacts now: a contact names which one; the deadline is met once both were contacted.
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await supervisor.ActAsync(
                    target,
                    new
                    {
                        action = "record-contact",
                        channel = "phone",
                        outcome = "reached",
                    }
                )
            ).StatusCode
        );
        var reports = both.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        var first = await supervisor.StepAsync(
            target,
            new
            {
                action = "record-contact",
                channel = "phone",
                outcome = "reached",
                report = reports[0],
            }
        );
        Assert.Equal(JsonValueKind.Null, first.GetProperty("deadlines").GetProperty("contactedAt").ValueKind);
        var second = await supervisor.StepAsync(
            target,
            new
            {
                action = "record-contact",
                channel = "sms",
                outcome = "reached",
                report = reports[1],
            }
        );
        Assert.Equal(JsonValueKind.String, second.GetProperty("deadlines").GetProperty("contactedAt").ValueKind);

        // Reports moved by the merge wait for the next status bundle, to tell their reporters the target's status.
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.True(await db.PendingStatuses.AnyAsync(p => p.ReportId == reports[0] || p.ReportId == reports[1]));
        }

        var unmerged = await busan.ConfirmedAsync(national, source, new { action = "unmerge" });
        Assert.Equal("received", unmerged.GetProperty("status").GetString());
        Assert.Single(unmerged.GetProperty("reports").EnumerateArray());
        Assert.Single(
            (await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{target}"))
                .GetProperty("reports")
                .EnumerateArray()
        );

        // Reverting the merge is the same compensating step.
        var again = await busan.ConfirmedAsync(national, source, new { action = "merge", into = target });
        var merge = LastEntry(again.GetProperty("history"), "case.merge").GetProperty("sequence").GetInt64();
        var back = await supervisor.ConfirmedAsync(
            national,
            source,
            new
            {
                action = "revert",
                @event = merge,
                reason = "not the same matter",
            }
        );
        Assert.Equal("received", back.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("mergedInto").ValueKind);

        // A case cannot be merged into one that is itself merged or closed.
        var third = await CaseSeeds.AddAsync(platform);
        await busan.ConfirmedAsync(national, third, new { action = "merge", into = target });
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await busan.ActAsync(source, new { action = "merge", into = third })).StatusCode
        );
        var closed = await CaseSeeds.AddAsync(platform, status: CaseStatus.Closed);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await busan.ActAsync(source, new { action = "merge", into = closed })).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Reopening_returns_an_answered_case_to_verification_and_a_not_accepted_one_to_received(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var answered = await CaseSeeds.AddAsync(platform, status: CaseStatus.Closed);
        var reopened = await busan.StepAsync(
            answered,
            new { action = "reopen", reason = "the reporter sent new facts" }
        );
        Assert.Equal(CaseLifecycle.ReopenTarget(everAccepted: true), reopened.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("result").ValueKind);
        Assert.Equal("in-verification", reopened.GetProperty("publicStatus").GetString());
        Assert.Contains(reopened.GetProperty("deadlines").GetProperty("clock").EnumerateArray(), d =>
            d.GetProperty("kind").GetString() == "verification" && d.GetProperty("state").GetString() == "open"
        );

        var refused = await CaseSeeds.AddAsync(platform, status: CaseStatus.NotAccepted);
        Assert.Equal(
            "received",
            (await busan.StepAsync(refused, new { action = "reopen", reason = "scope misjudged" }))
                .GetProperty("status")
                .GetString()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Every_change_of_what_the_reporter_is_told_queues_the_cases_reports_for_the_status_return(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");

        async Task<bool> Queued(string id)
        {
            await using var db = platform.OpenCaseworkDb();
            var reports = await db.Reports.Where(r => r.CaseId == id).Select(r => r.Id).ToListAsync();
            var queued = await db.PendingStatuses.AnyAsync(p => reports.Contains(p.ReportId));
            await db.PendingStatuses.Where(p => reports.Contains(p.ReportId)).ExecuteDeleteAsync();
            return queued;
        }

        var id = await CaseSeeds.AddAsync(platform);
        Assert.Equal(
            "accepted",
            (await busan.StepAsync(id, new { action = "accept" })).GetProperty("publicStatus").GetString()
        );
        Assert.True(await Queued(id));
        Assert.Equal(
            "in-verification",
            (await busan.StepAsync(id, new { action = "start-verification" })).GetProperty("publicStatus").GetString()
        );
        Assert.True(await Queued(id));
        await busan.StepAsync(
            id,
            new
            {
                action = "record-contact",
                channel = "phone",
                outcome = "reached",
            }
        );
        Assert.False(await Queued(id)); // nothing the reporter sees changed
        var message = await busan.StepAsync(id, new { action = "publish-status", message = "we are looking into it" });
        Assert.Equal("in-verification", message.GetProperty("publicStatus").GetString());
        Assert.Single(message.GetProperty("messages").EnumerateArray());
        Assert.True(await Queued(id));

        var rejected = await CaseSeeds.AddAsync(platform);
        Assert.Equal(
            "received",
            (await busan.StepAsync(rejected, new { action = "reject", reason = "out-of-scope" }))
                .GetProperty("publicStatus")
                .GetString()
        );
        Assert.False(await Queued(rejected)); // a rejection asked for reaches the reporter only once confirmed above
        Assert.Equal(
            "not-accepted",
            (await national.StepAsync(rejected, new { action = "review" })).GetProperty("publicStatus").GetString()
        );
        Assert.True(await Queued(rejected));
        var closed = await busan.StepAsync(rejected, new { action = "close" });
        // closing does not turn a refusal into "completed"
        Assert.Equal("not-accepted", closed.GetProperty("publicStatus").GetString());
        Assert.False(await Queued(rejected));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Showing_a_reporters_identity_is_recorded_and_only_for_roles_allowed_to_see_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var investigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var id = await CaseSeeds.AddAsync(platform);

        var plain = await investigator.GetStringAsync($"/api/v1/cases/{id}");
        Assert.DoesNotContain("제보자", plain, StringComparison.Ordinal);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await investigator.GetAsync($"/api/v1/cases/{id}?include=identity")).StatusCode
        ); // no purpose
        Assert.Contains(
            "제보자",
            await investigator.GetStringAsync($"/api/v1/cases/{id}?include=identity&purpose=call%20back"),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            "제보자",
            await screener.GetStringAsync($"/api/v1/cases/{id}?include=identity&purpose=curious"),
            StringComparison.Ordinal
        );
        var shown = (await Trail(investigator, id))
            .EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "identity.viewed")
            .ToList();
        Assert.Single(shown);
        Assert.Equal("busan-inv", shown[0].GetProperty("actor").GetString());
        Assert.Equal("call back", DetailsOf(shown[0]).GetProperty("purpose").GetString());

        // An action's answer never carries the identity.
        Assert.DoesNotContain(
            "제보자",
            (
                await investigator.StepAsync(
                    await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted),
                    new { action = "start-verification" }
                )
            ).GetRawText(),
            StringComparison.Ordinal
        );
    }
}
