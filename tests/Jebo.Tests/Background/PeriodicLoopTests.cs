using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Cli;
using Jebo.Storage.Background;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jebo.Tests.Background;

/// <summary>No fault in a periodic loop stops a zone: it is logged, shown, retried, and forgotten once a round
/// succeeds; and when a zone does stop by itself, <c>jebo</c> says so with a non-zero exit.</summary>
public sealed class PeriodicLoopTests
{
    private sealed class GangPlantedFault() : Exception("something nobody foresaw");

    public static TheoryData<string> Faults =>
        ["null-reference", "custom", "format", "database", "database-through-ef"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_loop_whose_work_throws_anything_keeps_running_shows_the_failure_and_recovers(string fault)
    {
        var log = new CapturedLog();
        using var logging = LoggerFactory.Create(b => b.AddProvider(log));
        var loops = new BackgroundLoops();
        var rounds = 0;
        LoopStatus? whileFailing = null;
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Work(IServiceProvider services, CancellationToken cancellationToken)
        {
            rounds++;
            if (rounds == 3)
            {
                whileFailing = loops.Of("test work");
            }

            if (rounds <= 3)
            {
                if (fault == "null-reference")
                {
                    // A real bug's fault, raised by the runtime.
                    string? missing = rounds > 0 ? null : "never";
                    _ = missing!.Length;
                }

                throw fault switch
                {
                    "custom" => new GangPlantedFault(),
                    // What a database that went away or refused a statement throws, bare and as EF Core wraps it.
                    "database" => new Microsoft.Data.Sqlite.SqliteException("SQLite Error 10: 'disk I/O error'.", 10),
                    "database-through-ef" => new InvalidOperationException(
                        "An exception has been raised that is likely due to a transient failure.",
                        new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432")
                    ),
                    _ => new FormatException("bad row"),
                };
            }

            recovered.TrySetResult();
            return Task.CompletedTask;
        }

        using var loop = new PeriodicLoop(
            "test work",
            RoundSchedule.Every(TimeSpan.FromMilliseconds(10)),
            Work,
            new ServiceCollection().BuildServiceProvider(),
            loops,
            logging.CreateLogger<PeriodicLoop>(),
            TimeProvider.System
        );
        await loop.StartAsync(TestContext.Current.CancellationToken);
        await recovered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await loop.StopAsync(CancellationToken.None);

        // While it failed, the failure was visible: which loop, how often, what kind of fault.
        Assert.NotNull(whileFailing);
        Assert.True(whileFailing.Failing);
        Assert.Equal(2, whileFailing.FailuresInARow);
        Assert.Contains("test work: failing since", whileFailing.Describe(), StringComparison.Ordinal);
        Assert.Equal(
            fault switch
            {
                "null-reference" => nameof(NullReferenceException),
                "custom" => nameof(GangPlantedFault),
                "database" => nameof(Microsoft.Data.Sqlite.SqliteException),
                "database-through-ef" => nameof(InvalidOperationException),
                _ => nameof(FormatException),
            },
            whileFailing.LastError
        );
        Assert.Contains(log.Lines, l => l.Contains("test work failed (3 time(s) in a row)", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l =>
            l.Contains("test work recovered after 3 failed round(s)", StringComparison.Ordinal)
        );
        // Once a round succeeded, nothing is failing any more.
        Assert.Empty(loops.Failing);
        Assert.NotNull(loops.Of("test work")!.LastSuccess);
    }

    [Fact]
    public void A_failing_loop_retries_sooner_than_an_hourly_interval_and_backs_off_to_a_bound()
    {
        var hourly = TimeSpan.FromHours(1);
        Assert.Equal(TimeSpan.FromSeconds(5), PeriodicLoop.RetryDelay(hourly, 1));
        Assert.Equal(TimeSpan.FromSeconds(10), PeriodicLoop.RetryDelay(hourly, 2));
        Assert.Equal(hourly, PeriodicLoop.RetryDelay(hourly, 1_000));
        var fast = TimeSpan.FromSeconds(5);
        Assert.Equal(PeriodicLoop.MaxRetryDelay, PeriodicLoop.RetryDelay(fast, 50));
        Assert.True(PeriodicLoop.RetryDelay(fast, 3) > PeriodicLoop.RetryDelay(fast, 2));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_transfer_that_keeps_failing_is_shown_in_health_and_alerts_and_clears_when_it_works_again(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--transfer-interval", "1");
        await platform.SubmitAsync("부산 사하구 창고에서 매주 화요일 밤 거래가 있습니다.");
        var administrator = await platform.StaffClientAsync("alerts-admin", "national", "administrator");
        // Every loop of each zone runs (each says so when it starts), not just the first one registered.
        await Eventually(
            () =>
                Task.FromResult(
                    string.Join(
                        ",",
                        platform.IntakeApp.Services.GetRequiredService<BackgroundLoops>().Current.Select(l => l.Name)
                    )
                ),
            names => names == "alert delivery,attachment sweep,intake retention,intake transfer"
        );
        await Eventually(
            () =>
                Task.FromResult(
                    string.Join(
                        ",",
                        platform.CaseworkApp.Services.GetRequiredService<BackgroundLoops>().Current.Select(l => l.Name)
                    )
                ),
            names =>
                names
                    .Split(',')
                    .ToHashSet()
                    .IsSupersetOf(["audit checkpoints", "casework retention", "casework transfer"])
        );

        // Each zone's quarantine folder turns into a file (a full or broken disk, an operator's slip) while junk waits
        // in its inbound spool: every round now throws, trying to put the junk aside.
        var intakeQuarantine = platform.Settings.Intake.QuarantineFolder;
        var caseworkQuarantine = platform.Settings.Casework.QuarantineFolder;
        foreach (var folder in new[] { intakeQuarantine, caseworkQuarantine })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            await File.WriteAllTextAsync(folder, "", TestContext.Current.CancellationToken);
        }

        await File.WriteAllTextAsync(
            Path.Combine(platform.Settings.Intake.InboundSpool, "status-junk.jebo"),
            "junk",
            TestContext.Current.CancellationToken
        );
        await File.WriteAllTextAsync(
            Path.Combine(platform.Settings.Casework.InboundSpool, "reports-junk.jebo"),
            "junk",
            TestContext.Current.CancellationToken
        );

        var intakeHealth = await Eventually(
            async () => await platform.Intake.GetStringAsync("/healthz"),
            h => h.StartsWith("degraded", StringComparison.Ordinal)
        );
        Assert.Contains("intake transfer: failing since", intakeHealth, StringComparison.Ordinal);
        var alerts = await Eventually(
            async () => (await administrator.GetFromJsonAsync<JsonElement>("/api/v1/alerts")).GetRawText(),
            a => a.Contains("background.failing", StringComparison.Ordinal)
        );
        Assert.Contains("casework transfer", alerts, StringComparison.Ordinal);
        Assert.StartsWith(
            "degraded",
            await platform.NewCaseworkClient().GetStringAsync("/healthz"),
            StringComparison.Ordinal
        );
        // The zones still serve meanwhile: intake takes reports.
        await platform.SubmitAsync("사하구 항구 근처에서 같은 차량이 매일 밤 보입니다.");

        File.Delete(intakeQuarantine);
        File.Delete(caseworkQuarantine);
        await Eventually(async () => await platform.Intake.GetStringAsync("/healthz"), h => h == "ok");
        await Eventually(async () => await platform.NewCaseworkClient().GetStringAsync("/healthz"), h => h == "ok");
        Assert.DoesNotContain(
            "background.failing",
            (await administrator.GetFromJsonAsync<JsonElement>("/api/v1/alerts")).GetRawText(),
            StringComparison.Ordinal
        );
        // And the report the failing rounds held back crossed once they recovered.
        await Eventually(
            async () =>
            {
                await using var db = platform.OpenCaseworkDb();
                return (await db.Reports.CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            },
            count => count == "2"
        );
    }

    [Fact]
    public async Task Jebo_exits_non_zero_when_a_zone_stops_by_itself_and_zero_when_asked_to_stop()
    {
        await using (var platform = await TestPlatform.StartAsync())
        {
            var output = new StringWriter();
            var serving = UpCommand.ServeAsync(
                [
                    (Jebo.Transfer.ZoneName.Intake, platform.IntakeApp),
                    (Jebo.Transfer.ZoneName.Casework, platform.CaseworkApp),
                ],
                output,
                CancellationToken.None
            );
            // What the host does on a fatal fault in one zone: it stops, without anyone asking.
            platform.IntakeApp.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

            Assert.Equal(1, await serving.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.Contains("intake stopped by itself", output.ToString(), StringComparison.Ordinal);
            // The other zone was stopped too, so the whole process can be restarted.
            Assert.True(
                platform
                    .CaseworkApp.Services.GetRequiredService<IHostApplicationLifetime>()
                    .ApplicationStopped.IsCancellationRequested
            );
        }

        await using (var platform = await TestPlatform.StartAsync())
        {
            using var stop = new CancellationTokenSource();
            var output = new StringWriter();
            var serving = UpCommand.ServeAsync(
                [
                    (Jebo.Transfer.ZoneName.Intake, platform.IntakeApp),
                    (Jebo.Transfer.ZoneName.Casework, platform.CaseworkApp),
                ],
                output,
                stop.Token
            );
            await stop.CancelAsync();

            Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.Contains("stopped cleanly", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Jebo_up_exits_non_zero_when_a_zone_cannot_start()
    {
        var folder = Directory.CreateTempSubdirectory("jebo-up-").FullName;
        try
        {
            // Someone else holds intake's port: the zone's host fails to start.
            using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            taken.Start();
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            var error = new StringWriter();

            var exit = await CommandLine.RunAsync(
                [
                    "up",
                    "--data",
                    folder,
                    "--intake-url",
                    $"http://127.0.0.1:{port}",
                    "--casework-url",
                    "http://127.0.0.1:0",
                    "--intake-admin-url",
                    "off",
                    "--casework-admin-url",
                    "off",
                ],
                new StringReader(""),
                new StringWriter(),
                error,
                TestContext.Current.CancellationToken
            );

            Assert.Equal(1, exit);
            Assert.Contains($"127.0.0.1:{port} is in use", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Eventually(Func<Task<string>> read, Func<string, bool> holds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await read();
            if (holds(value) || DateTime.UtcNow > deadline)
            {
                Assert.True(holds(value), $"still: {value}");
                return value;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
