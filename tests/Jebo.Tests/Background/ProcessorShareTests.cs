using Jebo.Hosting;
using Jebo.Storage.Background;
using Jebo.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jebo.Tests.Background;

/// <summary>Under <c>jebo up</c>, casework's background work gives way to intake's requests, but never for long, and
/// runs on threads of lower priority; a zone alone keeps every core and the runtime's pool, and never waits.</summary>
public sealed class ProcessorShareTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_zone_alone_uses_every_core_and_never_waits()
    {
        Assert.Equal(Environment.ProcessorCount, ProcessorShare.Whole.Parallelism);
        Assert.False(ProcessorShare.Whole.Yields);
        await ProcessorShare.Whole.YieldAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
    }

    [Fact]
    public async Task Beside_intake_it_takes_half_the_cores_and_waits_while_a_request_is_answered()
    {
        var activity = new RequestActivity();
        using var share = ProcessorShare.Beside(activity);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), share.Parallelism);

        // Idle intake: no wait.
        await share.YieldAsync(CancellationToken.None).AsTask().WaitAsync(Patience);

        Task waiting;
        using (activity.Begin())
        {
            Assert.True(activity.Busy);
            waiting = share.YieldAsync(CancellationToken.None).AsTask();
            await Task.Delay(TimeSpan.FromMilliseconds(60));
            Assert.False(waiting.IsCompleted);
        }

        Assert.False(activity.Busy);
        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task Under_a_load_that_never_stops_background_work_still_goes_on()
    {
        var activity = new RequestActivity();
        using var share = ProcessorShare.Beside(activity);
        using var endless = activity.Begin();
        await share.YieldAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        Assert.True(activity.Busy);
    }

    [Fact]
    public async Task A_round_beside_intake_runs_below_its_requests_with_its_continuations_and_parallel_loops()
    {
        using var share = ProcessorShare.Beside(new RequestActivity());
        var scheduler = share.Scheduler!;
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string Where, bool Ours, int? Nice)>();
        void Note(string where) => seen.Add((where, scheduler.IsCurrent, BackgroundScheduler.CurrentNice()));

        async Task Round(IServiceProvider services, CancellationToken cancellationToken)
        {
            Note("start");
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            Note("after an await");
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            Note(TaskScheduler.Current == scheduler ? "after two awaits" : "current lost");
            Parallel.For(0, 64, share.Options(cancellationToken), _ => Note("parallel"));
            await Parallel.ForAsync(0, 64, share.Options(cancellationToken), (_, _) =>
            {
                Note("parallel async");
                return ValueTask.CompletedTask;
            });
        }

        using var loop = new PeriodicLoop(
            "background round",
            RoundSchedule.Every(TimeSpan.FromHours(1)),
            Round,
            new ServiceCollection().BuildServiceProvider(),
            new BackgroundLoops(),
            NullLogger<PeriodicLoop>.Instance,
            TimeProvider.System,
            scheduler
        );
        Assert.True(await loop.RunOnceAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            ["after an await", "after two awaits", "parallel", "parallel async", "start"],
            seen.Select(s => s.Where).Distinct().Order()
        );
        Assert.All(seen, s => Assert.True(s.Ours, s.Where));
        if (OperatingSystem.IsLinux())
        {
            Assert.All(seen, s => Assert.Equal(BackgroundScheduler.Nice, s.Nice));
            Assert.NotEqual(BackgroundScheduler.Nice, BackgroundScheduler.CurrentNice());
        }

        // A zone alone: its rounds run on the runtime's pool, as before.
        Assert.Null(ProcessorShare.Whole.Scheduler);
    }

    [Fact]
    public async Task The_threads_that_open_a_bundle_beside_intake_run_below_its_requests()
    {
        using var share = ProcessorShare.Beside(new RequestActivity());
        var nices = new System.Collections.Concurrent.ConcurrentBag<int?>();
        await using (
            var opening = new Jebo.Casework.Transfer.RecordOpening(
                8,
                _ =>
                {
                    nices.Add(BackgroundScheduler.CurrentNice());
                    return new Jebo.Casework.Transfer.OpenedBatch([], null);
                },
                share
            )
        )
        {
            await foreach (var _ in opening.InOrderAsync(TestContext.Current.CancellationToken)) { }
        }

        Assert.Equal(8, nices.Count);
        if (OperatingSystem.IsLinux())
        {
            Assert.All(nices, n => Assert.Equal(BackgroundScheduler.Nice, n));
        }
    }

    [Fact]
    public async Task Its_threads_finish_what_was_queued_and_then_take_no_more()
    {
        var share = ProcessorShare.Beside(new RequestActivity());
        var queued = Task.Factory.StartNew(
            () => Thread.Sleep(50),
            CancellationToken.None,
            TaskCreationOptions.None,
            share.Scheduler!
        );
        share.Dispose();
        await queued.WaitAsync(Patience, TestContext.Current.CancellationToken);
        var refused = Record.Exception(() =>
        {
            _ = Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, share.Scheduler!);
        });
        Assert.IsType<TaskSchedulerException>(refused);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Beside_intake_a_bundle_opened_whole_before_its_transaction_imports_as_it_would_alone(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, SharedProcess = true }
        );
        Assert.True(platform.CaseworkApp.Services.GetRequiredService<ProcessorShare>().OpensBeforeWriting);
        for (var i = 0; i < 5; i++)
        {
            await platform.SubmitAsync($"사하구 시장에서 칠성파가 보호비를 걷습니다 {i}", "26380");
        }

        await platform.TransferAsync();
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(5, await db.Reports.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            5,
            await db.Cases.CountAsync(c => c.OfficeCode.StartsWith("26"), TestContext.Current.CancellationToken)
        );
        Assert.False(ProcessorShare.Whole.OpensBeforeWriting);
    }

    [Fact]
    public async Task Jebo_up_counts_intake_requests_and_gives_casework_a_share_that_waits_for_them()
    {
        var shared = new SharedProcess();
        var casework = new ServiceCollection();
        casework.AddSingleton(ProcessorShare.Whole);
        shared.ShareProcessors(casework);
        await using var caseworkServices = casework.BuildServiceProvider();
        var share = caseworkServices.GetRequiredService<ProcessorShare>();
        Assert.True(share.Yields);

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        shared.CountRequests(builder.Services);
        await using var intake = builder.Build();
        intake.MapGet("/slow", async () =>
        {
            entered.SetResult();
            await release.Task;
            return Results.Ok();
        });
        await intake.StartAsync();
        using var client = intake.GetTestClient();
        var request = client.GetAsync("/slow");
        await entered.Task.WaitAsync(Patience);

        // While intake answers, casework's share waits; once the answer is sent, it goes on.
        var yielding = share.YieldAsync(CancellationToken.None).AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(60));
        Assert.False(yielding.IsCompleted);
        release.SetResult();
        (await request.WaitAsync(Patience)).EnsureSuccessStatusCode();
        await yielding.WaitAsync(Patience);
        await intake.StopAsync();
    }
}
