using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Reference.TimeZones;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Deadlines;

/// <summary>Deadlines on real cases: the clocks an imported case starts with, supervision's progress date, the due-soon
/// and overdue queues, and escalation of overdue cases to the office above.</summary>
public sealed class EscalationTests
{
    private static Task<int> EscalateAsync(TestPlatform platform) =>
        platform.CaseworkApp.Services.GetRequiredService<EscalationWatch>().RunOnceAsync(CancellationToken.None);

    [Theory]
    [DatabaseProviders]
    public async Task An_imported_case_counts_its_contact_and_acceptance_days_in_Seoul(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync(
            "부산 사하구 도박장 운영",
            "26380",
            new
            {
                anonymous = false,
                name = "김철수",
                phone = "010-1111-2222",
                contactConsent = true,
            }
        );
        await platform.SubmitAsync("익명 제보", "26380");
        await platform.TransferAsync();
        var calendar = new DeadlineCalendar(new PlatformTimeZone());
        await using var db = platform.OpenCaseworkDb();
        var cases = await db.Cases.AsNoTracking().ToListAsync();
        var named = cases.Single(c => c.HasContact);
        Assert.Equal(calendar.DueAt(named.ReceivedAt, 30), named.ContactDueAt);
        Assert.Equal(calendar.DueAt(named.ReceivedAt, 7), named.AcceptanceDueAt);
        Assert.Equal(named.AcceptanceDueAt, named.NextDueAt);
        Assert.Equal(0, named.ContactDueAt!.Value.Offset.Hours);
        Assert.Equal(15, named.ContactDueAt.Value.UtcDateTime.Hour); // midnight in Seoul
        var anonymous = cases.Single(c => !c.HasContact);
        Assert.Null(anonymous.ContactDueAt);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_overdue_case_escalates_to_the_office_above_once_and_the_step_that_meets_the_deadline_lifts_it(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var saha = await platform.StaffClientAsync("saha-scr", "26380", "screener");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var late = await CaseSeeds.AddAsync(platform, "26380", named: false, shape: c =>
            c.AcceptanceDueAt = DateTimeOffset.UtcNow.AddMinutes(-5)
        );
        var provincial = await CaseSeeds.AddAsync(platform, "26", named: false, shape: c =>
            c.AcceptanceDueAt = DateTimeOffset.UtcNow.AddMinutes(-5)
        );
        var inTime = await CaseSeeds.AddAsync(platform, "26380", named: false);

        Assert.Contains(late, await saha.GetStringAsync("/api/v1/queues/overdue"), StringComparison.Ordinal);
        Assert.Equal(2, await EscalateAsync(platform));
        Assert.Equal(0, await EscalateAsync(platform)); // already escalated: not again

        // Saha-gu's lapse is Busan's to follow; Busan's own lapse goes to national.
        var busanQueue = await busan.GetStringAsync("/api/v1/queues/escalated");
        Assert.Contains(late, busanQueue, StringComparison.Ordinal);
        Assert.DoesNotContain(provincial, busanQueue, StringComparison.Ordinal);
        Assert.DoesNotContain(inTime, busanQueue, StringComparison.Ordinal);
        Assert.DoesNotContain(late, await saha.GetStringAsync("/api/v1/queues/escalated"), StringComparison.Ordinal);
        Assert.Contains(
            provincial,
            await national.GetStringAsync("/api/v1/queues/escalated"),
            StringComparison.Ordinal
        );

        var detail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{late}");
        Assert.Equal("26", detail.GetProperty("escalation").GetProperty("to").GetString());
        Assert.Equal("acceptance", detail.GetProperty("escalation").GetProperty("deadline").GetString());
        var entry = detail
            .GetProperty("history")
            .EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "case.escalated");
        Assert.Equal("system", entry.GetProperty("actor").GetString());

        var accepted = await saha.StepAsync(late, new { action = "accept" });
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("escalation").ValueKind);
        Assert.DoesNotContain(late, await busan.GetStringAsync("/api/v1/queues/escalated"), StringComparison.Ordinal);
        var acceptEntry = accepted
            .GetProperty("history")
            .EnumerateArray()
            .Last(e => e.GetProperty("action").GetString() == "case.accept");
        Assert.Equal("acceptance", acceptEntry.GetProperty("details").GetProperty("escalationCleared").GetString());
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_due_soon_queue_holds_what_falls_due_within_the_window_and_the_overdue_queue_what_has_lapsed(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var now = DateTimeOffset.UtcNow;
        var soon = await CaseSeeds.AddAsync(platform, named: false, shape: c => c.AcceptanceDueAt = now.AddDays(1));
        var later = await CaseSeeds.AddAsync(platform, named: false, shape: c => c.AcceptanceDueAt = now.AddDays(6));
        var lapsed = await CaseSeeds.AddAsync(platform, named: false, shape: c => c.AcceptanceDueAt = now.AddDays(-1));
        var done = await CaseSeeds.AddAsync(platform, status: CaseStatus.Closed, named: false, shape: c =>
            c.AcceptanceDueAt = now.AddDays(-40)
        );

        var dueSoon = await busan.GetFromJsonAsync<JsonElement>("/api/v1/queues/due-soon");
        var soonIds = dueSoon
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetString())
            .ToList();
        Assert.Equal([soon], soonIds);
        Assert.Equal("acceptance", dueSoon.GetProperty("items")[0].GetProperty("nextDueKind").GetString());
        var overdueIds = (await busan.GetFromJsonAsync<JsonElement>("/api/v1/queues/overdue"))
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetString())
            .ToList();
        Assert.Equal([lapsed], overdueIds);
        Assert.DoesNotContain(later, soonIds);
        Assert.DoesNotContain(done, overdueIds);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Supervision_from_above_asks_for_progress_by_a_Seoul_day_and_the_next_step_shows_it(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var saha = await platform.StaffClientAsync("saha-inv", "26380", "investigator");
        var calendar = new DeadlineCalendar(new PlatformTimeZone());
        var id = await CaseSeeds.AddAsync(platform, "26380", CaseStatus.Accepted, named: false);
        var day = calendar.DateOf(DateTimeOffset.UtcNow).AddDays(2);

        Assert.Equal(
            System.Net.HttpStatusCode.BadRequest,
            (await busan.ActAsync(id, new { action = "supervise", progressBy = "2001-01-01" })).StatusCode
        );
        var supervised = await busan.StepAsync(
            id,
            new
            {
                action = "supervise",
                progressBy = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                reason = "complaints keep coming",
            }
        );
        Assert.True(supervised.GetProperty("supervised").GetBoolean());
        Assert.Equal("26", supervised.GetProperty("supervision").GetProperty("by").GetString());
        Assert.Equal(
            calendar.EndOf(day),
            supervised.GetProperty("supervision").GetProperty("progressDueAt").GetDateTimeOffset()
        );
        Assert.Equal("progress", supervised.GetProperty("deadlines").GetProperty("nextDueKind").GetString());
        Assert.Contains(id, await busan.GetStringAsync("/api/v1/queues/supervision"), StringComparison.Ordinal);
        Assert.Contains(id, await saha.GetStringAsync("/api/v1/queues/supervision"), StringComparison.Ordinal);

        var progressed = await saha.StepAsync(id, new { action = "start-verification" });
        Assert.Equal(
            JsonValueKind.String,
            progressed.GetProperty("supervision").GetProperty("progressMetAt").ValueKind
        );
        Assert.Equal("verification", progressed.GetProperty("deadlines").GetProperty("nextDueKind").GetString());
    }
}
