using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Correcting and passing on (issue 15, item 4), as a Korean office does it: <c>reclassify</c> corrects the
/// category or region and a new province routes the case again; <c>refer</c> passes it to another body, confirmed by a
/// second person above, and the reporter reads that it was passed on and to what kind of body; a report naming the
/// handling office's officials goes one level up and stays out of that office's sight — each tried by
/// insiders.</summary>
public sealed class CaseReferralTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Reclassify_corrects_category_and_region_and_a_new_province_routes_again(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);
        await busan.StepAsync(id, new { action = "assign", assignee = "busan-scr" });

        // Within Busan (부산 사하구): corrected, and the case stays where it is.
        var within = await busan.StepAsync(
            id,
            new
            {
                action = "reclassify",
                category = "gambling",
                region = "26380",
                reason = "불법 도박장 운영 건으로 확인됨",
            }
        );
        Assert.Equal(("gambling", "26380", "26"), Fields(within));
        var entry = Last(within, "case.reclassify");
        Assert.Equal("drugs", entry.GetProperty("categoryBefore").GetString());
        Assert.Equal("gambling", entry.GetProperty("categoryAfter").GetString());
        Assert.Equal("26", entry.GetProperty("regionBefore").GetString());
        Assert.Equal("26380", entry.GetProperty("regionAfter").GetString());
        Assert.Equal("불법 도박장 운영 건으로 확인됨", entry.GetProperty("reason").GetString());
        Assert.False(entry.TryGetProperty("reroutedTo", out _));

        // To Seoul 종로구: routed to Seoul's office as import would, leaving its assignee; Busan no longer sees it.
        var moved = await busan.StepAsync(
            id,
            new
            {
                action = "reclassify",
                region = "11110",
                reason = "범행지가 서울 종로구로 밝혀짐",
            }
        );
        Assert.Equal(("gambling", "11110", "11"), Fields(moved));
        Assert.Equal("11", Last(moved, "case.reclassify").GetProperty("reroutedTo").GetString());
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("work").GetProperty("assignee").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/v1/cases/{id}")).StatusCode);

        // The filters read the corrected values.
        var gambling = await seoul.GetFromJsonAsync<JsonElement>("/api/v1/cases?category=gambling&region=11110");
        Assert.Contains(id, Ids(gambling));
        var drugs = await seoul.GetFromJsonAsync<JsonElement>("/api/v1/cases?category=drugs");
        Assert.DoesNotContain(id, Ids(drugs));

        // Nothing to correct, an unknown code, no reason: 400 naming the field.
        foreach (
            var (body, field) in new (object, string)[]
            {
                (new { action = "reclassify", reason = "이유만" }, "category"),
                (
                    new
                    {
                        action = "reclassify",
                        category = "불법도박",
                        reason = "코드 아님",
                    },
                    "category"
                ),
                (
                    new
                    {
                        action = "reclassify",
                        region = "99999",
                        reason = "없는 지역",
                    },
                    "region"
                ),
                (new { action = "reclassify", category = "drugs" }, "reason"),
                (
                    new
                    {
                        action = "reclassify",
                        category = "gambling",
                        reason = "같은 값",
                    },
                    "category"
                ),
            }
        )
        {
            var refused = await seoul.ActAsync(id, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), JsonSerializer.Serialize(body));
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Reclassify_is_refused_outside_jurisdiction_to_investigators_and_out_of_supervision(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var investigator = await platform.StaffClientAsync("saha-inv", "26380", "investigator");
        var saha = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var body = new
        {
            action = "reclassify",
            region = "11110",
            reason = "서울 사건으로 정정",
        };

        // A case of Saha-gu, supervised by Busan: Saha-gu may not take it out of Busan's sight by a new region.
        var id = await CaseSeeds.AddAsync(
            platform,
            office: "26380",
            status: CaseStatus.InVerification,
            shape: CaseSeeds.SupervisedBy("26")
        );
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.ActAsync(id, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.ActAsync(id, body)).StatusCode);
        var moved = await saha.ActAsync(id, body);
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains("26", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        await using var db = platform.OpenCaseworkDb();
        var stored = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal(("26380", "26380"), (stored.OfficeCode, stored.Region));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == id && e.Action == "case.reclassify"));

        // Within Busan the correction is the office's to make.
        var corrected = await saha.StepAsync(
            id,
            new
            {
                action = "reclassify",
                region = "26290",
                reason = "남구 사건",
            }
        );
        Assert.Equal("26380", corrected.GetProperty("office").GetString());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Refer_confirmed_above_tells_the_reporter_the_kind_of_body_never_its_name(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var investigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var colleague = await platform.StaffClientAsync("busan-sup2", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var receipt = await platform.SubmitAsync("부산 사하구 공무원 연루 건설 이권 개입", "26380");
        await platform.TransferAsync();
        string id;
        await using (var db = platform.OpenCaseworkDb())
        {
            id = (await db.Cases.SingleAsync()).Id;
        }

        await busan.StepAsync(id, new { action = "accept" });
        var secret = "부산지방검찰청 반부패수사부-" + Guid.NewGuid().ToString("n")[..6];
        var body = new
        {
            action = "refer",
            agency = "prosecution",
            name = secret,
            reason = "공직자 비리: 검찰 직접 수사 대상",
        };

        // Only supervisors pass a case on; one alone cannot: it waits, and a colleague of the office cannot confirm it.
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.ActAsync(id, body)).StatusCode);
        var asked = await busan.StepAsync(id, body);
        Assert.Equal("accepted", asked.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, asked.GetProperty("pending").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.ActAsync(id, new { action = "review" })).StatusCode);
        var referred = await national.StepAsync(id, new { action = "review" });
        Assert.Equal("feedback-given", referred.GetProperty("status").GetString());
        Assert.Equal("referred", referred.GetProperty("result").GetString());
        Assert.Equal("prosecution", referred.GetProperty("resultAgency").GetString());
        Assert.Equal(secret, referred.GetProperty("referredTo").GetString());
        var entry = Last(referred, "case.refer");
        Assert.Equal("busan-sup", entry.GetProperty("requestedBy").GetString());
        Assert.Equal(secret, entry.GetProperty("name").GetString());

        // The reporter reads that it was passed on, to the prosecution; never the body's name nor the reason.
        await platform.TransferAsync();
        var status = await (
            await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })
        ).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal("referred", status.GetProperty("result").GetString());
        Assert.Equal("prosecution", status.GetProperty("referredTo").GetString());
        Assert.DoesNotContain(secret, status.GetRawText(), StringComparison.Ordinal);
        foreach (var file in platform.Files("transfer").Concat(platform.Files("intake")))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain("반부패수사부", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }

        // The trail replays to the stored case (jebo audit rebuild agrees).
        var rebuild = await platform.TryCliAsync(null, "audit", "rebuild");
        Assert.True(rebuild.Exit == 0, rebuild.Output + rebuild.Error);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_report_naming_the_offices_own_officials_goes_up_and_insiders_cannot_bring_it_back(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-scr", "national", "screener");
        var seoul = await platform.StaffClientAsync("seoul-scr", "11", "screener");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");

        // Named in Busan (부산 사하경찰서): a Busan report goes to the national office, not to Busan.
        var named = await SubmitWithOfficialAsync(platform, "26380", "부산 사하경찰서");
        // Unplaced (just "경찰서"): presumed of the report's own province, Busan.
        var unplaced = await SubmitWithOfficialAsync(platform, "26380", "관할 경찰서");
        // A Seoul report naming an official of Busan's police: Seoul handles it.
        var elsewhere = await SubmitWithOfficialAsync(platform, "11110", "釜山 地方警察厅");
        await platform.TransferAsync();
        var (namedId, unplacedId, elsewhereId) = (
            await CaseOfAsync(platform, named),
            await CaseOfAsync(platform, unplaced),
            await CaseOfAsync(platform, elsewhere)
        );
        await using (var db = platform.OpenCaseworkDb())
        {
            var offices = await db.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.OfficeCode);
            Assert.Equal("national", offices[namedId]);
            Assert.Equal("national", offices[unplacedId]);
            Assert.Equal("11", offices[elsewhereId]);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/v1/cases/{namedId}")).StatusCode);

        // An insider at national tries to hand them to Busan: by transfer, by assigning down, by Saha-gu directly.
        foreach (var id in new[] { namedId, unplacedId })
        {
            foreach (var office in new[] { "26", "26380" })
            {
                var transfer = await national.ActAsync(
                    id,
                    new
                    {
                        action = "transfer",
                        office,
                        reason = "관할 지방청으로",
                    }
                );
                Assert.Equal(HttpStatusCode.Conflict, transfer.StatusCode);
            }

            var assign = await national.ActAsync(id, new { action = "assign", office = "26" });
            Assert.Equal(HttpStatusCode.Conflict, assign.StatusCode);
        }

        // Correcting the region away first does not lift the presumption: the case stays out of Busan and of the new
        // province, and a transfer back to Busan is still refused.
        var recast = await national.StepAsync(
            unplacedId,
            new
            {
                action = "reclassify",
                region = "48",
                reason = "경남으로 정정",
            }
        );
        Assert.Equal("national", recast.GetProperty("office").GetString());
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await national.ActAsync(
                    unplacedId,
                    new
                    {
                        action = "transfer",
                        office = "26",
                        reason = "다시 부산으로",
                    }
                )
            ).StatusCode
        );
        // An office with no stake may take it.
        await national.StepAsync(
            unplacedId,
            new
            {
                action = "transfer",
                office = "31",
                reason = "울산청이 수사",
            }
        );

        // Seoul's insider tries to pass the Busan-named case to Busan: by transfer (refused) and by correcting its
        // region to Busan (routed one level up, to national, never to Busan).
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await seoul.ActAsync(
                    elsewhereId,
                    new
                    {
                        action = "transfer",
                        office = "26",
                        reason = "부산 사건",
                    }
                )
            ).StatusCode
        );
        var rerouted = await seoul.StepAsync(
            elsewhereId,
            new
            {
                action = "reclassify",
                region = "26380",
                reason = "부산 사하구 사건",
            }
        );
        Assert.Equal("national", rerouted.GetProperty("office").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/v1/cases/{elsewhereId}")).StatusCode);
    }

    [Fact]
    public async Task With_officials_routing_off_a_report_naming_officials_is_routed_by_its_region()
    {
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite, "--officials-routing", "off");
        var marker = await SubmitWithOfficialAsync(platform, "26380", "부산 사하경찰서");
        await platform.TransferAsync();
        var id = await CaseOfAsync(platform, marker);
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal("26", (await db.Cases.SingleAsync(c => c.Id == id)).OfficeCode);
        var bad = await platform.TryCliAsync(null, "init", "--officials-routing", "sideways");
        Assert.Equal(2, bad.Exit);
    }

    /// <summary>Submits a report naming one official of <paramref name="organization"/>; returns the words that find
    /// its case.</summary>
    private static async Task<string> SubmitWithOfficialAsync(TestPlatform platform, string region, string organization)
    {
        var marker = Guid.NewGuid().ToString("n");
        var response = await platform.Intake.PostAsJsonAsync(
            "/api/v1/reports",
            new
            {
                language = "ko",
                category = "shielding-officials",
                region,
                reporter = new { anonymous = true },
                facts = new { description = "조직이 상인들에게 보호비를 걷는데 경찰관이 뒤를 봐준다 " + marker },
                officials = new[]
                {
                    new
                    {
                        name = "박OO",
                        position = "경위",
                        organization,
                        description = "단속 정보를 미리 알려줌",
                    },
                },
            }
        );
        response.EnsureSuccessStatusCode();
        return marker;
    }

    /// <summary>The case holding the report whose description carries <paramref name="marker"/>.</summary>
    private static async Task<string> CaseOfAsync(TestPlatform platform, string marker)
    {
        await using var db = platform.OpenCaseworkDb();
        var reports = await db.Reports.AsNoTracking().Select(r => new { r.CaseId, r.Content }).ToListAsync();
        return reports.Single(r => r.Content.Contains(marker, StringComparison.Ordinal)).CaseId;
    }

    private static (string?, string?, string?) Fields(JsonElement c) =>
        (
            c.GetProperty("category").GetString(),
            c.GetProperty("region").GetString(),
            c.GetProperty("office").GetString()
        );

    private static JsonElement Last(JsonElement c, string action) =>
        c.GetProperty("history")
            .EnumerateArray()
            .Last(h => h.GetProperty("action").GetString() == action)
            .GetProperty("details");

    private static IEnumerable<string?> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString());
}
