using System.Net;
using System.Text.Json;
using Jebo.Casework.Deadlines;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Supervision that ends: its three levels, progress reported by the case's office, the conclusion with an
/// assessment by the supervising office only; and overdue work climbing office by office on the test clock.</summary>
public sealed class SupervisionTests
{
    private static string Level(JsonElement detail) =>
        detail.GetProperty("supervision").GetProperty("level").GetString()!;

    [Theory]
    [DatabaseProviders]
    public async Task Supervision_has_levels_takes_progress_and_ends_only_from_the_supervising_office(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var saha = await platform.StaffClientAsync("saha-sup", "26380", "supervisor");
        var sahaInvestigator = await platform.StaffClientAsync("saha-inv", "26380", "investigator");
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var id = await CaseSeeds.AddAsync(platform, "26380");

        Assert.Equal("office", Level(await saha.StepAsync(id, new { action = "supervise" })));
        Assert.Equal("province", Level(await busan.StepAsync(id, new { action = "supervise" })));
        // A lower office can neither take over nor end what the office above set.
        Assert.Equal(HttpStatusCode.Forbidden, (await saha.ActAsync(id, new { action = "supervise" })).StatusCode);
        var conclude = new { action = "conclude-supervision", assessment = "잘 처리됨" };
        Assert.Equal(HttpStatusCode.Forbidden, (await saha.ActAsync(id, conclude)).StatusCode);

        var progress = await sahaInvestigator.StepAsync(id, new { action = "report-progress", text = "증인 2명 조사" });
        Assert.Contains("증인 2명 조사", progress.GetProperty("history").ToString(), StringComparison.Ordinal);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await busan.ActAsync(id, new { action = "conclude-supervision" })).StatusCode
        );
        var concluded = await busan.StepAsync(id, conclude);
        Assert.False(concluded.GetProperty("supervised").GetBoolean());
        Assert.Contains("잘 처리됨", concluded.GetProperty("history").ToString(), StringComparison.Ordinal);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await sahaInvestigator.ActAsync(id, new { action = "report-progress", text = "more" })).StatusCode
        );
        Assert.Equal("national", Level(await national.StepAsync(id, new { action = "supervise" })));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Overdue_work_climbs_office_by_office_until_the_national_office_holds_it(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var late = await CaseSeeds.AddAsync(platform, "26380", named: false, shape: c =>
            c.AcceptanceDueAt = clock.GetUtcNow().AddMinutes(-5)
        );
        Task<int> EscalateAsync() =>
            platform.CaseworkApp.Services.GetRequiredService<EscalationWatch>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, await EscalateAsync());
        Assert.Contains(late, await busan.GetStringAsync("/api/v1/queues/escalated"), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await EscalateAsync()); // Busan still has its days
        clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await EscalateAsync()); // nobody acted: it climbs to national
        Assert.Equal(0, await EscalateAsync());
        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(0, await EscalateAsync()); // national is the top
        Assert.DoesNotContain(late, await busan.GetStringAsync("/api/v1/queues/escalated"), StringComparison.Ordinal);
        Assert.Contains(late, await national.GetStringAsync("/api/v1/queues/escalated"), StringComparison.Ordinal);
        var trail = await national.GetStringAsync($"/api/v1/audit?case={late}");
        Assert.Equal(2, trail.Split("case.escalated").Length - 1);

        // Someone acts: the step that meets the deadline lifts it.
        await busan.StepAsync(late, new { action = "accept" });
        Assert.DoesNotContain(
            late,
            await national.GetStringAsync("/api/v1/queues/escalated"),
            StringComparison.Ordinal
        );
    }
}
