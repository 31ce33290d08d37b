using Jebo.Casework.Transfer;
using Jebo.Transfer.Bundles;

namespace Jebo.Casework.Tests.Transfer;

/// <summary>The overlap of opening and writing alone: the writer gets the batches in record order whatever order they
/// open in, and a failed batch ends the import with its reason after the batches before it.</summary>
public sealed class RecordOpeningTests
{
    private static async Task<List<int>> TakeAllAsync(RecordOpening opening, List<int>? taken = null)
    {
        taken ??= [];
        await foreach (var batch in opening.InOrderAsync(CancellationToken.None))
        {
            taken.Add((int)Assert.Single(batch));
        }

        return taken;
    }

    [Fact]
    public async Task The_writer_gets_the_batches_in_record_order_even_when_the_first_opens_last()
    {
        using var othersOpened = new CountdownEvent(7);
        var opening = new RecordOpening(8, batch =>
        {
            if (batch == 0)
            {
                // Given a second thread, every later batch opens first; with one, this only waits a while.
                othersOpened.Wait(TimeSpan.FromSeconds(5));
            }
            else
            {
                othersOpened.Signal();
            }

            return new OpenedBatch([batch], null);
        });
        await using (opening)
        {
            Assert.Equal(Enumerable.Range(0, 8), await TakeAllAsync(opening));
        }
    }

    [Fact]
    public async Task A_batch_that_failed_to_open_ends_the_import_with_its_reason_after_the_batches_before_it()
    {
        var taken = new List<int>();
        await using var opening = new RecordOpening(5, batch =>
            batch == 2 ? new OpenedBatch([], "record 1001 cannot be opened") : new OpenedBatch([batch], null)
        );

        var refused = await Assert.ThrowsAsync<BundleRejectedException>(() => TakeAllAsync(opening, taken));

        Assert.Equal("record 1001 cannot be opened", refused.Message);
        Assert.Equal([0, 1], taken);
    }

    [Fact]
    public async Task Opened_whole_the_batches_come_in_record_order_or_none_does()
    {
        await using (var whole = new RecordOpening(6, batch => new OpenedBatch([batch], null)))
        {
            var all = await whole.AllAsync(CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, 6), all.Select(b => (int)Assert.Single(b)));
        }

        // A writer that takes its lock only after everything opened gets nothing of a bundle that does not open.
        IReadOnlyList<IReadOnlyList<object>>? handed = null;
        await using var broken = new RecordOpening(6, batch =>
            batch == 4 ? new OpenedBatch([], "record 4001 cannot be opened") : new OpenedBatch([batch], null)
        );
        var refused = await Assert.ThrowsAsync<BundleRejectedException>(async () =>
            handed = await broken.AllAsync(CancellationToken.None)
        );
        Assert.Equal("record 4001 cannot be opened", refused.Message);
        Assert.Null(handed);
    }

    [Fact]
    public async Task An_unexpected_failure_while_opening_reaches_the_writer()
    {
        await using var opening = new RecordOpening(3, batch =>
            batch == 1 ? throw new InvalidOperationException("opening broke") : new OpenedBatch([batch], null)
        );

        Assert.Equal(
            "opening broke",
            (await Assert.ThrowsAsync<InvalidOperationException>(() => TakeAllAsync(opening))).Message
        );
    }

    [Fact]
    public async Task A_bundle_of_no_records_gives_no_batches()
    {
        await using var opening = new RecordOpening(0, _ => throw new InvalidOperationException("nothing to open"));
        Assert.Empty(await TakeAllAsync(opening));
    }
}
