using Jebo.Storage;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jebo.Casework.Data;

/// <summary>Begins a transaction that writes the audit chain: one writer at a time, so two appends never take the same
/// place in the chain (see <see cref="ExclusiveTransaction"/> for how each database serialises them). The chain's
/// primary key on the sequence number is the second line: a lost race fails the commit, it never forks the
/// chain.</summary>
public static class WriteTransaction
{
    public static readonly long AuditLockKey = ExclusiveTransaction.Key("JEBOAUDT");

    public static Task<IDbContextTransaction> BeginAsync(CaseworkDb db, CancellationToken cancellationToken) =>
        ExclusiveTransaction.BeginAsync(db, AuditLockKey, cancellationToken);
}
