namespace Jebo.Storage.Background;

/// <summary>
/// How much of the machine a zone's background work (importing bundles, screening) may take. A zone alone on its
/// machine takes every core (<see cref="Whole"/>). Under <c>jebo up</c> casework shares one process with the public
/// intake zone: its rounds then run on threads of lower priority (<see cref="Scheduler"/>, a
/// <see cref="BackgroundScheduler"/>), it uses at most half the cores, and, before an import and before each screening
/// batch, it waits while intake is answering requests (<see cref="RequestActivity"/>), for at most
/// <see cref="MaxWait"/>, so that imports still finish under a steady load. It never waits inside a write transaction:
/// staff actions wait for those.
/// </summary>
/// <remarks>Measured from outside (docs/benchmarks.md, "The quick table"): with casework importing and screening on
/// every core, submissions' p99 rose whenever a bundle arrived; waiting between batches alone left the processors to
/// casework inside each batch.</remarks>
public sealed class ProcessorShare : IDisposable
{
    /// <summary>The longest background work waits for requests, per batch.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    private readonly RequestActivity? foreground;

    /// <summary>Every core, never waiting: a zone alone on its machine.</summary>
    public static readonly ProcessorShare Whole = new(Environment.ProcessorCount, null);

    public ProcessorShare(int parallelism, RequestActivity? foreground)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        Parallelism = parallelism;
        this.foreground = foreground;
    }

    /// <summary>Background work beside the requests counted by <paramref name="foreground"/>: half the cores, at least
    /// one, on threads of lower priority.</summary>
    public static ProcessorShare Beside(RequestActivity foreground) =>
        new(Math.Max(1, Environment.ProcessorCount / 2), foreground)
        {
            Scheduler = new BackgroundScheduler(Environment.ProcessorCount, "background"),
        };

    /// <summary>Where the zone's periodic rounds run (<see cref="PeriodicLoop"/>): threads of lower priority beside
    /// the public zone; null for the runtime's own pool.</summary>
    public BackgroundScheduler? Scheduler { get; private init; }

    /// <summary>Ends the background threads once their work is done.</summary>
    public void Dispose() => Scheduler?.Dispose();

    /// <summary>How many cores background work may keep busy at once.</summary>
    public int Parallelism { get; }

    /// <summary>Whether this share waits for requests.</summary>
    public bool Yields => foreground is not null;

    /// <summary>Whether a bundle is opened whole before the write transaction that imports it begins. Beside the public
    /// zone, opening runs below the requests and takes longer, and a transaction open meanwhile would keep staff
    /// actions (each writes its audit entry) waiting for all of it; alone, opening and writing overlap, one on each
    /// core.</summary>
    public bool OpensBeforeWriting => foreground is not null;

    /// <summary>Options of a parallel loop of background work: its parallelism, and its threads. Every parallel loop of
    /// a round passes them: left to itself, a loop started on a background thread ran on the runtime's pool
    /// (<c>ProcessorShareTests</c>).</summary>
    public ParallelOptions Options(CancellationToken cancellationToken) =>
        new()
        {
            MaxDegreeOfParallelism = Parallelism,
            CancellationToken = cancellationToken,
            TaskScheduler = Scheduler ?? TaskScheduler.Default,
        };

    /// <summary>Before a batch of background work: waits while requests are being answered, for at most
    /// <see cref="MaxWait"/>.</summary>
    public async ValueTask YieldAsync(CancellationToken cancellationToken)
    {
        if (foreground is null)
        {
            return;
        }

        for (var waited = TimeSpan.Zero; foreground.Busy && waited < MaxWait; waited += Step)
        {
            await Task.Delay(Step, cancellationToken);
        }
    }
}

/// <summary>Counts the requests a zone is answering, for the background work that gives way to them
/// (<see cref="ProcessorShare"/>). Counts only: nothing about a request is kept.</summary>
public sealed class RequestActivity
{
    private int answering;

    /// <summary>Whether any request is being answered now.</summary>
    public bool Busy => Volatile.Read(ref answering) > 0;

    /// <summary>A request begins; dispose the result when it ends.</summary>
    public Answering Begin()
    {
        Interlocked.Increment(ref answering);
        return new Answering(this);
    }

    /// <summary>One request being answered.</summary>
    public readonly struct Answering(RequestActivity activity) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref activity.answering);
    }
}
