using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Retention;

/// <summary>The legal hold: who may set and lift it (<c>Staff/CasePermissions</c>), and the ways an insider might try
/// to have a held case purged anyway.</summary>
public sealed class LegalHoldTests
{
    [Fact]
    public async Task Only_supervisors_of_the_case_set_a_hold_and_only_the_holding_office_or_above_lifts_it()
    {
        await using var platform = await TestPlatform.StartAsync(
            TestDatabases.Sqlite,
            "--retention-days",
            "identity=30,content=30",
            "--retention-at",
            "off"
        );
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var saha = await platform.StaffClientAsync("saha-sup", "26380", "supervisor");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var investigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var auditor = await platform.StaffClientAsync("busan-aud", "26", "auditor");
        var admin = await platform.StaffClientAsync("nat-admin", "national", "administrator");
        var id = (
            await CaseworkRetentionTests.ClosedCaseAsync(platform, daysAgo: 400, "HOLD-" + Guid.NewGuid().ToString("n"))
        ).Id;
        object hold = new { hold = true, reason = "prosecution asked to keep the evidence" };

        foreach (var insider in new[] { investigator, auditor, admin })
        {
            Assert.Equal(
                HttpStatusCode.Forbidden,
                (await insider.PostAsJsonAsync($"/api/v1/cases/{id}/hold", hold)).StatusCode
            );
        }

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await seoul.PostAsJsonAsync($"/api/v1/cases/{id}/hold", hold)).StatusCode
        );
        var noReason = await busan.PostAsJsonAsync($"/api/v1/cases/{id}/hold", new { hold = true });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True(
            (await noReason.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("reason", out _)
        );

        var set = await national.PostAsJsonAsync($"/api/v1/cases/{id}/hold", hold);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var view = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("held").GetBoolean());
        Assert.Equal("national", view.GetProperty("heldOffice").GetString());

        // Busan, whose case it is, cannot lift what national holds; nor can the district below.
        object lift = new { hold = false, reason = "no longer needed" };
        var refused = await busan.PostAsJsonAsync($"/api/v1/cases/{id}/hold", lift);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("national", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await saha.PostAsJsonAsync($"/api/v1/cases/{id}/hold", lift)).StatusCode);
        Assert.True(
            (await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}/hold")).GetProperty("held").GetBoolean()
        );

        // Held, the case survives the round; the attempt is in no one's favour.
        var kept = await CaseworkRetentionTests.RunAsync(platform, dryRun: false);
        Assert.Equal([id], kept.Held);
        Assert.Empty(kept.Purges);

        // National lifts it; the next round purges it; both steps are in the case's trail.
        Assert.Equal(HttpStatusCode.OK, (await national.PostAsJsonAsync($"/api/v1/cases/{id}/hold", lift)).StatusCode);
        Assert.Equal(
            [id],
            (await CaseworkRetentionTests.RunAsync(platform, dryRun: false)).Purges.Select(p => p.CaseId)
        );
        var trail = await national.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");
        var actions = trail.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(
            [AuditActions.RetentionHoldSet, AuditActions.RetentionHoldLifted, AuditActions.RetentionContentPurged],
            actions.Where(a => a!.StartsWith("retention.", StringComparison.Ordinal))
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_held_cases_reports_merged_into_a_purged_case_are_kept(string provider)
    {
        // The insider's detour: merge the held case's reports into another case, close that one and let it expire.
        await using var platform = await TestPlatform.StartAsync(
            provider,
            "--retention-days",
            "identity=30,content=30",
            "--retention-at",
            "off"
        );
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var heldCase = await CaseSeeds.AddAsync(platform, "26", CaseStatus.Received);
        var held = await national.PostAsJsonAsync(
            $"/api/v1/cases/{heldCase}/hold",
            new { hold = true, reason = "court order" }
        );
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var other = await CaseworkRetentionTests.ClosedCaseAsync(
            platform,
            daysAgo: 400,
            "OTHER-" + Guid.NewGuid().ToString("n")
        );
        await using (var db = platform.OpenCaseworkDb())
        {
            var report = await db.Reports.SingleAsync(r => r.CaseId == heldCase);
            (report.CaseId, report.OriginCaseId, report.JoinedAt) = (
                other.Id,
                heldCase,
                DateTimeOffset.UtcNow.AddDays(-401)
            );
            await db.SaveChangesAsync();
        }

        var round = await CaseworkRetentionTests.RunAsync(platform, dryRun: false);
        var purge = Assert.Single(round.Purges);
        Assert.Equal((other.Id, 1, 1), (purge.CaseId, purge.Reports, purge.KeptReports));
        Assert.False(await CaseworkRetentionTests.StoredAnywhereAsync(platform, provider, other.Marker));
        Assert.True(await CaseworkRetentionTests.StoredAnywhereAsync(platform, provider, "seeded report " + heldCase));
        Assert.True(await CaseworkRetentionTests.StoredAnywhereAsync(platform, provider, "제보자 " + heldCase));
    }
}
