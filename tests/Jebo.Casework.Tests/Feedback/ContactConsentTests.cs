using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Feedback;

/// <summary>Consent and contact, as the reporter chose (issue 15): the contact deadline runs only for a reporter who
/// gave a phone and consented; only a contact that reached them meets it; feedback by phone meets the feedback
/// deadline once the result was reviewed.</summary>
public sealed class ContactConsentTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Only_a_reporter_who_gave_a_phone_and_consented_gets_a_contact_deadline(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        await platform.SubmitAsync(
            "연락을 원하지 않는 실명 제보",
            "26380",
            new
            {
                anonymous = false,
                name = "성춘향",
                phone = "010-2222-3333",
                contactConsent = false,
            }
        );
        await platform.SubmitAsync(
            "이름만 남긴 제보",
            "26380",
            new
            {
                anonymous = false,
                name = "이몽룡",
                contactConsent = true,
            }
        );
        await platform.SubmitAsync(
            "연락에 동의한 제보",
            "26380",
            new
            {
                anonymous = false,
                name = "변학도",
                phone = "+82 10 4444 5555",
                contactConsent = true,
            }
        );
        await platform.TransferAsync();
        await using var db = platform.OpenCaseworkDb();
        var cases = await db.Cases.AsNoTracking().ToListAsync();
        Assert.Equal(3, cases.Count);
        var contactable = Assert.Single(cases, c => c.HasContact);
        Assert.NotNull(contactable.ContactDueAt);
        Assert.All(cases.Where(c => c != contactable), c => Assert.Null(c.ContactDueAt));
        // Names are still kept apart for all three: consent decides the calling, not the keeping.
        Assert.Equal(3, await db.ReporterIdentities.CountAsync());
        var refusedOne = await busan.GetFromJsonAsync<JsonElement>(
            $"/api/v1/cases/{cases.First(c => c != contactable).Id}"
        );
        Assert.Equal(JsonValueKind.Null, refusedOne.GetProperty("deadlines").GetProperty("contactDueAt").ValueKind);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Only_a_contact_that_reached_the_reporter_meets_the_contact_deadline(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.InVerification);
        foreach (var outcome in new[] { "no-answer", "wrong-number", "declined" })
        {
            var tried = await busan.StepAsync(
                id,
                new
                {
                    action = "record-contact",
                    channel = "phone",
                    outcome,
                    note = "010-0000-0000으로 전화함",
                }
            );
            Assert.Equal(JsonValueKind.Null, tried.GetProperty("deadlines").GetProperty("contactedAt").ValueKind);
        }

        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var reached = await busan.StepAsync(
            id,
            new
            {
                action = "record-contact",
                channel = "phone",
                outcome = "reached",
                at = at.ToOffset(TimeSpan.FromHours(9))
                    .ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                note = "제보자와 통화하여 추가 진술 확보",
            }
        );
        Assert.Equal(
            at.ToUnixTimeSeconds(),
            reached.GetProperty("deadlines").GetProperty("contactedAt").GetDateTimeOffset().ToUnixTimeSeconds()
        );
        var contacts = reached.GetProperty("contacts").EnumerateArray().ToList();
        Assert.Equal(4, contacts.Count);
        Assert.Equal("verification", contacts[^1].GetProperty("purpose").GetString());
        Assert.Equal(
            "제보자와 통화하여 추가 진술 확보",
            contacts.Single(c => c.GetProperty("outcome").GetString() == "reached").GetProperty("note").GetString()
        );

        foreach (
            var bad in new object[]
            {
                new
                {
                    action = "record-contact",
                    channel = "phone",
                    outcome = "통화함",
                },
                new
                {
                    action = "record-contact",
                    channel = "phone",
                    outcome = "reached",
                    purpose = "chat",
                },
                new
                {
                    action = "record-contact",
                    channel = "phone",
                    outcome = "reached",
                    at = "어제",
                },
                new
                {
                    action = "record-contact",
                    channel = "phone",
                    outcome = "reached",
                    at = "2026-01-01T10:00:00",
                },
                new
                {
                    action = "record-contact",
                    channel = "phone",
                    outcome = "reached",
                    at = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture),
                },
            }
        )
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await busan.ActAsync(id, bad)).StatusCode);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Feedback_by_phone_meets_the_feedback_deadline_only_after_the_review(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var recorded = await CaseSeeds.AddAsync(platform, status: CaseStatus.ResultRecorded);
        var early = await busan.ActAsync(
            recorded,
            new
            {
                action = "record-contact",
                channel = "phone",
                outcome = "reached",
                purpose = "feedback",
            }
        );
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        var reviewed = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed);
        var missed = await busan.StepAsync(
            reviewed,
            new
            {
                action = "record-contact",
                channel = "in-person",
                outcome = "no-answer",
                purpose = "feedback",
            }
        );
        Assert.Contains(Clock(missed), d => d.Kind == "feedback" && d.State != "met");
        var told = await busan.StepAsync(
            reviewed,
            new
            {
                action = "record-contact",
                channel = "sms",
                outcome = "reached",
                purpose = "feedback",
                note = "결과를 문자로 알림",
            }
        );
        Assert.Contains(Clock(told), d => d.Kind == "feedback" && d.State == "met");
    }

    private static IEnumerable<(string Kind, string State)> Clock(JsonElement c) =>
        c.GetProperty("deadlines")
            .GetProperty("clock")
            .EnumerateArray()
            .Select(d => (d.GetProperty("kind").GetString()!, d.GetProperty("state").GetString()!));
}
