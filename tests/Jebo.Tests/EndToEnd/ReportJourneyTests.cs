using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Tests.EndToEnd;

/// <summary>One clue's whole journey: public API, sealing, bundle, import, case, status back to the reporter.</summary>
public sealed class ReportJourneyTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_report_reaches_casework_decrypted_and_its_status_reaches_the_reporter(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var marker = "marker" + Guid.NewGuid().ToString("n")[..12];
        var receipt = await platform.SubmitAsync(
            $"조직폭력배가 시장 상인들에게 보호비를 요구합니다 {marker}",
            region: "26380"
        );
        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$", receipt);

        var before = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(
            "received",
            (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
        );

        await platform.TransferAsync();

        var staff = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var list = await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var id = list.GetProperty("items")[0].GetProperty("id").GetString();
        var detail = await staff.GetStringAsync($"/api/v1/cases/{id}");
        Assert.Contains(marker, detail, StringComparison.Ordinal);
        Assert.Equal("26", JsonDocument.Parse(detail).RootElement.GetProperty("office").GetString());

        // The words never stand readable on the intake side or in the spool.
        foreach (var file in platform.Files("intake").Concat(platform.Files("transfer")))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(marker, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }

        // The status bundle acknowledged the import: intake no longer holds the sealed copy.
        await using var intakeDb = platform.OpenIntakeDb();
        Assert.All(intakeDb.Reports, r => Assert.Null(r.Sealed));
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_unknown_receipt_answers_404_and_a_case_without_a_token_answers_401(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var unknown = await platform.Intake.PostAsJsonAsync(
            "/api/v1/status",
            new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" }
        );
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Casework.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Staff_of_another_province_neither_list_nor_open_the_case(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("부산 사하구 사건", region: "26380");
        await platform.TransferAsync();
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var id = (await national.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();

        Assert.Equal(0, (await seoul.GetFromJsonAsync<JsonElement>("/api/v1/cases")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/api/v1/audit?case={id}")).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Screening_scores_each_report_and_relates_a_repeated_clue_to_the_first(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync(
            "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체들에게 매달 보호비를 요구하고 거절하면 장비를 부숩니다. 연락은 010-2345-6789.",
            region: "26380"
        );
        await platform.TransferAsync();
        await platform.SubmitAsync(
            "사하구 건설 현장에서 칠성파 조직원들이 하도급 업체에게 매달 보호비를 요구하며 거절하면 장비를 부순다고 합니다.",
            region: "26380"
        );
        await platform.SubmitAsync("서울 종로구 클럽에서 마약이 거래됩니다.", region: "11110");
        await platform.TransferAsync();

        var staff = await platform.StaffClientAsync("nat-screen", "national", "supervisor");
        var items = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!)
            .ToList();
        var details = new List<JsonElement>();
        foreach (var id in items)
        {
            details.Add(await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}"));
        }

        var first = details.Single(d =>
            d.GetProperty("reports")[0]
                .GetProperty("content")
                .GetProperty("facts")
                .GetProperty("description")
                .GetString()!
                .Contains("010-2345-6789", StringComparison.Ordinal)
        );
        var second = details.Single(d =>
            d.GetProperty("reports")[0]
                .GetProperty("content")
                .GetProperty("facts")
                .GetProperty("description")
                .GetString()!
                .StartsWith("사하구", StringComparison.Ordinal)
        );
        var third = details.Single(d => d.GetProperty("region").GetString() == "11110");
        Assert.Contains(second.GetProperty("related").EnumerateArray(), r =>
            r.GetProperty("id").GetString() == first.GetProperty("id").GetString()
        );
        Assert.DoesNotContain(third.GetProperty("related").EnumerateArray(), r =>
            r.GetProperty("id").GetString() == first.GetProperty("id").GetString()
        );
        var screening = first.GetProperty("screening")[0];
        Assert.True(screening.GetProperty("scope").GetInt32() >= 40);
        Assert.Contains(screening.GetProperty("entities").EnumerateArray(), e => e.GetString() == "Phone:01023456789");
        Assert.NotEmpty(screening.GetProperty("reasons").EnumerateArray());

        // Screening is the lifecycle's first step: each case moved from received to screened, and the log replays to
        // it.
        Assert.All(details, d => Assert.Equal("screened", d.GetProperty("status").GetString()));
        var seoul = await platform.StaffClientAsync("seoul-screen", "11", "screener");
        var accepted = await seoul.PostAsJsonAsync(
            $"/api/v1/cases/{third.GetProperty("id").GetString()}/actions",
            new { action = "accept" }
        );
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains(
            "matches the audit log",
            await platform.RunCliAsync(null, "audit", "rebuild"),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task After_a_merge_related_cases_name_the_case_that_holds_the_report_now(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        const string Clue =
            "사하구 건설 현장에서 칠성파 조직원들이 하도급 업체에게 매달 보호비를 요구합니다. 연락처 010-2345-6789";
        await platform.SubmitAsync(Clue + " 첫 번째 제보", region: "26380");
        await platform.SubmitAsync(Clue + " 두 번째 제보", region: "26380");
        await platform.SubmitAsync(Clue + " 세 번째 제보", region: "26380");
        await platform.TransferAsync();

        var busan = await platform.StaffClientAsync("busan-merge", "26", "supervisor");
        // confirms merges asked for below
        var national = await platform.StaffClientAsync("nat-merge", "national", "supervisor");
        var ids = new List<string>();
        foreach (
            var item in (await busan.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
                .GetProperty("items")
                .EnumerateArray()
        )
        {
            ids.Add(item.GetProperty("id").GetString()!);
        }

        Assert.Equal(3, ids.Count);
        var (target, merged, other) = (ids[0], ids[1], ids[2]);
        var answer = await busan.PostAsJsonAsync(
            $"/api/v1/cases/{merged}/actions",
            new { action = "merge", into = target }
        );
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (await national.PostAsJsonAsync($"/api/v1/cases/{merged}/actions", new { action = "review" })).StatusCode
        );

        async Task<List<string>> RelatedOf(string id) =>
            [
                .. (await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}"))
                    .GetProperty("related")
                    .EnumerateArray()
                    .Select(r => r.GetProperty("id").GetString()!),
            ];
        var related = await RelatedOf(other);
        Assert.Contains(target, related);
        Assert.DoesNotContain(merged, related);

        var undone = await busan.PostAsJsonAsync($"/api/v1/cases/{merged}/actions", new { action = "unmerge" });
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (await national.PostAsJsonAsync($"/api/v1/cases/{merged}/actions", new { action = "review" })).StatusCode
        );
        Assert.Contains(merged, await RelatedOf(other));
    }
}
