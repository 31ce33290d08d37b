using System.Globalization;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Audit;

/// <summary>A security alert for the staff application: what, who or what it concerns, and how bad; for a count over
/// a threshold, the count and the threshold (so the pages can say it in the reader's language).</summary>
public sealed record SecurityAlert(string Kind, string Severity, string Subject, string Message, DateTimeOffset Since, int? Count = null, int? Threshold = null)
{
    /// <summary>The kinds of alert there are.</summary>
    public static readonly IReadOnlyList<string> Kinds = [SecurityAlerts.CaseViewed, SecurityAlerts.IdentityViewed, SecurityAlerts.SignInFailed, SecurityAlerts.Quarantined, SecurityAlerts.ChainBroken];
}

/// <summary>Thresholds of the security alerts; the defaults suit an office of a few dozen staff.</summary>
public sealed record AlertThresholds
{
    /// <summary>Cases one person opens in a day before it is worth a look.</summary>
    public int CaseViewsPerDay { get; init; } = 200;

    /// <summary>Reporter identities one person reveals in a day.</summary>
    public int IdentityViewsPerDay { get; init; } = 20;

    /// <summary>Failed sign-ins for one login in a day.</summary>
    public int FailedSignInsPerDay { get; init; } = 5;
}

/// <summary>
/// Reads the audit log and the transfer state for signs of trouble: someone opening unusually many cases or identities,
/// repeated failed sign-ins, a quarantined bundle, and a broken chain since the last signed checkpoint.
/// </summary>
/// <remarks>Security: insiders are the likeliest leak of a reporter's identity; bulk viewing is the pattern a leak
/// leaves, and it is recorded whatever role did it, so the alert reads the log rather than trusting any role.</remarks>
public sealed class SecurityAlerts(CaseworkDb db, TimeProvider time, AlertThresholds thresholds, AuditCheckpointFile checkpointFile, CaseworkKeys keys)
{
    public const string CaseViewed = "case.viewed";
    public const string IdentityViewed = "identity.viewed";
    public const string SignInFailed = "signin.failed";
    public const string Quarantined = "transfer.quarantined";
    public const string ChainBroken = "audit.broken";

    public async Task<IReadOnlyList<SecurityAlert>> CurrentAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-1);
        var alerts = new List<SecurityAlert>();
        var counts = await db.AuditEntries.AsNoTracking()
            .Where(e => e.At >= since && (e.Action == CaseViewed || e.Action == IdentityViewed || e.Action == SignInFailed))
            .GroupBy(e => new { e.Actor, e.Action })
            .Select(g => new { g.Key.Actor, g.Key.Action, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var row in counts)
        {
            var (limit, what, severity) = row.Action switch
            {
                CaseViewed => (thresholds.CaseViewsPerDay, "cases opened", "warning"),
                IdentityViewed => (thresholds.IdentityViewsPerDay, "reporter identities shown", "critical"),
                _ => (thresholds.FailedSignInsPerDay, "failed sign-ins", "warning"),
            };
            if (row.Count > limit)
            {
                alerts.Add(new SecurityAlert(row.Action, severity, row.Actor,
                    string.Create(CultureInfo.InvariantCulture, $"{row.Actor}: {row.Count} {what} in the last 24 hours (threshold {limit})"), since, row.Count, limit));
            }
        }

        foreach (var bundle in await db.QuarantinedBundles.AsNoTracking().Where(b => b.ResolvedAt == null).OrderBy(b => b.At).ToListAsync(cancellationToken))
        {
            alerts.Add(new SecurityAlert(Quarantined, "critical", bundle.FileName, $"bundle {bundle.FileName} was quarantined: {bundle.Reason}", bundle.At));
        }

        if (await TailBreakAsync(cancellationToken) is { } problem)
        {
            alerts.Add(new SecurityAlert(ChainBroken, "critical", "audit log", $"the audit chain is broken: {problem}", time.GetUtcNow()));
        }

        return alerts;
    }

    /// <summary>Checks the chain from the last signed checkpoint to the head: cheap enough for every page view of alerts.
    /// The last checkpoint is the later of the database's and the checkpoint file's, so deleting the database's
    /// checkpoints and rehashing the chain still breaks against the file.</summary>
    private async Task<string?> TailBreakAsync(CancellationToken cancellationToken)
    {
        var stored = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        AuditCheckpoint? filed;
        try
        {
            filed = checkpointFile.ReadLast(keys.OwnSigning);
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }

        if (filed is null && stored is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the checkpoint file is missing or empty, yet the database holds checkpoints up to entry {stored.Sequence}");
        }

        var checkpoint = filed is not null && (stored is null || filed.Sequence >= stored.Sequence) ? filed : stored;
        return await AuditCheckpoints.BreakSinceAsync(db, checkpoint, cancellationToken);
    }
}
