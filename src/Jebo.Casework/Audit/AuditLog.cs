using System.Text.Json;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Audit;

/// <summary>Appends entries to the audit chain inside the caller's write transaction (see
/// <see cref="WriteTransaction"/>); only actions of the catalog (<see cref="AuditActions"/>), anything else
/// throws.</summary>
public sealed class AuditLog(CaseworkDb db, TimeProvider time)
{
    public const string SystemActor = "system";
    public const string TransferActor = "transfer";

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    private AuditEntry? lastPending;

    public async Task<AuditEntry> AppendAsync(
        string actor,
        string? actorOffice,
        string action,
        string? caseId,
        object? details,
        CancellationToken cancellationToken
    )
    {
        AuditActions.Check(action);
        var (sequence, hash) = await TailAsync(cancellationToken);
        var entry = new AuditEntry
        {
            Sequence = sequence + 1,
            At = time.GetUtcNow(),
            Actor = actor,
            ActorOffice = actorOffice,
            Action = action,
            CaseId = caseId,
            Details = Stored(details),
            PreviousHash = hash,
            Hash = "",
        };
        entry.Hash = AuditChain.HashOf(entry);
        db.AuditEntries.Add(entry);
        lastPending = entry;
        return entry;
    }

    /// <summary>
    /// Chains many entries at once for a caller that inserts them itself (the bundle importer's batched insert): they
    /// follow the current tail and each other, and are not tracked. The caller inserts them in the same write
    /// transaction before appending anything else.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ChainAsync(
        IEnumerable<AuditEvent> events,
        CancellationToken cancellationToken
    )
    {
        events = [.. events];
        foreach (var e in events)
        {
            AuditActions.Check(e.Action);
        }

        var (sequence, hash) = await TailAsync(cancellationToken);
        var at = time.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var e in events)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence,
                At = at,
                Actor = e.Actor,
                ActorOffice = e.ActorOffice,
                Action = e.Action,
                CaseId = e.CaseId,
                Details = Stored(e.Details),
                PreviousHash = hash,
                Hash = "",
            };
            entry.Hash = hash = AuditChain.HashOf(entry);
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// Details serialised as an entry stores them, ahead of chaining: chaining many entries is sequential (each hash
    /// covers the one before), serialising their details is not, so a caller with thousands (screening) prepares them
    /// on every core and passes the result as <see cref="AuditEvent.Details"/>.
    /// </summary>
    public static PreparedDetails Prepare(object? details) => new(Stored(details));

    private static string Stored(object? details) =>
        details switch
        {
            null => "{}",
            PreparedDetails prepared => prepared.Json,
            _ => JsonSerializer.Serialize(details, DetailsJson),
        };

    private async Task<(long Sequence, string Hash)> TailAsync(CancellationToken cancellationToken)
    {
        // Several entries may be appended before one SaveChanges: the newest unsaved one is the tail.
        if (lastPending is not null && db.Entry(lastPending).State == EntityState.Added)
        {
            return (lastPending.Sequence, lastPending.Hash);
        }

        var last = await db
            .AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? (0, AuditChain.Genesis) : (last.Sequence, last.Hash);
    }
}

/// <summary>One thing to record in the audit log, before it is chained.</summary>
public sealed record AuditEvent(string Actor, string? ActorOffice, string Action, string? CaseId, object? Details);

/// <summary>An entry's details already in their stored form (<see cref="AuditLog.Prepare"/>).</summary>
public sealed class PreparedDetails
{
    internal PreparedDetails(string json) => Json = json;

    public string Json { get; }
}
