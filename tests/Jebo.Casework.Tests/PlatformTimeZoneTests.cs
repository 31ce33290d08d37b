using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Sampling;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests;

/// <summary>The platform's time zone is resolved once, from configuration, and every calendar and clock of casework
/// reads that one: deadlines, sampling months and the times on the staff pages.</summary>
public sealed class PlatformTimeZoneTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_configured_zone_is_honoured_by_deadlines_sampling_months_and_staff_pages_alike(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Casework = o => o with { TimeZone = "America/New_York" } }
        );
        var zone = platform.CaseworkApp.Services.GetRequiredService<PlatformTimeZone>();
        Assert.Equal("America/New_York", zone.Zone.Id);

        // Deadlines: received at noon on 1 March in New York, seven days end at New York's midnight after 8 March
        // (summer time by then), not at Seoul's.
        var clock = platform.CaseworkApp.Services.GetRequiredService<CaseClock>();
        Assert.Same(zone, clock.Calendar.TimeZone);
        var received = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(-5));
        Assert.Equal(
            new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.FromHours(-4)),
            clock.Calendar.DueAt(received, 7)
        );

        // Sampling months: a review at 20:00 UTC on 31 March is still March in New York (in Seoul it is 1 April).
        var reviewedAt = new DateTimeOffset(2026, 3, 31, 20, 0, 0, TimeSpan.Zero);
        var receivedAt = new DateTimeOffset(2026, 3, 31, 19, 30, 0, TimeSpan.Zero);
        var id = await CaseSeeds.AddAsync(platform, "26", CaseStatus.Reviewed, named: true, shape: c =>
            (c.ReceivedAt, c.ReviewedAt) = (receivedAt, reviewedAt)
        );
        await using (var scope = platform.CaseworkApp.Services.CreateAsyncScope())
        {
            var sampling = scope.ServiceProvider.GetRequiredService<CallbackSampling>();
            Assert.Equal(
                id,
                Assert
                    .Single(await sampling.DrawAsync("2026-03", 5, "test", TestContext.Current.CancellationToken))
                    .CaseId
            );
            Assert.Empty(await sampling.DrawAsync("2026-04", 5, "test", TestContext.Current.CancellationToken));
        }

        var (seoulFrom, _) = CallbackSampling.MonthBounds("2026-04", new PlatformTimeZone());
        Assert.True(reviewedAt >= seoulFrom, "on Seoul's calendar the same review fell in April");

        // Staff pages: times are shown on the configured clock (UTC−4 on 31 March in New York), not on Seoul's.
        using var supervisor = new StaffBrowser(platform);
        await supervisor.SignInNewAccountAsync("zone.sup", "26", Roles.Supervisor);
        var page = await supervisor.GetPageAsync($"/cases/{id}");
        Assert.Contains("2026-03-31 15:30", page, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-04-01 04:30", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Seoul_is_the_default_and_falls_back_to_a_fixed_plus_nine_where_the_system_has_no_time_zone_data()
    {
        static TimeZoneInfo NoData(string id) => throw new TimeZoneNotFoundException($"no time zone data for {id}");

        var fallback = PlatformTimeZone.Of(PlatformTimeZone.DefaultId, NoData);
        Assert.Equal(TimeSpan.FromHours(9), fallback.Zone.BaseUtcOffset);
        Assert.False(fallback.Zone.SupportsDaylightSavingTime);
        // The same days, deadlines and clock as the system's own Asia/Seoul.
        var seoul = new PlatformTimeZone();
        var calendar = new DeadlineCalendar(seoul);
        var fixedCalendar = new DeadlineCalendar(fallback);
        foreach (
            var at in new[]
            {
                new DateTimeOffset(2026, 1, 31, 20, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 7, 15, 14, 59, 59, TimeSpan.Zero),
            }
        )
        {
            Assert.Equal(calendar.DueAt(at, 30), fixedCalendar.DueAt(at, 30));
            Assert.Equal(seoul.Format(at), fallback.Format(at));
            Assert.Equal(
                CallbackSampling.MonthBounds("2026-02", seoul),
                CallbackSampling.MonthBounds("2026-02", fallback)
            );
        }

        // Any other zone the system does not know is named, not replaced.
        Assert.Throws<TimeZoneNotFoundException>(() => PlatformTimeZone.Of("Europe/Nowhere", NoData));
        Assert.Throws<TimeZoneNotFoundException>(() => new PlatformTimeZone("Europe/Nowhere"));
    }
}
