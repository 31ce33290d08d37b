using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Tests.Pages;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Staff;

/// <summary>Each insider rule of issue 14, tried as the insider would try to get around it: another action, another
/// office, another account.</summary>
public sealed class InsiderAttackTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_province_supervisor_who_works_a_district_case_himself_cannot_approve_his_own_result(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-boss", "26", "supervisor");
        var busanColleague = await platform.StaffClientAsync("busan-friend", "26", "supervisor");
        var saha = await platform.StaffClientAsync("saha-sup", "26380", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, "26", status: CaseStatus.Accepted);

        // He hands the case to Saha-gu, works it himself and records "unsubstantiated".
        await busan.StepAsync(id, new { action = "assign", office = "26380" });
        await busan.StepAsync(id, new { action = "start-verification" });
        await busan.StepAsync(
            id,
            new
            {
                action = "record-result",
                result = "unsubstantiated",
                summary = "nothing found",
            }
        );

        // Neither he, nor a colleague of his office, nor the district below may approve it; nor can it be fed back or
        // closed.
        foreach (var insider in new[] { busan, busanColleague, saha })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await insider.ActAsync(id, new { action = "review" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await busan.ActAsync(id, new { action = "close" })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await busan.ActAsync(id, new { action = "publish-status", message = "no crime found" })).StatusCode
        );
        var reviewed = await national.StepAsync(id, new { action = "review" });
        Assert.Equal("reviewed", reviewed.GetProperty("status").GetString());
        Assert.Equal("national", reviewed.GetProperty("reviewerOffice").GetString());
    }

    [Theory]
    [DatabaseProviders]
    public async Task With_district_review_set_to_national_the_province_no_longer_reviews_district_results(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--district-review", "national");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var district = await CaseSeeds.AddAsync(platform, "26380", status: CaseStatus.ResultRecorded, shape: c =>
            c.ResultOffice = "26380"
        );
        Assert.Equal(HttpStatusCode.Forbidden, (await busan.ActAsync(district, new { action = "review" })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await busan.ActAsync(await AskedRejectionAsync(platform, "26380"), new { action = "review" })).StatusCode
        );
        await national.StepAsync(district, new { action = "review" });

        // A province's own case is still reviewed by national, as before.
        var province = await CaseSeeds.AddAsync(platform, "26", status: CaseStatus.ResultRecorded);
        await national.StepAsync(province, new { action = "review" });
    }

    private static async Task<string> AskedRejectionAsync(TestPlatform platform, string office)
    {
        var id = await CaseSeeds.AddAsync(platform, office);
        var asker = await platform.StaffClientAsync("asker-" + id, office, "screener");
        await asker.StepAsync(id, new { action = "reject", reason = "abusive" });
        return id;
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_district_screener_cannot_bury_a_clue_alone_by_rejecting_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var sahaSupervisor = await platform.StaffClientAsync("saha-sup", "26380", "supervisor");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, "26380");

        var asked = await screener.StepAsync(id, new { action = "reject", reason = "out-of-scope" });
        Assert.Equal("received", asked.GetProperty("status").GetString());
        Assert.Equal("received", asked.GetProperty("publicStatus").GetString());
        await using (var db = platform.OpenCaseworkDb())
        {
            var reports = await db.Reports.Where(r => r.CaseId == id).Select(r => r.Id).ToListAsync();
            Assert.False(
                await db.PendingStatuses.AnyAsync(p => reports.Contains(p.ReportId)),
                "the reporter was told before anyone confirmed"
            );
        }

        // Nothing else moves the case meanwhile, and the district cannot confirm its own request.
        Assert.Equal(HttpStatusCode.Conflict, (await screener.ActAsync(id, new { action = "accept" })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await sahaSupervisor.ActAsync(id, new { action = "review" })).StatusCode
        );

        // Busan returns it: still open, the trail says who asked and who refused.
        var returned = await busan.StepAsync(
            id,
            new
            {
                action = "review",
                decision = "return",
                reason = "it is in scope",
            }
        );
        Assert.Equal("received", returned.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, returned.GetProperty("pending").ValueKind);
        Assert.Contains(returned.GetProperty("history").EnumerateArray(), h =>
            h.GetProperty("action").GetString() == "case.request-returned"
        );

        // Asked again and confirmed: only now is the case not accepted and the reporter told.
        await screener.StepAsync(id, new { action = "reject", reason = "out-of-scope" });
        var confirmed = await busan.StepAsync(id, new { action = "review" });
        Assert.Equal("not-accepted", confirmed.GetProperty("status").GetString());
        Assert.Equal("not-accepted", confirmed.GetProperty("publicStatus").GetString());
        var entry = confirmed
            .GetProperty("history")
            .EnumerateArray()
            .Last(h => h.GetProperty("action").GetString() == "case.reject");
        Assert.Equal("busan-sup", entry.GetProperty("actor").GetString());
        Assert.Equal("saha-scr", entry.GetProperty("details").GetProperty("requestedBy").GetString());
    }

    [Theory]
    [DatabaseProviders]
    public async Task After_the_national_office_takes_over_a_case_a_district_cannot_unmerge_its_reports_back(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var sahaSupervisor = await platform.StaffClientAsync("saha-sup", "26380", "supervisor");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var source = await CaseSeeds.AddAsync(platform, "26380");
        var target = await CaseSeeds.AddAsync(platform, "26380");
        await screener.ConfirmedAsync(busan, source, new { action = "merge", into = target });
        var merge = LastStep(
            await sahaSupervisor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{source}"),
            "case.merge"
        );

        // The national office takes the case the reports went into.
        await national.StepAsync(
            target,
            new
            {
                action = "transfer",
                office = "national",
                reason = "taken over",
            }
        );

        // The district tries to pull the reports back: by unmerge, and by reverting the merge.
        var unmerge = await screener.ActAsync(source, new { action = "unmerge" });
        Assert.Equal(HttpStatusCode.Forbidden, unmerge.StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await sahaSupervisor.ActAsync(
                    source,
                    new
                    {
                        action = "revert",
                        @event = merge,
                        reason = "ours",
                    }
                )
            ).StatusCode
        );
        // Busan, below national too, cannot either, and nothing was left waiting.
        Assert.Equal(HttpStatusCode.Forbidden, (await busan.ActAsync(source, new { action = "unmerge" })).StatusCode);
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal(2, await db.Reports.CountAsync(r => r.CaseId == target));
            Assert.Null((await db.Cases.SingleAsync(c => c.Id == source)).PendingRequest);
        }

        // The national office may give them back, with a second person of its own.
        var back = await national.ConfirmedAsync(
            await platform.StaffClientAsync("nat-sup2", "national", "supervisor"),
            source,
            new { action = "unmerge" }
        );
        Assert.Single(back.GetProperty("reports").EnumerateArray());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_merged_away_case_reads_nothing_of_the_reports_that_left_it(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var investigator = await platform.StaffClientAsync("saha-inv", "26380", "investigator");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var source = await CaseSeeds.AddAsync(platform, "26380");
        var target = await CaseSeeds.AddAsync(platform, "26380");
        await screener.ConfirmedAsync(busan, source, new { action = "merge", into = target });

        var away = await investigator.GetStringAsync($"/api/v1/cases/{source}?include=identity&purpose=follow%20up");
        Assert.DoesNotContain("seeded report " + source, away, StringComparison.Ordinal);
        Assert.DoesNotContain("제보자 " + source, away, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(away).RootElement.GetProperty("reports").GetArrayLength());
        var there = await investigator.GetStringAsync($"/api/v1/cases/{target}?include=identity&purpose=follow%20up");
        Assert.Contains("seeded report " + source, there, StringComparison.Ordinal);
        Assert.Contains("제보자 " + source, there, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Administrators_read_no_case_and_auditors_read_content_only_for_a_stated_purpose(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var admin = await platform.StaffClientAsync("nat-admin", "national", "administrator");
        var auditor = await platform.StaffClientAsync("nat-aud", "national", "auditor");
        var supervisor = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, "26");
        await supervisor.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString("제보자")}");
        await supervisor.StepAsync(id, new { action = "publish-status", message = "secret-message" });

        foreach (
            var path in new[]
            {
                "/api/v1/cases",
                $"/api/v1/cases/{id}",
                $"/api/v1/cases/{id}?include=identity&purpose=support",
                $"/api/v1/audit?case={id}",
                "/api/v1/queues/overdue",
            }
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(path)).StatusCode);
        }

        // The whole log an administrator reads holds no case entry and nobody's search.
        var log = await admin.GetStringAsync("/api/v1/audit");
        Assert.DoesNotContain(id, log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-message", log, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditActions.CasesListed, log, StringComparison.Ordinal);

        var withheld = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        Assert.True(withheld.GetProperty("contentWithheld").GetBoolean());
        Assert.DoesNotContain("seeded report", withheld.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, withheld.GetProperty("messages").GetArrayLength());
        Assert.Equal("26", withheld.GetProperty("office").GetString()); // the metadata stays readable

        var read = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/v1/cases/{id}?purpose={Uri.EscapeDataString("complaint 2026-114 about this case")}"
        );
        Assert.False(read.GetProperty("contentWithheld").GetBoolean());
        Assert.Contains("seeded report", read.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("제보자 " + id, read.GetRawText(), StringComparison.Ordinal); // never the identity
        var audit = await PageTesting.AuditAsync(platform);
        Assert.Single(audit, a =>
            a.Actor == "nat-aud"
            && a.Action == AuditActions.CaseContentRead
            && a.Details.Contains("complaint 2026-114", StringComparison.Ordinal)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Identity_showings_need_a_purpose_and_a_burst_within_an_hour_raises_an_alert(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var investigator = await platform.StaffClientAsync("curious-inv", "26", "investigator");
        var auditor = await platform.StaffClientAsync("nat-aud", "national", "auditor");
        var cases = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            cases.Add(await CaseSeeds.AddAsync(platform, "26"));
        }

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await investigator.GetAsync($"/api/v1/cases/{cases[0]}?include=identity")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await investigator.GetAsync($"/api/v1/cases/{cases[0]}?include=identity&purpose=%20%20")).StatusCode
        );
        Assert.DoesNotContain((await PageTesting.AuditAsync(platform)), a => a.Action == "identity.viewed");

        foreach (var id in cases)
        {
            Assert.Contains(
                "제보자 " + id,
                await investigator.GetStringAsync($"/api/v1/cases/{id}?include=identity&purpose=checking"),
                StringComparison.Ordinal
            );
        }

        // Six in an hour: under the daily threshold (20), over the hourly one (5).
        var alerts = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Contains(alerts.EnumerateArray(), a =>
            a.GetProperty("kind").GetString() == AuditActions.IdentityViewed
            && a.GetProperty("subject").GetString() == "curious-inv"
            && a.GetProperty("threshold").GetInt32() == 5
        );

        // The alerts page says over which window it counted, in the reader's language.
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("nat-aud-page", "national", "auditor");
        var page = await browser.GetPageAsync("/audit/alerts?lang=ko");
        Assert.Contains(
            "curious-inv: 1시간 안에 제보자 신원 6건 열람 (기준 5건)",
            System.Net.WebUtility.HtmlDecode(page),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Looking_up_whether_someone_was_reported_leaves_who_asked_what_and_how_many_answered(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("nosy-scr", "26", "screener");
        await PageTesting.CaseInAsync(platform, "26380", "Cheolsu-Kim pays the gang every month");
        var answer = await screener.GetFromJsonAsync<JsonElement>("/api/v1/cases?q=Cheolsu-Kim");
        Assert.Equal(1, answer.GetProperty("total").GetInt32());
        await screener.GetAsync("/api/v1/queues/overdue");

        // The pages leave the same trace.
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("nosy-page", "26", "screener");
        await browser.GetPageAsync("/cases?q=Younghee-Park");

        var listed = (await PageTesting.AuditAsync(platform)).Where(a => a.Action == AuditActions.CasesListed).ToList();
        Assert.Contains(listed, a =>
            a.Actor == "nosy-scr"
            && a.Details.Contains("Cheolsu-Kim", StringComparison.Ordinal)
            && a.Details.Contains("\"total\":1", StringComparison.Ordinal)
        );
        Assert.Contains(listed, a =>
            a.Actor == "nosy-scr" && a.Details.Contains("queue:overdue", StringComparison.Ordinal)
        );
        Assert.Contains(listed, a =>
            a.Actor == "nosy-page"
            && a.Details.Contains("Younghee-Park", StringComparison.Ordinal)
            && a.Details.Contains("\"total\":0", StringComparison.Ordinal)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Only_the_national_office_resolves_a_national_transfer_alert(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var alert = Guid.NewGuid();
        await using (var db = platform.OpenCaseworkDb())
        {
            db.QuarantinedBundles.Add(
                new QuarantinedBundle
                {
                    Id = alert,
                    FileName = "reports-000042.bundle",
                    Reason = "bad signature",
                    At = DateTimeOffset.UtcNow,
                }
            );
            await db.SaveChangesAsync();
        }

        var busanAdmin = await platform.StaffClientAsync("busan-admin", "26", "administrator");
        var nationalAuditor = await platform.StaffClientAsync("nat-aud", "national", "auditor");
        var nationalAdmin = await platform.StaffClientAsync("nat-admin", "national", "administrator");
        foreach (var insider in new[] { busanAdmin, nationalAuditor })
        {
            var refused = await insider.PostAsJsonAsync(
                $"/api/v1/transfer/alerts/{alert}/resolve",
                new { reason = "nothing to see" }
            );
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Null((await db.QuarantinedBundles.SingleAsync(q => q.Id == alert)).ResolvedAt);
        }

        Assert.Equal(
            HttpStatusCode.NoContent,
            (
                await nationalAdmin.PostAsJsonAsync(
                    $"/api/v1/transfer/alerts/{alert}/resolve",
                    new { reason = "re-sent and imported" }
                )
            ).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_lower_office_cannot_transfer_a_supervised_case_out_of_its_supervisors_sight(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var screener = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, "26380", status: CaseStatus.Accepted);
        await busan.StepAsync(id, new { action = "supervise", reason = "watch this one" });

        var away = await screener.ActAsync(
            id,
            new
            {
                action = "transfer",
                office = "11",
                reason = "Seoul's matter",
            }
        );
        Assert.Equal(HttpStatusCode.Conflict, away.StatusCode);
        Assert.Contains("supervised by office 26", await away.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await national.ActAsync(
                    id,
                    new
                    {
                        action = "transfer",
                        office = "11",
                        reason = "Seoul's matter",
                    }
                )
            ).StatusCode
        );
        Assert.Equal(
            "26380",
            (await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}")).GetProperty("office").GetString()
        );

        // Within Busan's sight it may move; lifting the supervision first needs Busan and a confirmation above it.
        var moved = await screener.StepAsync(
            id,
            new
            {
                action = "transfer",
                office = "26110",
                reason = "the neighbouring district",
            }
        );
        Assert.Equal("26110", moved.GetProperty("office").GetString());
        var supervise = LastStep(moved, "case.supervise");
        var below = await platform.StaffClientAsync("junggu-sup", "26110", "supervisor");
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await below.ActAsync(
                    id,
                    new
                    {
                        action = "revert",
                        @event = supervise,
                        reason = "lift it",
                    }
                )
            ).StatusCode
        );
        await busan.ConfirmedAsync(
            national,
            id,
            new
            {
                action = "revert",
                @event = supervise,
                reason = "progress shown",
            }
        );
        Assert.Equal("11", (
                await national.StepAsync(
                    id,
                    new
                    {
                        action = "transfer",
                        office = "11",
                        reason = "Seoul's matter",
                    }
                )
            ).GetProperty("office").GetString());
    }

    private static long LastStep(JsonElement c, string action) =>
        c.GetProperty("history")
            .EnumerateArray()
            .Last(h => h.GetProperty("action").GetString() == action)
            .GetProperty("sequence")
            .GetInt64();
}
