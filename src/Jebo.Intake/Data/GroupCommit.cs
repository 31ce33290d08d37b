using System.Data.Common;
using System.Threading.Channels;
using Jebo.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Data;

/// <summary>
/// Commits new sealed reports and follow-ups in groups: whatever arrived while the previous commit was being made
/// durable goes into the next transaction together, and each caller is answered only once its row is committed.
/// </summary>
/// <remarks>
/// A receipt is a promise that the report is on disk. With SQLite's <c>synchronous=FULL</c> (and PostgreSQL's
/// default <c>synchronous_commit</c>) every commit waits for the disk, and SQLite admits one writer at a time, so
/// one transaction per request makes writers queue on the file lock and on the disk one by one. Here one writer per
/// process commits a group per disk flush; durability is unchanged, the cost of a flush is shared. Nothing waits on
/// purpose for a group to fill: the group is what queued during the last flush, so a lone report is committed at once.
/// The rows go in through <see cref="BulkInsert"/> (from the EF model: binary COPY on PostgreSQL, one prepared
/// statement on SQLite), not through change tracking, whose per-row work in the single writer measurably capped
/// throughput (docs/benchmarks.md).
/// If the database refuses a group, each row is retried alone, so one bad row cannot cost the others their receipts.
/// </remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>The most rows one transaction takes (about 2 MiB of sealed 4 KiB reports).</summary>
    public const int MaxGroup = 512;

    private readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(8 * MaxGroup) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }
    );

    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<GroupCommit> logger;
    private readonly WriterTurns turns;
    private readonly Task writer;

    public GroupCommit(IServiceScopeFactory scopes, WriterTurns turns, ILogger<GroupCommit> logger)
    {
        this.scopes = scopes;
        this.turns = turns;
        this.logger = logger;
        writer = Task.Run(WriteAsync);
    }

    /// <summary>Completes once the row is committed; throws what the database threw if it could not be.</summary>
    public Task InsertAsync(IntakeReport report, CancellationToken cancellationToken) =>
        EnqueueAsync(report, cancellationToken);

    /// <inheritdoc cref="InsertAsync(IntakeReport, CancellationToken)"/>
    public Task InsertAsync(IntakeFollowUp followUp, CancellationToken cancellationToken) =>
        EnqueueAsync(followUp, cancellationToken);

    private async Task EnqueueAsync(object row, CancellationToken cancellationToken)
    {
        var pending = new Pending(row);
        // Cancellation counts only while waiting for room; a queued row is committed even if its caller went away,
        // exactly as a single SaveChanges that had started would be.
        await queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Done.Task;
    }

    private async Task WriteAsync()
    {
        var group = new List<Pending>(MaxGroup);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            try
            {
                await CommitAsync(group);
                group.ForEach(p => p.Done.TrySetResult());
            }
            catch (DbException e) when (group.Count > 1 && DatabaseAvailability.IsConstraintViolation(e))
            {
                // A row the database refused (a constraint): find it by committing the others alone. A database that
                // cannot be reached fails the whole group at once below instead of once per row.
                logger.LogWarning(
                    "A group of {Count} rows failed to commit ({Error}); committing them one by one",
                    group.Count,
                    e.GetType().Name
                );
                foreach (var pending in group)
                {
                    await CommitAloneAsync(pending);
                }
            }
            catch (Exception e)
            {
                group.ForEach(p => p.Done.TrySetException(e));
            }

            group.Clear();
        }
    }

    private async Task CommitAloneAsync(Pending pending)
    {
        try
        {
            await CommitAsync([pending]);
            pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task CommitAsync(List<Pending> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
        // One transaction: all rows of the group are durable together, or none is. The connection is opened by EF so
        // that SQLite's durability pragmas apply to it as to every other.
        await db.Database.OpenConnectionAsync();
        using var turn = await turns.TakeAsync(db, CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var rows in group.GroupBy(p => p.Row.GetType()))
        {
            BulkInsert.Insert(db, rows.Key, [.. rows.Select(p => p.Row)]);
        }

        await transaction.CommitAsync();
    }

    /// <summary>Commits what is queued, then stops: called when the zone shuts down, after the server
    /// stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }

    private sealed record Pending(object Row)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
