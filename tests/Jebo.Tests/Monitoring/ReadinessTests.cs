using System.Net;
using Jebo.Storage.Background;
using Jebo.Storage.Monitoring;
using Jebo.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jebo.Tests.Monitoring;

/// <summary><c>/readyz</c> tells the truth: 200 when every check holds, 503 naming only the failing checks otherwise,
/// and healthy again once the fault is mended.</summary>
public sealed class ReadinessTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Readyz_is_ready_on_a_healthy_platform_and_names_an_unusable_spool_or_missing_keys_without_detail(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        Assert.Equal("ready\n", await platform.Intake.GetStringAsync("/readyz", TestContext.Current.CancellationToken));
        Assert.Equal(
            "ready\n",
            await platform.NewCaseworkClient().GetStringAsync("/readyz", TestContext.Current.CancellationToken)
        );

        // The outbound spool turns into a file (a slip, a full mount point): intake is not ready, and says only which
        // check.
        var spool = platform.Settings.Intake.OutboundSpool;
        Directory.Move(spool, spool + ".moved");
        await File.WriteAllTextAsync(spool, "", TestContext.Current.CancellationToken);
        var (_, body) = await EventuallyAsync(platform.Intake, s => s == HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not ready: spool\n", body);
        Assert.DoesNotContain(platform.DataFolder, body, StringComparison.Ordinal);

        File.Delete(spool);
        Directory.Move(spool + ".moved", spool);
        Assert.Equal(HttpStatusCode.OK, (await EventuallyAsync(platform.Intake, s => s == HttpStatusCode.OK)).Status);

        // Casework's trusted intake key is gone: its readiness names the keys.
        var trusted = Path.Combine(platform.Settings.Casework.KeysFolder, "trusted");
        Directory.Move(trusted, trusted + ".moved");
        using var casework = platform.NewCaseworkClient();
        (_, body) = await EventuallyAsync(casework, s => s == HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not ready: keys\n", body);
        Directory.Move(trusted + ".moved", trusted);
        Assert.Equal(HttpStatusCode.OK, (await EventuallyAsync(casework, s => s == HttpStatusCode.OK)).Status);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_disk_below_the_floor_makes_both_zones_not_ready(string provider)
    {
        // A floor of a petabyte: no test machine has that much free.
        await using var platform = await TestPlatform.StartAsync(provider, "--min-free-disk-mb", "1073741824");

        var intake = await platform.Intake.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, intake.StatusCode);
        Assert.Equal(
            "not ready: disk\n",
            await intake.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)
        );
        var casework = await platform.NewCaseworkClient().GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(
            "not ready: disk\n",
            await casework.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)
        );
    }

    [Fact]
    public async Task The_database_check_fails_on_a_database_that_is_not_there()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"jebo-missing-{Guid.NewGuid():N}", "intake.db");
        await using var db = Jebo.Intake.IntakeZone.OpenDatabase(
            new Jebo.Intake.IntakeOptions
            {
                ZoneFolder = Path.GetTempPath(),
                OutboundSpool = Path.GetTempPath(),
                InboundSpool = Path.GetTempPath(),
                Database = missing,
            }
        );

        var result = await new DatabaseCheck(db, missing, "intake").CheckHealthAsync(
            new HealthCheckContext(),
            TestContext.Current.CancellationToken
        );

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("does not exist", result.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(missing), "checking must not create the database");
    }

    public static TheoryData<string, bool> Rounds =>
        new()
        {
            { "no round yet", true },
            { "last round well", true },
            { "failing, last success two intervals ago", true },
            { "failing, last success four intervals ago", false },
            { "failing since start, never succeeded, within three intervals", true },
            { "failing since start, never succeeded, beyond three intervals", false },
        };

    [Theory]
    [MemberData(nameof(Rounds))]
    public void The_transfer_check_fails_only_when_rounds_fail_for_more_than_three_intervals(
        string situation,
        bool ready
    )
    {
        var clock = new ManualClock(ManualClock.Morning);
        var now = clock.GetUtcNow();
        var hour = TimeSpan.FromHours(1);
        var schedule = RoundSchedule.Every(hour);
        var started = now - TimeSpan.FromDays(1);
        LoopStatus Failing(DateTimeOffset? lastSuccess, DateTimeOffset since) =>
            new("intake transfer", hour, 3, lastSuccess, since, "IOException", now + TimeSpan.FromMinutes(1))
            {
                Started = started,
            };
        var status = situation switch
        {
            "no round yet" => new LoopStatus("intake transfer", hour, 0, null, null, null, null)
            {
                Started = now - TimeSpan.FromDays(3),
            },
            "last round well" => new LoopStatus("intake transfer", hour, 0, now - hour, null, null, null)
            {
                Started = started,
            },
            "failing, last success two intervals ago" => Failing(now - (2 * hour), now - hour),
            "failing, last success four intervals ago" => Failing(now - (4 * hour), now - (3 * hour)),
            "failing since start, never succeeded, within three intervals" => Failing(null, now - hour) with
            {
                Started = now - (2 * hour),
            },
            _ => Failing(null, now - hour) with { Started = now - (4 * hour) },
        };

        var result = RoundCheck.Judge(status, schedule, now);

        Assert.Equal(ready ? HealthStatus.Healthy : HealthStatus.Unhealthy, result.Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> EventuallyAsync(
        HttpClient client,
        Func<HttpStatusCode, bool> holds
    )
    {
        // The report is kept for two seconds, so a change shows within a few.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (holds(response.StatusCode) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
