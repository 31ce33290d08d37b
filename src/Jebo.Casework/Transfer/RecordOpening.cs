using System.Runtime.CompilerServices;
using Jebo.Storage.Background;
using Jebo.Transfer.Bundles;

namespace Jebo.Casework.Transfer;

/// <summary>One batch of a bundle's records, opened in record order: the records that opened, and the reason the
/// first that did not was refused (then the batch stops there).</summary>
public sealed record OpenedBatch(IReadOnlyList<object> Records, string? Error);

/// <summary>
/// A bundle's records opening in batches, each taken in record order by one of as many threads as the zone's
/// <see cref="ProcessorShare"/> allows (every core for a zone alone),
/// while the import writes the batches already open. Opening is an X25519 agreement and an AEAD per record, about half
/// an import's processor time; writing is the other half and runs on one thread, so overlapping the two keeps both
/// cores busy (docs/benchmarks.md).
/// </summary>
public sealed class RecordOpening : IAsyncDisposable
{
    private readonly Func<int, OpenedBatch> open;
    private readonly TaskCompletionSource<OpenedBatch>[] batches;
    private readonly Task[] workers;
    private int next = -1;
    private volatile bool stopped;
    private readonly bool lowered;

    /// <summary>Starts opening at once.</summary>
    /// <param name="batchCount">How many batches the records make.</param>
    /// <param name="open">Opens one batch by its index; called once per batch, from the opening threads.</param>
    /// <param name="share">How many threads open. They never wait for requests: the import's write transaction is open
    /// while they work, and staff actions wait for it.</param>
    public RecordOpening(int batchCount, Func<int, OpenedBatch> open, ProcessorShare? share = null)
    {
        this.open = open;
        lowered = share?.Scheduler is not null;
        batches =
        [
            .. Enumerable
                .Range(0, batchCount)
                .Select(_ => new TaskCompletionSource<OpenedBatch>(TaskCreationOptions.RunContinuationsAsynchronously)),
        ];
        // Threads of their own: pool threads busy opening would hold back the writer's continuations.
        workers =
        [
            .. Enumerable
                .Range(0, Math.Min((share ?? ProcessorShare.Whole).Parallelism, batches.Length))
                .Select(_ =>
                    Task.Factory.StartNew(
                        Work,
                        CancellationToken.None,
                        TaskCreationOptions.LongRunning,
                        TaskScheduler.Default
                    )
                ),
        ];
    }

    /// <summary>The batches in record order as they open; the first record that fails throws.</summary>
    public async IAsyncEnumerable<IReadOnlyList<object>> InOrderAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        foreach (var batch in batches)
        {
            var opened = await batch.Task.WaitAsync(cancellationToken);
            if (opened.Error is not null)
            {
                throw new BundleRejectedException(opened.Error);
            }

            yield return opened.Records;
        }
    }

    /// <summary>Every batch, once all have opened, in record order; the first record that fails throws and nothing is
    /// handed over. For a writer that takes its write lock only once there is nothing left to wait for
    /// (<see cref="ProcessorShare.OpensBeforeWriting"/>).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<object>>> AllAsync(CancellationToken cancellationToken)
    {
        var all = new List<IReadOnlyList<object>>(batches.Length);
        await foreach (var batch in InOrderAsync(cancellationToken))
        {
            all.Add(batch);
        }

        return all;
    }

    private void Work()
    {
        if (lowered)
        {
            // As the round that started it (ProcessorShare.Scheduler): below the public zone's requests.
            BackgroundScheduler.LowerCurrentThread();
        }

        int batch;
        while (!stopped && (batch = Interlocked.Increment(ref next)) < batches.Length)
        {
            try
            {
                batches[batch].SetResult(open(batch));
            }
            catch (Exception e)
            {
                batches[batch].SetException(e);
            }
        }
    }

    /// <summary>Stops taking batches (the import failed or ended) and waits for the threads to finish theirs.</summary>
    public async ValueTask DisposeAsync()
    {
        stopped = true;
        await Task.WhenAll(workers);
    }
}
