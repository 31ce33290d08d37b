using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jebo.Storage;

/// <summary>A transaction that only one writer at a time may hold for a given purpose, across every process sharing
/// the database: several intake nodes on one PostgreSQL, or two processes on one SQLite file.</summary>
/// <remarks>
/// SQLite: Microsoft.Data.Sqlite begins transactions with <c>BEGIN IMMEDIATE</c>, which takes the database's single
/// write lock at once, so every such transaction is already exclusive (the key is not needed).
/// PostgreSQL: <c>pg_advisory_xact_lock(key)</c> waits for any other holder of the same key and is released by commit
/// or rollback, also when a node dies (its connection closes). Under READ COMMITTED each statement after the lock sees
/// everything the previous holder committed, so a reader of "the last sequence" inside it cannot see a stale one.
/// Advisory locks are scoped to one database, so the two zones' keys never meet.
/// </remarks>
public static class ExclusiveTransaction
{
    public static async Task<IDbContextTransaction> BeginAsync(
        DbContext db,
        long key,
        CancellationToken cancellationToken
    )
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }

        return transaction;
    }

    /// <summary>A lock key from eight ASCII characters, so keys read as words in <c>pg_locks</c>.</summary>
    public static long Key(string eightCharacters)
    {
        if (eightCharacters.Length != 8 || eightCharacters.Any(c => c > 0x7F))
        {
            throw new ArgumentException("a lock key is eight ASCII characters", nameof(eightCharacters));
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(
            System.Text.Encoding.ASCII.GetBytes(eightCharacters)
        );
    }
}
