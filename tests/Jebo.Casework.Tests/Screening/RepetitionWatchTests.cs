using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Casework.Screening;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Screening;

/// <summary>Possible malicious repetition (issue 17, item 4): many reports from one contact to one office, or
/// follow-ups flooding one receipt, are flagged for a person to judge; contacts are matched on a keyed hash of the
/// normalised phone, never a readable number, and an office learns nothing of another office's cases.</summary>
public sealed class RepetitionWatchTests
{
    private const string Phone = "01034567890";

    [Fact]
    public void Phone_spellings_hash_alike_and_another_zone_key_hashes_otherwise()
    {
        var zone = new ContactHashing(RandomNumberGenerator.GetBytes(32));
        var other = new ContactHashing(RandomNumberGenerator.GetBytes(32));
        var hash = zone.Hash("010-3456-7890")!;
        Assert.Equal(hash, zone.Hash("01034567890"));
        Assert.Equal(hash, zone.Hash("+82 10 3456 7890"));
        Assert.Equal(hash, zone.Hash("０１０-３４５６-７８９０"));
        Assert.NotEqual(hash, zone.Hash("010-3456-7891"));
        Assert.NotEqual(hash, other.Hash("010-3456-7890"));
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain(Phone, hash, StringComparison.Ordinal);
        // An unkeyed hash of the number, which anyone could compute for every number, is not what is stored.
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("01034567890"u8)), hash);
        Assert.Null(zone.Hash(" "));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Reports_from_one_contact_are_flagged_per_office_and_another_province_learns_nothing(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var investigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        string[] spellings = ["010-3456-7890", "01034567890", "+82 10 3456 7890", "010 3456 7890", "010.3456.7890"];
        foreach (var (spelling, i) in spellings.Select((s, i) => (s, i)))
        {
            await SubmitAsync(platform, "26", spelling, $"부산 사하구 시장 상인 보호비 갈취 제보 {i}번째입니다.");
        }

        // The same contact writes to Seoul three times: too few for Seoul, and never counted with Busan's.
        for (var i = 0; i < 3; i++)
        {
            await SubmitAsync(platform, "11", spellings[i], $"서울 종로 불법 도박장 제보 {i}번째입니다.");
        }

        // A different number stays apart.
        await SubmitAsync(platform, "26", "010-9999-0000", "부산 서면 유흥업소 성매매 제보입니다.");
        await platform.TransferAsync();

        List<CaseRecord> cases;
        List<ReporterIdentity> identities;
        await using (var db = platform.OpenCaseworkDb())
        {
            cases = await db.Cases.AsNoTracking().ToListAsync();
            identities = await db.ReporterIdentities.AsNoTracking().ToListAsync();
        }

        var busan = cases.Where(c => c.OfficeCode == "26" && c.RepetitionFlaggedAt != null).ToList();
        Assert.Equal(5, busan.Count);
        Assert.All(busan, c => Assert.Equal((RepetitionWatch.ByContact, 5), (c.RepetitionKind, c.RepetitionCount)));
        Assert.DoesNotContain(cases, c => c.OfficeCode == "11" && c.RepetitionFlaggedAt != null);
        Assert.Single(cases, c => c.OfficeCode == "26" && c.RepetitionFlaggedAt == null);

        // One keyed hash for the five spellings, the zone's own, and no readable number in it.
        var hashing = ContactHashing.Load(platform.Settings.Casework.KeysFolder);
        var hashes = identities.Where(i => i.Phone != "010-9999-0000").Select(i => i.ContactHash).Distinct().ToList();
        Assert.Equal([hashing.Hash(Phone)], hashes);
        Assert.NotEqual(new ContactHashing(RandomNumberGenerator.GetBytes(32)).Hash(Phone), hashes[0]);
        Assert.All(identities, i => Assert.Matches("^[0-9a-f]{64}$", i.ContactHash!));
        Assert.All(identities, i => Assert.DoesNotContain(PhoneNumberDigits(i.Phone!), i.ContactHash!));

        // Busan's queue and pages show its flags, without the phone.
        var queue = await screener.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition");
        Assert.Equal(busan.Select(c => c.Id).Order(StringComparer.Ordinal), Ids(queue).Order(StringComparer.Ordinal));
        Assert.All(queue.GetProperty("items").EnumerateArray(), i =>
            Assert.Equal("contact", i.GetProperty("repetition").GetString())
        );
        var flagged = busan[0].Id;
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{flagged}"))
        {
            request.Headers.AcceptLanguage.ParseAdd("ko");
            var response = await screener.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var repetition = JsonDocument.Parse(text).RootElement.GetProperty("repetition");
            Assert.Equal(5, repetition.GetProperty("count").GetInt32());
            Assert.Equal(
                "반복 제보 의심: 같은 연락처로 30일 안에 이 관서에 들어온 제보가 5건입니다. 정상인지 판단하세요.",
                repetition.GetProperty("text").GetString()
            );
            Assert.DoesNotContain(hashes[0]!, text, StringComparison.Ordinal);
        }

        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan-page", "26", "screener");
        var casePage = await browser.GetPageAsync($"/cases/{flagged}");
        Assert.Contains("반복 제보 의심", casePage, StringComparison.Ordinal);
        Assert.DoesNotContain("3456-7890", casePage, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, casePage, StringComparison.Ordinal);

        // Seoul: no flag on its own cases, none of Busan's in its queue, Busan's cases not found.
        Assert.Empty(Ids(await seoul.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition")));
        foreach (var own in cases.Where(c => c.OfficeCode == "11"))
        {
            var detail = await seoul.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{own.Id}");
            Assert.Equal(JsonValueKind.Null, detail.GetProperty("repetition").ValueKind);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/api/v1/cases/{flagged}")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (
                await seoul.PostAsJsonAsync($"/api/v1/cases/{flagged}/repetition", new { judgement = "genuine" })
            ).StatusCode
        );
        // The national office sees Busan's flags, counted within Busan.
        Assert.Equal(5, Ids(await national.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition")).Count);

        // The trail says what was flagged, never the phone or its hash.
        await using (var db = platform.OpenCaseworkDb())
        {
            var details = await db.AuditEntries.AsNoTracking().Select(a => a.Details).ToListAsync();
            Assert.Equal(5, await db.AuditEntries.CountAsync(a => a.Action == "case.repetition-flagged"));
            Assert.DoesNotContain(details, d => d.Contains(Phone, StringComparison.Ordinal));
            Assert.DoesNotContain(details, d => d.Contains("3456-7890", StringComparison.Ordinal));
            Assert.DoesNotContain(details, d => d.Contains("3456 7890", StringComparison.Ordinal));
            Assert.DoesNotContain(details, d => d.Contains(hashes[0]!, StringComparison.Ordinal));
        }

        // A person judges: an investigator may not, "abusive" is the not-accept step, "genuine" clears the flag.
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await investigator.PostAsJsonAsync($"/api/v1/cases/{flagged}/repetition", new { judgement = "genuine" })
            ).StatusCode
        );
        var wrong = await screener.PostAsJsonAsync(
            $"/api/v1/cases/{flagged}/repetition",
            new { judgement = "abusive" }
        );
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(
            (await wrong.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("judgement", out _)
        );
        var judged = await screener.PostAsJsonAsync(
            $"/api/v1/cases/{flagged}/repetition",
            new { judgement = "genuine", reason = "같은 피해 상인이 날마다 다시 신고했습니다" }
        );
        Assert.Equal(HttpStatusCode.NoContent, judged.StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await screener.PostAsJsonAsync($"/api/v1/cases/{flagged}/repetition", new { judgement = "genuine" })
            ).StatusCode
        );
        // The same judgement through the case page's form.
        var byPage = busan[2].Id;
        var posted = await browser.SubmitAsync(
            $"/cases/{byPage}",
            [KeyValuePair.Create("reason", "같은 사람이 피해를 여러 번 알렸습니다")],
            $"/cases/{byPage}?handler=Repetition"
        );
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains(
            "반복 제보를 정상으로 판단해 표시를 해제했습니다",
            await browser.GetPageAsync(posted.Headers.Location!.OriginalString),
            StringComparison.Ordinal
        );
        var abusive = busan[1].Id;
        var asked = await screener.StepAsync(abusive, new { action = "reject", reason = "abusive" });
        Assert.NotEqual(JsonValueKind.Null, asked.GetProperty("pending").ValueKind);

        await platform.TransferAsync();
        await using (var db = platform.OpenCaseworkDb())
        {
            var after = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == flagged);
            Assert.Null(after.RepetitionFlaggedAt);
            Assert.NotNull(after.RepetitionJudgedAt);
            var entry = await db
                .AuditEntries.AsNoTracking()
                .SingleAsync(a => a.Action == "case.repetition-judged" && a.CaseId == flagged);
            Assert.Equal("busan-scr", entry.Actor);
            Assert.Null((await db.Cases.AsNoTracking().SingleAsync(c => c.Id == byPage)).RepetitionFlaggedAt);
            Assert.Contains("genuine", entry.Details, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(flagged, Ids(await screener.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Follow_ups_flooding_one_receipt_flag_its_case(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        await platform.SubmitAsync("부산 사하구 괴정시장 보호비 갈취", "26");
        await platform.SubmitAsync("부산 서면 불법 도박장", "26");
        await platform.TransferAsync();
        string flooded;
        string calm;
        await using (var db = platform.OpenCaseworkDb())
        {
            var reports = await db.Reports.AsNoTracking().ToListAsync();
            var floodedReport = reports.Single(r => r.Content.Contains("괴정시장", StringComparison.Ordinal));
            var calmReport = reports.Single(r => r.Content.Contains("도박장", StringComparison.Ordinal));
            (flooded, calm) = (floodedReport.CaseId, calmReport.CaseId);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 10; i++)
            {
                db.FollowUps.Add(FollowUp(floodedReport.Id, now.AddMinutes(-5 * i), $"또 씁니다 {i}"));
            }

            // Nine in a day, and more long ago, stay below the threshold.
            for (var i = 0; i < 9; i++)
            {
                db.FollowUps.Add(FollowUp(calmReport.Id, now.AddMinutes(-5 * i), $"추가 {i}"));
                db.FollowUps.Add(FollowUp(calmReport.Id, now.AddDays(-3).AddMinutes(-i), $"예전 {i}"));
            }

            await db.SaveChangesAsync();
        }

        await platform.TransferAsync();
        var queue = await screener.GetFromJsonAsync<JsonElement>("/api/v1/queues/repetition");
        Assert.Equal([flooded], Ids(queue));
        var detail = await screener.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{flooded}");
        var repetition = detail.GetProperty("repetition");
        Assert.Equal("follow-ups", repetition.GetProperty("kind").GetString());
        Assert.Equal(10, repetition.GetProperty("count").GetInt32());
        Assert.Equal(
            "Possible malicious repetition: 10 follow-ups on one receipt within 24 hours. Judge whether it is genuine.",
            repetition.GetProperty("text").GetString()
        );
        var other = await screener.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{calm}");
        Assert.Equal(JsonValueKind.Null, other.GetProperty("repetition").ValueKind);
    }

    private static FollowUpRecord FollowUp(Guid reportId, DateTimeOffset at, string text) =>
        new()
        {
            Id = Guid.NewGuid(),
            ReportId = reportId,
            ReceivedAt = at,
            ImportedAt = DateTimeOffset.UtcNow,
            Text = text,
        };

    private static async Task SubmitAsync(TestPlatform platform, string region, string phone, string description)
    {
        var response = await platform.Intake.PostAsJsonAsync(
            "/api/v1/reports",
            new
            {
                language = "ko",
                category = "protection-racket",
                region,
                reporter = new
                {
                    anonymous = false,
                    name = "홍길동",
                    phone,
                    contactConsent = true,
                },
                facts = new { description },
            }
        );
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string PhoneNumberDigits(string phone) =>
        Jebo.Screening.Normalization.PhoneNumber.Normalize(phone) ?? phone;

    private static List<string?> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];
}
