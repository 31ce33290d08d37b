using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Duplicates across provinces, driven through the real import, screening and API: a Busan report and a
/// Seoul report about the same gang land in two provinces; each office learns only that the other office holds a
/// related case; the national office's <c>cross-province</c> queue lists the pair, an office's <c>ask-join</c> moves
/// it up, a merge under the double check joins them, and <c>dismiss-related</c> takes a pair off. Offices of a third
/// province learn nothing.</summary>
public sealed class CrossProvinceDuplicateTests
{
    private const string Busan =
        "부산 서면 일대 유흥업소에서 칠성파 조직원들이 매달 보호비를 걷고 있습니다. 연락책 전화 010-1234-5678.";
    private const string Seoul =
        "서울 강남 유흥업소에 칠성파 조직원들이 와서 매달 보호비를 걷어 갑니다. 연락책 전화 01012345678.";

    [Theory]
    [DatabaseProviders]
    public async Task Two_provinces_see_only_the_other_office_and_the_national_office_joins_them(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var confirmer = await platform.StaffClientAsync("nat-sup2", "national", "supervisor");
        var busan = await platform.StaffClientAsync("busan-screener", "26", "screener");
        var seoul = await platform.StaffClientAsync("seoul-screener", "11", "screener");
        var daegu = await platform.StaffClientAsync("daegu-screener", "27", "screener");
        var daeguSupervisor = await platform.StaffClientAsync("daegu-sup", "27", "supervisor");

        // Two imports: screening relates a report to those of earlier batches.
        await platform.SubmitAsync(Busan, region: "26");
        await platform.TransferAsync();
        await platform.SubmitAsync(Seoul, region: "11");
        await platform.TransferAsync();
        var busanCase = await OnlyCaseAsync(national, "26");
        var seoulCase = await OnlyCaseAsync(national, "11");

        // Each province: only "a related case is held by office 11/26", never the case, its content or status.
        var busanView = await busan.GetStringAsync($"/api/v1/cases/{busanCase}");
        var hint = Hint(busanView, "11");
        Assert.DoesNotContain(seoulCase, busanView, StringComparison.Ordinal);
        Assert.DoesNotContain("강남", busanView, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(busanView).RootElement.GetProperty("related").GetArrayLength());
        var seoulView = await seoul.GetStringAsync($"/api/v1/cases/{seoulCase}");
        Assert.Equal(
            hint.GetProperty("relation").GetString(),
            Hint(seoulView, "26").GetProperty("relation").GetString()
        );
        Assert.DoesNotContain(busanCase, seoulView, StringComparison.Ordinal);
        Assert.DoesNotContain("서면", seoulView, StringComparison.Ordinal);

        // Getting around it: the other case by id, its trail, the page, the queue — nothing more.
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/v1/cases/{seoulCase}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/v1/audit?case={seoulCase}")).StatusCode);
        var ownTrail = await busan.GetStringAsync($"/api/v1/audit?case={busanCase}");
        Assert.Contains("case.screened", ownTrail, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, ownTrail, StringComparison.Ordinal);
        Assert.DoesNotContain(
            busanCase,
            await seoul.GetStringAsync($"/api/v1/audit?case={seoulCase}"),
            StringComparison.Ordinal
        );
        // The national office sees the screening entry as chained, naming the Busan case.
        Assert.Contains(
            busanCase,
            await national.GetStringAsync($"/api/v1/audit?case={seoulCase}"),
            StringComparison.Ordinal
        );
        var busanQueue = await busan.GetFromJsonAsync<JsonElement>("/api/v1/queues/cross-province");
        Assert.Equal(0, busanQueue.GetProperty("total").GetInt32());

        // A third province sees neither case, no hint and no pair.
        foreach (var outsider in new[] { daegu, daeguSupervisor })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/cases/{busanCase}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/cases/{seoulCase}")).StatusCode);
            var queue = await outsider.GetStringAsync("/api/v1/queues/cross-province");
            Assert.DoesNotContain(busanCase, queue, StringComparison.Ordinal);
            Assert.DoesNotContain(seoulCase, queue, StringComparison.Ordinal);
            var relation = hint.GetProperty("relation").GetString();
            var asked = await outsider.ActAsync(
                busanCase,
                new
                {
                    action = "ask-join",
                    relation,
                    reason = "엿보기",
                }
            );
            Assert.Equal(HttpStatusCode.NotFound, asked.StatusCode);
        }

        // The national queue lists the pair; a more alike pair comes first until Busan asks to join its own.
        var other = await CaseSeeds.AddAsync(platform, "26");
        var elsewhere = await CaseSeeds.AddAsync(platform, "11");
        var closer = await CaseSeeds.RelateAsync(platform, other, elsewhere, 0.99);
        // The gang pair shares a phone, the gang and much wording: its score may reach 1. Lowered here so that the
        // seeded pair is the more alike one.
        await using (var db = platform.OpenCaseworkDb())
        {
            var gangPair = Guid.Parse(hint.GetProperty("relation").GetString()!);
            Assert.True((await db.CaseRelations.SingleAsync(r => r.Id == gangPair)).Similarity >= 0.4);
            await db
                .CaseRelations.Where(r => r.Id == gangPair)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Similarity, 0.6));
        }

        var pairs = await PairsAsync(national);
        Assert.Equal(2, pairs.Count);
        Assert.Equal(closer.ToString(), pairs[0].GetProperty("relation").GetString());
        var gang = pairs[1];
        Assert.Equal(
            new[] { busanCase, seoulCase }.Order(StringComparer.Ordinal),
            new[] { gang.GetProperty("caseId").GetString()!, gang.GetProperty("relatedCaseId").GetString()! }
        );

        var relationId = hint.GetProperty("relation").GetString();
        var wrong = await busan.ActAsync(
            busanCase,
            new
            {
                action = "ask-join",
                relation = closer,
                reason = "남의 관련",
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var askedJoin = await busan.StepAsync(
            busanCase,
            new
            {
                action = "ask-join",
                relation = relationId,
                reason = "같은 칠성파 연락책 번호",
            }
        );
        var trail = askedJoin.GetProperty("history").ToString();
        Assert.Contains("case.ask-join", trail, StringComparison.Ordinal);
        Assert.DoesNotContain(seoulCase, askedJoin.ToString(), StringComparison.Ordinal);
        pairs = await PairsAsync(national);
        Assert.Equal(relationId, pairs[0].GetProperty("relation").GetString());
        Assert.Equal("26", pairs[0].GetProperty("joinAsked").GetProperty("office").GetString());
        Assert.Equal("같은 칠성파 연락책 번호", pairs[0].GetProperty("joinAsked").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await seoul.GetAsync($"/api/v1/cases/{seoulCase}")).StatusCode);

        // Only the national office dismisses; Busan cannot take the pair off the queue.
        var refused = await busan.ActAsync(
            busanCase,
            new
            {
                action = "dismiss-related",
                relation = relationId,
                reason = "x",
            }
        );
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The national office joins them under the double check: the Seoul case merges into Busan's.
        await national.ConfirmedAsync(confirmer, seoulCase, new { action = "merge", into = busanCase });
        var joined = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{busanCase}");
        Assert.Equal(2, joined.GetProperty("reports").GetArrayLength());
        Assert.Equal(0, joined.GetProperty("relatedElsewhere").GetArrayLength());
        pairs = await PairsAsync(national);
        Assert.Equal(closer.ToString(), Assert.Single(pairs).GetProperty("relation").GetString());

        // Dismissed with a reason, the other pair leaves the queue.
        await national.StepAsync(
            other,
            new
            {
                action = "dismiss-related",
                relation = closer,
                reason = "다른 조직",
            }
        );
        Assert.Empty(await PairsAsync(national));
        var dismissed = await national.GetStringAsync($"/api/v1/audit?case={other}");
        var entry = JsonDocument
            .Parse(dismissed)
            .RootElement.EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "case.dismiss-related");
        var details = JsonDocument.Parse(entry.GetProperty("details").GetString()!).RootElement;
        Assert.Equal("다른 조직", details.GetProperty("reason").GetString());
        Assert.Equal(closer.ToString(), details.GetProperty("relation").GetString());
        Assert.DoesNotContain(elsewhere, dismissed, StringComparison.Ordinal);
    }

    /// <summary>Two related reports in one province are no pair for the national office; once one case is
    /// transferred to another province they are, at once, without waiting for another report to be screened.</summary>
    [Theory]
    [DatabaseProviders]
    public async Task A_related_case_transferred_to_another_province_joins_the_national_queue(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        await platform.SubmitAsync(Busan, region: "26");
        await platform.TransferAsync();
        await platform.SubmitAsync(Seoul, region: "26");
        await platform.TransferAsync();
        var page = await national.GetFromJsonAsync<JsonElement>("/api/v1/cases?office=26");
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Empty(await PairsAsync(national));

        await busan.StepAsync(
            ids[0],
            new
            {
                action = "transfer",
                office = "11",
                reason = "강남 업소 관할",
            }
        );
        var pair = Assert.Single(await PairsAsync(national));
        Assert.Equal(
            ids.Order(StringComparer.Ordinal),
            new[] { pair.GetProperty("caseId").GetString()!, pair.GetProperty("relatedCaseId").GetString()! }
        );
        Hint(await busan.GetStringAsync($"/api/v1/cases/{ids[1]}"), "11");
    }

    private static async Task<string> OnlyCaseAsync(HttpClient national, string office)
    {
        var page = await national.GetFromJsonAsync<JsonElement>($"/api/v1/cases?office={office}");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        return item.GetProperty("id").GetString()!;
    }

    /// <summary>The one hint of the case view, which must name <paramref name="office"/> and nothing but the
    /// relation, the office, the score and the times.</summary>
    private static JsonElement Hint(string view, string office)
    {
        var hint = Assert.Single(JsonDocument.Parse(view).RootElement.GetProperty("relatedElsewhere").EnumerateArray());
        Assert.Equal(office, hint.GetProperty("office").GetString());
        Assert.False(string.IsNullOrEmpty(hint.GetProperty("officeName").GetString()));
        Assert.InRange(hint.GetProperty("similarity").GetDouble(), 0.01, 1);
        Assert.Equal(
            ["relation", "office", "officeName", "similarity", "foundAt", "joinAskedAt"],
            hint.EnumerateObject().Select(p => p.Name)
        );
        return hint;
    }

    private static async Task<List<JsonElement>> PairsAsync(HttpClient national)
    {
        var queue = await national.GetFromJsonAsync<JsonElement>("/api/v1/queues/cross-province");
        return [.. queue.GetProperty("relations").EnumerateArray()];
    }
}
