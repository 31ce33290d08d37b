using Jebo.Intake.Data;
using Jebo.Storage;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Data;

/// <summary>The big writers of one intake process take turns at SQLite's write lock in the order they asked: a
/// reservation that comes back for its next step waits behind the submissions that asked while it held the lock.
/// PostgreSQL's writers take no turn.</summary>
public sealed class WriterTurnsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("jebo-turns-").FullName;

    [Fact]
    public async Task A_writer_that_comes_back_waits_behind_the_one_that_asked_while_it_wrote()
    {
        await using var db = Sqlite();
        using var turns = new WriterTurns();
        var reservation = await turns.TakeAsync(db, TestContext.Current.CancellationToken);
        Assert.NotNull(reservation);

        var submission = turns.TakeAsync(db, TestContext.Current.CancellationToken);
        Assert.False(submission.IsCompleted);
        reservation.Dispose();
        var submitting = await submission;

        // The reservation's next step asks again at once: it waits until the submission is done.
        var nextStep = turns.TakeAsync(db, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(nextStep.IsCompleted);
        submitting!.Dispose();
        using var stepping = await nextStep.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.NotNull(stepping);

        // Ending a turn twice does not let two writers in.
        submitting.Dispose();
        var third = turns.TakeAsync(db, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_no_turn_and_takes_none_from_others()
    {
        await using var db = Sqlite();
        using var turns = new WriterTurns();
        var held = await turns.TakeAsync(db, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var waiting = turns.TakeAsync(db, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held!.Dispose();
        using var next = await turns
            .TakeAsync(db, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task PostgreSQL_writers_take_no_turn()
    {
        var builder = new DbContextOptionsBuilder<IntakeDb>();
        builder.UseNpgsql("Host=127.0.0.1;Database=unused");
        await using var db = new IntakeDb(builder.Options);
        using var turns = new WriterTurns();
        Assert.Null(await turns.TakeAsync(db, TestContext.Current.CancellationToken));
        Assert.Null(await turns.TakeAsync(db, TestContext.Current.CancellationToken));
    }

    private IntakeDb Sqlite()
    {
        var builder = new DbContextOptionsBuilder<IntakeDb>();
        builder.Use(Path.Combine(folder, "intake.db"));
        return new IntakeDb(builder.Options);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
