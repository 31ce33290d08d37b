using Microsoft.EntityFrameworkCore;

namespace Jebo.Storage;

/// <summary>Runs a purge so that what it deletes is gone from the database files, not only from its rows: both zones'
/// retention rounds purge through here.</summary>
/// <remarks>Security: on SQLite the purge runs on one connection with <c>secure_delete</c> on, so freed space is
/// overwritten with zeros, and ends with a truncating WAL checkpoint, since page images of the purged rows also sit
/// in the write-ahead log until it is checkpointed and cut. On PostgreSQL the purge runs as it is: old row versions
/// stay in the data files until vacuum reuses their space (docs/operations.md, "Retention").</remarks>
public static class SecureDeletion
{
    public static Task RunAsync(DbContext db, Func<Task> purge, CancellationToken cancellationToken) =>
        RunAsync(
            db,
            async () =>
            {
                await purge();
                return true;
            },
            cancellationToken
        );

    public static async Task<T> RunAsync<T>(DbContext db, Func<Task<T>> purge, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await purge();
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", cancellationToken);
            return await purge();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
