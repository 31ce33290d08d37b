using System.Text.Json;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Audit;

/// <summary>Appends entries to the audit chain inside the caller's write transaction (see <see cref="WriteTransaction"/>).</summary>
public sealed class AuditLog(CaseworkDb db, TimeProvider time)
{
    public const string SystemActor = "system";
    public const string TransferActor = "transfer";

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    private AuditEntry? lastPending;

    public async Task<AuditEntry> AppendAsync(string actor, string? actorOffice, string action, string? caseId, object? details, CancellationToken cancellationToken)
    {
        var (sequence, hash) = await TailAsync(cancellationToken);
        var entry = new AuditEntry
        {
            Sequence = sequence + 1,
            At = time.GetUtcNow(),
            Actor = actor,
            ActorOffice = actorOffice,
            Action = action,
            CaseId = caseId,
            Details = details is null ? "{}" : JsonSerializer.Serialize(details, DetailsJson),
            PreviousHash = hash,
            Hash = "",
        };
        entry.Hash = AuditChain.HashOf(entry);
        db.AuditEntries.Add(entry);
        lastPending = entry;
        return entry;
    }

    private async Task<(long Sequence, string Hash)> TailAsync(CancellationToken cancellationToken)
    {
        // Several entries may be appended before one SaveChanges: the newest unsaved one is the tail.
        if (lastPending is not null && db.Entry(lastPending).State == EntityState.Added)
        {
            return (lastPending.Sequence, lastPending.Hash);
        }

        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        return last is null ? (0, AuditChain.Genesis) : (last.Sequence, last.Hash);
    }
}
