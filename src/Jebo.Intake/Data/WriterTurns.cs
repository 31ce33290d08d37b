using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Data;

/// <summary>The big writers of one intake process — the group commit of submissions, each step of a bundle's
/// reservation, the application of a status bundle — take turns at SQLite's write lock, in the order they asked.
/// On PostgreSQL writers do not wait for one another, and no turn is taken.</summary>
/// <remarks>SQLite admits one writer at a time, and a writer that finds the lock taken sleeps and tries again, up to
/// 100 ms between tries (its busy handler). A writer that comes back at once, as a reservation's next step does, would
/// find the lock taken again and again, while submissions waited behind it for seconds (docs/benchmarks.md). Taking
/// turns here, the waiting writer is next as soon as the lock is free. Other processes on the same file (the command
/// line) still wait in SQLite's busy handler, as before.</remarks>
public sealed class WriterTurns : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>Waits for this writer's turn on SQLite (null on PostgreSQL); disposing it ends the turn, after the
    /// writer's transaction has ended.</summary>
    public async Task<IDisposable?> TakeAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        await turn.WaitAsync(cancellationToken);
        return new Turn(turn);
    }

    public void Dispose() => turn.Dispose();

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
