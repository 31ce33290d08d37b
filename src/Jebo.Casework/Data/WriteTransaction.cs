using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jebo.Casework.Data;

/// <summary>Begins a transaction that writes the audit chain: one writer at a time, so two appends never take the same
/// place in the chain. SQLite's <c>BEGIN IMMEDIATE</c> already serialises writers; PostgreSQL takes an advisory lock.</summary>
public static class WriteTransaction
{
    private const long AuditLockKey = 0x4A45424F_41554454; // "JEBOAUDT"

    public static async Task<IDbContextTransaction> BeginAsync(CaseworkDb db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditLockKey})", cancellationToken);
        }

        return transaction;
    }
}
