using Jebo.Hosting;
using Jebo.Storage.Background;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Tests.Background;

/// <summary>Under <c>jebo up</c>, casework's background work gives way to intake's requests, but never for long; a zone
/// alone keeps every core and never waits.</summary>
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
        var share = ProcessorShare.Beside(activity);
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
        var share = ProcessorShare.Beside(activity);
        using var endless = activity.Begin();
        await share.YieldAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        Assert.True(activity.Busy);
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
