using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Statistics;

/// <summary><c>GET /api/v1/stats</c> counts only the caller's jurisdiction, by status, office, region, category,
/// outcome and deadline compliance.</summary>
public sealed class StatsTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Statistics_count_the_jurisdiction_by_status_outcome_and_deadline_compliance(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-aud", "26", "auditor");
        var seoul = await platform.StaffClientAsync("seoul-aud", "11", "auditor");
        var national = await platform.StaffClientAsync("nat-aud", "national", "auditor");
        var now = DateTimeOffset.UtcNow;
        await CaseSeeds.AddAsync(platform, "26", named: false);
        // acceptance overdue
        await CaseSeeds.AddAsync(platform, "26", named: false, shape: c => c.AcceptanceDueAt = now.AddDays(-1));
        await CaseSeeds.AddAsync(platform, "26", CaseStatus.Accepted, named: false, shape: c =>
            c.AcceptanceDueAt = now.AddDays(-2)
        ); // decided late
        await CaseSeeds.AddAsync(platform, "26", CaseStatus.ResultRecorded, named: false);
        await CaseSeeds.AddAsync(platform, "26", CaseStatus.NotAccepted, named: false);
        await CaseSeeds.AddAsync(platform, "26380", CaseStatus.Closed, named: false, shape: c =>
            c.Result = "substantiated"
        );
        await CaseSeeds.AddAsync(platform, "11", named: false);

        var stats = await busan.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        Assert.Equal(6, stats.GetProperty("total").GetInt32());
        Assert.Equal(2, stats.GetProperty("byStatus").GetProperty("received").GetInt32());
        Assert.Equal(5, stats.GetProperty("byOffice").GetProperty("26").GetInt32());
        Assert.False(stats.GetProperty("byOffice").TryGetProperty("11", out _));
        Assert.Equal(1, stats.GetProperty("byRegion").GetProperty("26380").GetInt32());
        Assert.Equal(6, stats.GetProperty("byCategory").GetProperty("drugs").GetInt32());
        Assert.Equal(1, stats.GetProperty("byOutcome").GetProperty("partly").GetInt32());
        Assert.Equal(1, stats.GetProperty("byOutcome").GetProperty("substantiated").GetInt32());
        Assert.Equal(1, stats.GetProperty("byRejectionReason").GetProperty("out-of-scope").GetInt32());

        var acceptance = stats.GetProperty("deadlines").GetProperty("acceptance");
        Assert.Equal(3, acceptance.GetProperty("metOnTime").GetInt32()); // result-recorded, not-accepted, closed
        Assert.Equal(1, acceptance.GetProperty("metLate").GetInt32());
        Assert.Equal(1, acceptance.GetProperty("overdue").GetInt32());
        Assert.Equal(1, acceptance.GetProperty("running").GetInt32());
        Assert.Equal(0.6, acceptance.GetProperty("rate").GetDouble());

        Assert.Equal(1, (await seoul.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("total").GetInt32());
        Assert.Equal(
            7,
            (await national.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("total").GetInt32()
        );

        var tomorrow = DateTime
            .UtcNow.AddDays(2)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            0,
            (await national.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={tomorrow}"))
                .GetProperty("total")
                .GetInt32()
        );
        var bad = await national.GetAsync("/api/v1/stats?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _)
        );
    }
}
