using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jebo.Storage.Background;

/// <summary>
/// Runs one periodic job of a zone for as long as the zone runs: one round at each time its <see cref="RoundSchedule"/>
/// names; a round that throws —
/// whatever it throws, but cancellation at shutdown — is logged, shown in <see cref="BackgroundLoops"/> (health,
/// alerts), and retried after a bounded, growing delay; the first round that succeeds again clears the failure.
/// </summary>
/// <remarks>Security: a zone's loops move reports across the gap, escalate overdue cases and sign audit checkpoints.
/// An exception escaping a hosted service stops the whole host, so one unforeseen fault (a bad row, a full disk, a bug)
/// would silence the tip line or casework; here it costs one round, and an operator sees it.</remarks>
public sealed class PeriodicLoop(
    string name,
    RoundSchedule schedule,
    Func<IServiceProvider, CancellationToken, Task> work,
    IServiceProvider services,
    BackgroundLoops loops,
    ILogger<PeriodicLoop> logger,
    TimeProvider time,
    TaskScheduler? scheduler = null
) : BackgroundService
{
    private readonly TimeSpan interval = schedule.LongestGap;

    /// <summary>The longest a failing loop waits before it tries again, unless its interval is longer.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private int failures;

    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        loops.Report(new LoopStatus(name, interval, 0, null, null, null, null) { Started = time.GetUtcNow() });
        if (schedule.Interval is null)
        {
            // Times of day alone: the first round waits for the first of them.
            await WaitAsync(DelayUntilNext(time.GetUtcNow()), stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var succeeded = await RunOnceAsync(stoppingToken);
            var delay = DelayUntilNext(time.GetUtcNow());
            if (!succeeded && RetryDelay(interval, failures) is var retry && retry < delay)
            {
                delay = retry;
            }

            if (!await WaitAsync(delay, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>How long from <paramref name="now"/> until the schedule's next round.</summary>
    public TimeSpan DelayUntilNext(DateTimeOffset now) =>
        schedule.Next(now) - now is var delay && delay > TimeSpan.Zero ? delay : TimeSpan.Zero;

    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        return true;
    }

    /// <summary>One round; true when it succeeded. Never throws but for cancellation of
    /// <paramref name="stoppingToken"/>.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            // On the zone's background threads when it shares its process with the public zone
            // (ProcessorShare.Scheduler); the round's continuations and parallel loops stay there.
            await (
                scheduler is null
                    ? work(services, stoppingToken)
                    : Task
                        .Factory.StartNew(
                            () => work(services, stoppingToken),
                            stoppingToken,
                            TaskCreationOptions.DenyChildAttach,
                            scheduler
                        )
                        .Unwrap()
            );
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Whatever it is (a bug's NullReferenceException too): it costs this round, never the zone.
            failures++;
            var now = time.GetUtcNow();
            var retry = RetryDelay(interval, failures);
            var previous = loops.Of(name);
            var failingSince = previous?.FailingSince ?? now;
            loops.Report(
                new LoopStatus(
                    name,
                    interval,
                    failures,
                    previous?.LastSuccess,
                    failingSince,
                    e.GetType().Name,
                    now + retry
                )
                {
                    Started = previous?.Started,
                }
            );
            logger.LogError(
                e,
                "{Loop} failed ({Failures} time(s) in a row); retrying in {Retry}",
                name,
                failures,
                retry.ToString("c", CultureInfo.InvariantCulture)
            );
            return false;
        }

        if (failures > 0)
        {
            logger.LogWarning("{Loop} recovered after {Failures} failed round(s)", name, failures);
        }

        failures = 0;
        loops.Report(
            new LoopStatus(name, interval, 0, time.GetUtcNow(), null, null, null) { Started = loops.Of(name)?.Started }
        );
        return true;
    }

    /// <summary>How long to wait after the n-th failure in a row: the interval's first step (at most five seconds),
    /// doubled per failure, never longer than <see cref="MaxRetryDelay"/> or the interval, whichever is
    /// longer.</summary>
    public static TimeSpan RetryDelay(TimeSpan interval, int failures)
    {
        var first = interval < TimeSpan.FromSeconds(5) ? interval : TimeSpan.FromSeconds(5);
        var cap = interval > MaxRetryDelay ? interval : MaxRetryDelay;
        var delay = first * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return delay > cap ? cap : delay;
    }
}

/// <summary>How one periodic loop stands.</summary>
/// <param name="Name">What it does, e.g. <c>intake transfer</c>.</param>
/// <param name="Interval">How often it runs when all is well.</param>
/// <param name="FailuresInARow">Rounds failed since the last success; 0 when it is well.</param>
/// <param name="LastSuccess">When a round last succeeded.</param>
/// <param name="FailingSince">When the current run of failures began.</param>
/// <param name="LastError">The type of the last failure's exception (its message and stack are in the log
/// only).</param>
/// <param name="NextAttempt">When it tries again.</param>
public sealed record LoopStatus(
    string Name,
    TimeSpan Interval,
    int FailuresInARow,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? FailingSince,
    string? LastError,
    DateTimeOffset? NextAttempt
)
{
    public bool Failing => FailuresInARow > 0;

    /// <summary>When the loop started (with its zone); null for rounds run on demand.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>Whether any round has ended yet, well or not.</summary>
    public bool HasRun => LastSuccess is not null || Failing;

    /// <summary>One line for health and alerts: names the loop, since when it fails and how often; never the message,
    /// which may name files or servers.</summary>
    public string Describe() =>
        Failing
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{Name}: failing since {FailingSince:u} ({FailuresInARow} round(s) in a row, last {LastError}); next "
                    + $"try {NextAttempt:u}"
            )
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{Name}: ok{(LastSuccess is { } at ? $" (last round {at:u})" : "")}"
            );
}

/// <summary>Every periodic loop of a zone and how it stands, for <c>/healthz</c> and the alerts.</summary>
public sealed class BackgroundLoops
{
    private readonly Dictionary<string, LoopStatus> statuses = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IReadOnlyList<LoopStatus> Current
    {
        get
        {
            lock (gate)
            {
                return [.. statuses.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
            }
        }
    }

    public IReadOnlyList<LoopStatus> Failing => [.. Current.Where(s => s.Failing)];

    public LoopStatus? Of(string name)
    {
        lock (gate)
        {
            return statuses.GetValueOrDefault(name);
        }
    }

    internal void Report(LoopStatus status)
    {
        lock (gate)
        {
            statuses[status.Name] = status;
        }
    }
}
