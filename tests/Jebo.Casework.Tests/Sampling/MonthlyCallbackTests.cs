using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Sampling;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Sampling;

/// <summary>The monthly callback end to end: the draw the zone's loop makes once per month on the test clock, per
/// province and reproducible from its seed; the sample read within each jurisdiction; a callback recorded by the
/// office above, a dispute sent to re-verification.</summary>
public sealed class MonthlyCallbackTests
{
    // 31 October 2026, 19:00 in Seoul: October's sample is not due yet.
    private static readonly DateTimeOffset October31 = new(2026, 10, 31, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InOctober = new(2026, 10, 15, 3, 0, 0, TimeSpan.Zero);

    private static Task<TestPlatform> StartAsync(string provider, ManualClock clock) =>
        TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Clock = clock,
                Casework = o =>
                    o with
                    {
                        CallbackSample = new CallbackSampleOptions
                        {
                            PerProvince = 2,
                            Provinces = new Dictionary<string, int> { ["11"] = 5 },
                        },
                    },
            }
        );

    private static async Task<string?> LoopRoundAsync(TestPlatform platform)
    {
        await using var scope = platform.CaseworkApp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CallbackSampling>().DrawDueAsync(CancellationToken.None);
    }

    private static Task<string> ReviewedInOctoberAsync(TestPlatform platform, string office, bool named = true) =>
        CaseSeeds.AddAsync(platform, office, CaseStatus.Reviewed, named, c => c.ReviewedAt = InOctober);

    [Theory]
    [DatabaseProviders]
    public async Task The_loop_draws_each_month_once_per_province_from_consenting_reporters(string provider)
    {
        var clock = new ManualClock(October31);
        await using var platform = await StartAsync(provider, clock);
        string[] busan =
        [
            await ReviewedInOctoberAsync(platform, "26"),
            await ReviewedInOctoberAsync(platform, "26"),
            await ReviewedInOctoberAsync(platform, "26380"),
            await CaseSeeds.AddAsync(platform, "26380", CaseStatus.NotAccepted, shape: c => c.DecidedAt = InOctober),
        ];
        string[] seoul = [await ReviewedInOctoberAsync(platform, "11"), await ReviewedInOctoberAsync(platform, "11")];
        var anonymous = await ReviewedInOctoberAsync(platform, "26", named: false);
        var september = await CaseSeeds.AddAsync(platform, "26", CaseStatus.Reviewed, shape: c =>
            c.ReviewedAt = InOctober.AddMonths(-1)
        );
        var unwilling = await ReviewedInOctoberAsync(platform, "26");
        await using (var db = platform.OpenCaseworkDb())
        {
            var report = await db.Reports.SingleAsync(r => r.CaseId == unwilling);
            (await db.ReporterIdentities.SingleAsync(i => i.ReportId == report.Id)).ContactConsent = false;
            await db.SaveChangesAsync();
        }

        // On 31 October the month due is September; from 1 November (Seoul) October; rounds after that draw nothing.
        Assert.Equal("2026-09", await LoopRoundAsync(platform));
        clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal("2026-10", await LoopRoundAsync(platform));
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromDays(3));
            Assert.Null(await LoopRoundAsync(platform));
        }

        await using var check = platform.OpenCaseworkDb();
        var october = await check
            .CallbackSamples.Where(s => s.Month == "2026-10")
            .OrderBy(s => s.Position)
            .ToListAsync();
        Assert.Equal(2 + 2, october.Count); // two of Busan's four, both of Seoul's (5 allowed)
        Assert.Equal(2, october.Count(s => busan.Contains(s.CaseId)));
        Assert.All(seoul, id => Assert.Contains(october, s => s.CaseId == id));
        Assert.DoesNotContain(october, s => s.CaseId == anonymous || s.CaseId == september || s.CaseId == unwilling);
        Assert.Contains(
            september,
            (await check.CallbackSamples.Where(s => s.Month == "2026-09").ToListAsync()).Select(s => s.CaseId)
        );
        Assert.Equal(
            1,
            await check.AuditEntries.CountAsync(e =>
                e.Action == AuditActions.SampleDrawn && e.Details.Contains("\"month\":\"2026-10\"")
            )
        );

        // Reproducible: each province re-drawn from the stored seed gives the same cases in the same order.
        var seed = Convert.FromHexString(october[0].Seed);
        string[] busanCandidates = [.. busan.Order(StringComparer.Ordinal)];
        Assert.Equal(
            CallbackSampling.Draw(busanCandidates, CallbackSampling.ProvinceSeed(seed, "26"), 2),
            october.Where(s => busan.Contains(s.CaseId)).Select(s => s.CaseId)
        );

        // December: November is drawn (empty), once.
        clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal("2026-11", await LoopRoundAsync(platform));
        Assert.Null(await LoopRoundAsync(platform));
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_sample_is_read_within_jurisdiction_and_a_dispute_goes_to_the_office_above(string provider)
    {
        var clock = new ManualClock(October31.AddHours(6));
        await using var platform = await StartAsync(provider, clock);
        var busanCase = await ReviewedInOctoberAsync(platform, "26");
        var sahaCase = await ReviewedInOctoberAsync(platform, "26380");
        var seoulCase = await ReviewedInOctoberAsync(platform, "11");
        var unsampled = await CaseSeeds.AddAsync(platform, "26", CaseStatus.Reviewed);
        Assert.Equal("2026-10", await LoopRoundAsync(platform));
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var busanInvestigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");

        static async Task<string[]> ItemsAsync(HttpClient client) =>
            [
                .. (await client.GetFromJsonAsync<JsonElement>("/api/v1/samples/2026-10"))
                    .GetProperty("items")
                    .EnumerateArray()
                    .Select(i => i.GetProperty("caseId").GetString()!),
            ];

        Assert.Equal(
            new[] { busanCase, sahaCase, seoulCase }.Order(StringComparer.Ordinal),
            (await ItemsAsync(national)).Order(StringComparer.Ordinal)
        );
        Assert.Equal(
            new[] { busanCase, sahaCase }.Order(StringComparer.Ordinal),
            (await ItemsAsync(busan)).Order(StringComparer.Ordinal)
        );
        Assert.Equal(HttpStatusCode.BadRequest, (await national.GetAsync("/api/v1/samples/2026-13")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await national.GetAsync("/api/v1/samples/2026-08")).StatusCode);

        object Callback(bool disputes) =>
            new
            {
                action = "record-callback",
                reached = true,
                channel = "phone",
                satisfaction = 2,
                disputes,
                comment = "결과에 동의하지 않음",
            };

        // The investigator's role does not call back; Busan is not above its own case; national is.
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await busanInvestigator.ActAsync(sahaCase, Callback(false))).StatusCode
        );
        Assert.Equal(HttpStatusCode.Forbidden, (await busan.ActAsync(busanCase, Callback(false))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await national.ActAsync(unsampled, Callback(false))).StatusCode);
        var bad = await national.ActAsync(
            busanCase,
            new
            {
                action = "record-callback",
                reached = true,
                channel = "phone",
                satisfaction = 7,
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var detail = await national.StepAsync(busanCase, Callback(true));
        Assert.Equal("national", detail.GetProperty("dispute").GetProperty("reverifyOffice").GetString());
        Assert.Contains(
            busanCase,
            await national.GetStringAsync("/api/v1/queues/reverification"),
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            busanCase,
            await busan.GetStringAsync("/api/v1/queues/reverification"),
            StringComparison.Ordinal
        );
        var item = (await national.GetFromJsonAsync<JsonElement>("/api/v1/samples/2026-10"))
            .GetProperty("items")
            .EnumerateArray()
            .Single(i => i.GetProperty("caseId").GetString() == busanCase);
        Assert.True(item.GetProperty("callback").GetProperty("disputes").GetBoolean());
        Assert.Equal(2, item.GetProperty("callback").GetProperty("satisfaction").GetInt32());

        // The page is the same queue, within the reader's jurisdiction, with the callback as recorded.
        using var nationalBrowser = new StaffBrowser(platform) { Clock = clock };
        await nationalBrowser.SignInNewAccountAsync("nat-sup-page", "national", "supervisor");
        var nationalPage = await nationalBrowser.GetPageAsync("/samples?month=2026-10");
        foreach (var id in new[] { busanCase, sahaCase, seoulCase })
        {
            Assert.Contains($"id=\"sample-{id}\"", nationalPage, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(unsampled, nationalPage, StringComparison.Ordinal);
        var busanRow = nationalPage[nationalPage.IndexOf($"id=\"sample-{busanCase}\"", StringComparison.Ordinal)..];
        Assert.Matches("· [^<]+ 2</span>", busanRow[..busanRow.IndexOf("</tr>", StringComparison.Ordinal)]);
        using var busanBrowser = new StaffBrowser(platform) { Clock = clock };
        await busanBrowser.SignInNewAccountAsync("busan-sup-page", "26", "supervisor");
        var busanPage = await busanBrowser.GetPageAsync("/samples?month=2026-10");
        Assert.Contains($"id=\"sample-{sahaCase}\"", busanPage, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, busanPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await nationalBrowser.GetAsync("/samples?month=2026-13")).StatusCode);

        // Busan, above Saha-gu, calls back Saha-gu's reporter; the dispute goes to Busan.
        var saha = await busan.StepAsync(sahaCase, Callback(true));
        Assert.Equal("26", saha.GetProperty("dispute").GetProperty("reverifyOffice").GetString());
        Assert.Contains(
            sahaCase,
            await busan.GetStringAsync("/api/v1/queues/reverification"),
            StringComparison.Ordinal
        );
    }
}
