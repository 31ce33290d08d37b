using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Tests.Cli;

public sealed class DemoAndSampleCommandTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Demo_seed_sends_synthetic_reports_through_intake_to_casework(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var output = await platform.RunCliAsync(null, "demo", "seed", "--count", "25", "--seed", "42");
        Assert.Contains("25 synthetic", output, StringComparison.Ordinal);
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("demo-nat", "national", "supervisor");
        var cases = await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases");
        Assert.Equal(25, cases.GetProperty("total").GetInt32());
        await using var db = platform.OpenCaseworkDb();
        Assert.All(await db.Reports.ToListAsync(), r => Assert.Equal("demo", r.Marks));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Sample_run_draws_reviewed_cases_with_reachable_reporters_once_per_month(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.RunCliAsync(null, "demo", "seed", "--count", "30", "--seed", "7");
        await platform.TransferAsync();
        var reviewedAt = new DateTimeOffset(2026, 10, 15, 3, 0, 0, TimeSpan.Zero);
        await using (var db = platform.OpenCaseworkDb())
        {
            await db.Cases.ExecuteUpdateAsync(s =>
                s.SetProperty(c => c.Result, "substantiated").SetProperty(c => c.ReviewedAt, reviewedAt)
            );
        }

        List<(string Id, string Office)> eligible;
        await using (var db = platform.OpenCaseworkDb())
        {
            eligible =
            [
                .. (
                    await db.Cases.Where(c => c.HasContact).Select(c => new { c.Id, c.OfficeCode }).ToListAsync()
                ).Select(c => (c.Id, c.OfficeCode)),
            ];
        }

        // --size is per province (the zone's own rule for an office's province): each province's reachable cases are
        // drawn up to that many.
        await using var scope = platform.CaseworkApp.Services.CreateAsyncScope();
        var sampling = scope.ServiceProvider.GetRequiredService<Casework.Sampling.CallbackSampling>();
        string Province(string office) => sampling.ProvinceOf(office);
        var byProvince = eligible
            .GroupBy(c => Province(c.Office), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Id).Order(StringComparer.Ordinal).ToList());
        var first = await platform.RunCliAsync(null, "sample", "run", "--month", "2026-10", "--size", "5");
        var again = await platform.RunCliAsync(null, "sample", "run", "--month", "2026-10", "--size", "5");
        Assert.Equal(first, again);
        Assert.Contains($"of {eligible.Count} case(s)", first, StringComparison.Ordinal);

        await using (var db = platform.OpenCaseworkDb())
        {
            var drawn = await db.CallbackSamples.Where(s => s.Month == "2026-10").ToListAsync();
            Assert.Equal(byProvince.Values.Sum(ids => Math.Min(5, ids.Count)), drawn.Count);
            Assert.All(drawn, s => Assert.Contains(s.CaseId, eligible.Select(c => c.Id)));
            Assert.Single(await db.AuditEntries.Where(e => e.Action == "sample.drawn").ToListAsync());

            // Reproducible: the recorded seed and each province's candidates draw the same cases again.
            var seed = Convert.FromHexString(drawn[0].Seed);
            foreach (var (province, ids) in byProvince)
            {
                Assert.Equal(
                    drawn.Where(s => Province(s.Office) == province).OrderBy(s => s.Position).Select(s => s.CaseId),
                    Casework.Sampling.CallbackSampling.Draw(
                        ids,
                        Casework.Sampling.CallbackSampling.ProvinceSeed(seed, province),
                        Math.Min(5, ids.Count)
                    )
                );
            }
        }

        Assert.Contains(
            "no case reviewed or not accepted",
            await platform.RunCliAsync(null, "sample", "run", "--month", "2026-09"),
            StringComparison.Ordinal
        );
        Assert.Equal(2, (await platform.TryCliAsync(null, "sample", "run", "--month", "October")).Exit);
    }
}
