using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Statistics;

/// <summary><c>GET /api/v1/stats</c> counts cases worked through the real steps (<see cref="WorkedCases"/>), only
/// within the caller's jurisdiction and the filter, a merged case once.</summary>
public sealed class StatsTests
{
    private static JsonElement At(JsonElement element, params string[] path) =>
        path.Aggregate(element, (e, name) => e.GetProperty(name));

    private static int Count(JsonElement element, params string[] path) => At(element, path).GetInt32();

    [Theory]
    [DatabaseProviders]
    public async Task Statistics_of_worked_cases_count_outcomes_rates_deadlines_months_and_callbacks(string provider)
    {
        await using var worked = await WorkedCases.CreateAsync(provider);
        var stats = await worked.Busan.GetFromJsonAsync<JsonElement>("/api/v1/stats");

        // Six Busan reports, one merged into another: five cases, the merged one apart.
        Assert.Equal(5, Count(stats, "total"));
        Assert.Equal(1, Count(stats, "merged"));
        Assert.False(At(stats, "byStatus").TryGetProperty("merged", out _));
        Assert.Equal(5, Count(stats, "byOffice", "26"));
        Assert.Equal(1, Count(stats, "byStatus", "closed"));
        Assert.Equal(1, Count(stats, "byOutcome", "substantiated"));
        Assert.Equal(1, Count(stats, "byOutcome", "unsubstantiated"));
        Assert.Equal(1, Count(stats, "byRejectionReason", "insufficient"));

        // Accepted 3 of 4 decided; closed 1 of 5; confirmed 1 of 2 results.
        Assert.Equal((3, 4, 0.75), Rate(stats, "acceptance"));
        Assert.Equal((1, 5, 0.2), Rate(stats, "closure"));
        Assert.Equal((1, 2, 0.5), Rate(stats, "confirmation"));

        // Acceptance: three decided on their first day, one ten days late, one still waiting past its deadline.
        var acceptance = At(stats, "deadlines", "acceptance");
        Assert.Equal(3, Count(acceptance, "metOnTime"));
        Assert.Equal(1, Count(acceptance, "metLate"));
        Assert.Equal(1, Count(acceptance, "overdue"));
        Assert.Equal(0, Count(acceptance, "running"));
        Assert.Equal(0.6, At(acceptance, "rate").GetDouble());
        Assert.Equal(1, Count(stats, "deadlines", "contact", "metOnTime"));
        Assert.Equal(1, Count(stats, "deadlines", "feedback", "metOnTime"));

        // The breakdown below Busan: its own cases.
        var office = Assert.Single(At(stats, "offices").EnumerateArray());
        Assert.Equal("26", At(office, "office").GetString());
        Assert.Equal(5, Count(office, "total"));
        Assert.Equal(1, Count(office, "deadlines", "acceptance", "metLate"));

        // All five arrived this month; the series names it.
        var month = Assert.Single(At(stats, "months").EnumerateArray());
        Assert.Equal(worked.Month, At(month, "month").GetString());
        Assert.Equal(
            (5, 3, 1, 1, 1),
            (
                Count(month, "received"),
                Count(month, "accepted"),
                Count(month, "notAccepted"),
                Count(month, "confirmed"),
                Count(month, "closed")
            )
        );

        // Time per stage: four cases were decided; the late one took ten days or more.
        var decided = At(stats, "stages").EnumerateArray().Single(s => At(s, "stage").GetString() == "acceptance");
        Assert.Equal(4, Count(decided, "cases"));
        Assert.InRange(At(decided, "meanDays").GetDouble(), 2.5, 3.5);

        // Six reports, each counted once (the merged one in the case holding it): one named.
        Assert.Equal((5, 1), (Count(stats, "reporters", "anonymous"), Count(stats, "reporters", "named")));

        // The callback: drawn, called, reached, satisfied at 4.
        var satisfaction = At(stats, "satisfaction");
        Assert.Equal(
            (1, 1, 1, 1),
            (
                Count(satisfaction, "sampled"),
                Count(satisfaction, "called"),
                Count(satisfaction, "reached"),
                Count(satisfaction, "responses")
            )
        );
        Assert.Equal(4.0, At(satisfaction, "mean").GetDouble());
        Assert.Equal(1, Count(satisfaction, "byScore", "4"));

        // Filters: another category, a later period.
        Assert.Equal(
            0,
            Count(await worked.Busan.GetFromJsonAsync<JsonElement>("/api/v1/stats?category=drugs"), "total")
        );
        var later = worked
            .Clock.GetUtcNow()
            .AddDays(40)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var empty = await worked.Busan.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={later}");
        Assert.Equal(0, Count(empty, "total"));
        Assert.Equal(0, Count(empty, "satisfaction", "sampled"));
    }

    private static (int Count, int Of, double Share) Rate(JsonElement stats, string name)
    {
        var rate = At(stats, "rates", name);
        return (Count(rate, "count"), Count(rate, "of"), At(rate, "share").GetDouble());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Statistics_keep_to_the_jurisdiction_and_refuse_another_provinces_office(string provider)
    {
        await using var worked = await WorkedCases.CreateAsync(provider);
        var national = await worked.National.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        Assert.Equal(6, Count(national, "total"));
        Assert.Equal(
            ["11", "26"],
            At(national, "offices")
                .EnumerateArray()
                .Select(o => At(o, "office").GetString()!)
                .Order(StringComparer.Ordinal)
        );
        Assert.True(At(national, "offices").EnumerateArray().All(o => At(o, "withOfficesBelow").GetBoolean()));
        Assert.Equal(5, Count(await worked.National.GetFromJsonAsync<JsonElement>("/api/v1/stats?office=26"), "total"));

        var seoul = await worked.SeoulStaff.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        Assert.Equal(1, Count(seoul, "total"));
        Assert.False(At(seoul, "byOffice").TryGetProperty("26", out _));
        Assert.Equal(0, Count(seoul, "satisfaction", "sampled"));

        // Another province's office, an unknown one, and one above the caller's are not found; below is answered.
        foreach (var office in new[] { "11", "national", "99999" })
        {
            Assert.Equal(
                HttpStatusCode.NotFound,
                (await worked.Busan.GetAsync($"/api/v1/stats?office={office}")).StatusCode
            );
        }

        Assert.Equal(0, Count(await worked.Busan.GetFromJsonAsync<JsonElement>("/api/v1/stats?office=26380"), "total"));

        // Bad input: a reason per field, in the caller's language.
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats?from=yesterday&category=nonsense");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var bad = await worked.Busan.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = At(await bad.Content.ReadFromJsonAsync<JsonElement>(), "errors");
        Assert.Equal("must be a date as YYYY-MM-DD", At(errors, "from")[0].GetString());
        Assert.Equal("is not a known category", At(errors, "category")[0].GetString());
        var korean = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats?from=2026-12-02&to=2026-12-01");
        korean.Headers.AcceptLanguage.ParseAdd("ko");
        var reversed = await worked.Busan.SendAsync(korean);
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("종료일", await reversed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
