using System.Globalization;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Storage.Background;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Audit;

/// <summary>A security alert for the staff application: what, who or what it concerns, and how bad; for a count over
/// a threshold, the count, the threshold and the window it was counted over ("day" or "hour"), so the pages can say it
/// in the reader's language. <paramref name="Message"/> is in English, for the operator's relay and logs;
/// <paramref name="Words"/> says the same in the reader's language.</summary>
public sealed record SecurityAlert(
    string Kind,
    string Severity,
    string Subject,
    string Message,
    DateTimeOffset Since,
    int? Count = null,
    int? Threshold = null,
    string? Window = null,
    [property: System.Text.Json.Serialization.JsonIgnore] AlertWords? Words = null
)
{
    /// <summary>The kinds of alert there are.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        AuditActions.CaseViewed,
        AuditActions.IdentityViewed,
        AuditActions.SignInFailed,
        AuditActions.TransferQuarantined,
        SecurityAlerts.ChainBroken,
        SecurityAlerts.BackgroundFailing,
        AuditActions.AccountApproved,
        AuditActions.AccountApprovalRefused,
        AuditActions.AccountBreakGlass,
    ];
}

/// <summary>The staff text (<c>AlertText.*</c> in <c>Localization/StaffText</c>) that says an alert's message in the
/// reader's language, and what goes in its places; the pages and the API read it (this folder comes before
/// Localization). <see cref="English"/> is the same message for the operator's relay, from the English texts kept
/// here.</summary>
public sealed record AlertWords(string Key, params string[] Args)
{
    private static readonly Dictionary<string, string> EnglishTexts = new(StringComparer.Ordinal)
    {
        ["AlertText.day." + AuditActions.CaseViewed] = "{0}: {1} cases opened in the last 24 hours (threshold {2})",
        ["AlertText.day." + AuditActions.IdentityViewed] =
            "{0}: {1} reporter identities shown in the last 24 hours (threshold {2})",
        ["AlertText.day." + AuditActions.SignInFailed] =
            "{0}: {1} failed sign-ins in the last 24 hours (threshold {2})",
        ["AlertText.hour." + AuditActions.IdentityViewed] =
            "{0}: {1} reporter identities shown within an hour (threshold {2})",
        ["AlertText.quarantined"] = "bundle {0} was quarantined: {1}",
        ["AlertText.chain-broken"] = "the audit chain is broken: {0}",
        ["AlertText.account.approved"] = "{0} of {1} ({2}, office {3}): asked by {4}, approved by {5}",
        ["AlertText.account.approval-refused"] = "{0} tried to approve {1} of {2} asked by {3}: {4}",
        ["AlertText.account.changed"] =
            "{0} ({1}, office {2}) was changed with jebo users set on the casework machine: {3}",
        ["AlertText.account.created"] = "{0} ({1}, office {2}) was created with jebo users add on the casework machine",
    };

    /// <summary>The English texts by key, which must equal <c>StaffText.en.resx</c>'s (tested): the trail and the
    /// alert log keep English, and the staff read the resources.</summary>
    public static IReadOnlyDictionary<string, string> EnglishTable => EnglishTexts;

    /// <summary>The message in English.</summary>
    public string English => string.Format(CultureInfo.InvariantCulture, EnglishTexts[Key], Args);
}

/// <summary>Thresholds of the security alerts; the defaults suit an office of a few dozen staff.</summary>
public sealed record AlertThresholds
{
    /// <summary>Cases one person opens in a day before it is worth a look.</summary>
    public int CaseViewsPerDay { get; init; } = 200;

    /// <summary>Reporter identities one person reveals in a day.</summary>
    public int IdentityViewsPerDay { get; init; } = 20;

    /// <summary>Reporter identities one person reveals within an hour: a burst is the pattern of someone unmasking
    /// reporters in bulk, whatever purposes they typed.</summary>
    public int IdentityViewsPerHour { get; init; } = 5;

    /// <summary>Failed sign-ins for one login in a day.</summary>
    public int FailedSignInsPerDay { get; init; } = 5;
}

/// <summary>
/// Reads the audit log and the transfer state for signs of trouble: someone opening unusually many cases or identities,
/// repeated failed sign-ins, a quarantined bundle, a broken chain since the last signed checkpoint, and a periodic loop
/// (transfer, escalation, checkpoints) that keeps failing.
/// </summary>
/// <remarks>Security: insiders are the likeliest leak of a reporter's identity; bulk viewing is the pattern a leak
/// leaves, and it is recorded whatever role did it, so the alert reads the log rather than trusting any role.</remarks>
public sealed class SecurityAlerts(
    CaseworkDb db,
    TimeProvider time,
    AlertThresholds thresholds,
    BackgroundLoops loops,
    AuditCheckpointFile checkpointFile,
    CaseworkKeys keys
)
{
    /// <summary>The alert kinds that are no audit action: the chain's own check and the periodic loops. The other kinds
    /// are the catalog's actions (<see cref="AuditActions"/>) whose entries the alerts count.</summary>
    public const string ChainBroken = "audit.broken";

    public const string BackgroundFailing = "background.failing";

    public async Task<IReadOnlyList<SecurityAlert>> CurrentAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-1);
        var alerts = new List<SecurityAlert>();
        var counts = await db
            .AuditEntries.AsNoTracking()
            .Where(e =>
                e.At >= since
                && (
                    e.Action == AuditActions.CaseViewed
                    || e.Action == AuditActions.IdentityViewed
                    || e.Action == AuditActions.SignInFailed
                )
            )
            .GroupBy(e => new { e.Actor, e.Action })
            .Select(g => new
            {
                g.Key.Actor,
                g.Key.Action,
                Count = g.Count(),
            })
            .ToListAsync(cancellationToken);
        foreach (var row in counts)
        {
            var (limit, severity) = row.Action switch
            {
                AuditActions.CaseViewed => (thresholds.CaseViewsPerDay, "warning"),
                AuditActions.IdentityViewed => (thresholds.IdentityViewsPerDay, "critical"),
                _ => (thresholds.FailedSignInsPerDay, "warning"),
            };
            if (row.Count > limit)
            {
                var words = new AlertWords("AlertText.day." + row.Action, row.Actor, Number(row.Count), Number(limit));
                alerts.Add(
                    new SecurityAlert(
                        row.Action,
                        severity,
                        row.Actor,
                        words.English,
                        since,
                        row.Count,
                        limit,
                        "day",
                        words
                    )
                );
            }
        }

        var hourAgo = time.GetUtcNow().AddHours(-1);
        var bursts = await db
            .AuditEntries.AsNoTracking()
            .Where(e => e.At >= hourAgo && e.Action == AuditActions.IdentityViewed)
            .GroupBy(e => e.Actor)
            .Select(g => new { Actor = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var burst in bursts.Where(b => b.Count > thresholds.IdentityViewsPerHour))
        {
            var words = new AlertWords(
                "AlertText.hour." + AuditActions.IdentityViewed,
                burst.Actor,
                Number(burst.Count),
                Number(thresholds.IdentityViewsPerHour)
            );
            alerts.Add(
                new SecurityAlert(
                    AuditActions.IdentityViewed,
                    "critical",
                    burst.Actor,
                    words.English,
                    hourAgo,
                    burst.Count,
                    thresholds.IdentityViewsPerHour,
                    "hour",
                    words
                )
            );
        }

        alerts.AddRange(await AccountAlertsAsync(since, cancellationToken));
        foreach (
            var bundle in await db
                .QuarantinedBundles.AsNoTracking()
                .Where(b => b.ResolvedAt == null)
                .OrderBy(b => b.At)
                .ToListAsync(cancellationToken)
        )
        {
            var words = new AlertWords("AlertText.quarantined", bundle.FileName, bundle.Reason);
            alerts.Add(
                new SecurityAlert(
                    AuditActions.TransferQuarantined,
                    "critical",
                    bundle.FileName,
                    words.English,
                    bundle.At,
                    Words: words
                )
            );
        }

        if (await TailBreakAsync(cancellationToken) is { } problem)
        {
            var words = new AlertWords("AlertText.chain-broken", problem);
            alerts.Add(
                new SecurityAlert(ChainBroken, "critical", "audit log", words.English, time.GetUtcNow(), Words: words)
            );
        }

        // Reports stop crossing, cases stop escalating or checkpoints stop while a loop fails: until it recovers.
        foreach (var loop in loops.Failing)
        {
            alerts.Add(
                new SecurityAlert(
                    BackgroundFailing,
                    "critical",
                    loop.Name,
                    loop.Describe(),
                    loop.FailingSince ?? time.GetUtcNow()
                )
            );
        }

        return alerts;
    }

    /// <summary>The account chains of the last day that let someone read identities: a privileged account created,
    /// promoted or reset with a second administrator's approval, an administrator trying to approve their own request
    /// (or to promote an account whose credentials they set), and a privileged account made on the machine
    /// itself.</summary>
    private async Task<IEnumerable<SecurityAlert>> AccountAlertsAsync(
        DateTimeOffset since,
        CancellationToken cancellationToken
    )
    {
        var entries = await db
            .AuditEntries.AsNoTracking()
            .Where(e =>
                e.At >= since
                && (
                    e.Action == AuditActions.AccountApproved
                    || e.Action == AuditActions.AccountApprovalRefused
                    || e.Action == AuditActions.AccountBreakGlass
                )
            )
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return entries
            .Select(e =>
                (
                    Entry: e,
                    Details: System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(e.Details)
                )
            )
            .Where(x =>
                x.Entry.Action != AuditActions.AccountBreakGlass
                || (
                    x.Details.ValueKind == System.Text.Json.JsonValueKind.Object
                    && x.Details.TryGetProperty("privileged", out var privileged)
                    && privileged.ValueKind == System.Text.Json.JsonValueKind.True
                )
            )
            .Select(x => (x.Entry, x.Details, Words: AccountWords(x.Entry, x.Details)))
            .Select(x => new SecurityAlert(
                x.Entry.Action,
                x.Entry.Action == AuditActions.AccountApprovalRefused ? "critical" : "warning",
                Text(x.Details, "login"),
                x.Words.English,
                x.Entry.At,
                Words: x.Words
            ));
    }

    private static AlertWords AccountWords(AuditEntry entry, System.Text.Json.JsonElement details)
    {
        var (login, role, office) = (Text(details, "login"), Text(details, "role"), Text(details, "office"));
        return entry.Action switch
        {
            AuditActions.AccountApproved => new(
                "AlertText.account.approved",
                Text(details, "kind"),
                login,
                role,
                office,
                Text(details, "requestedBy"),
                entry.Actor
            ),
            AuditActions.AccountApprovalRefused => new(
                "AlertText.account.approval-refused",
                entry.Actor,
                Text(details, "kind"),
                login,
                Text(details, "requestedBy"),
                Text(details, "reason")
            ),
            _ when Text(details, "change") is { Length: > 0 } change => new(
                "AlertText.account.changed",
                login,
                role,
                office,
                change
            ),
            _ => new("AlertText.account.created", login, role, office),
        };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(System.Text.Json.JsonElement details, string name) =>
        details.ValueKind == System.Text.Json.JsonValueKind.Object
        && details.TryGetProperty(name, out var value)
        && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString()!
            : "";

    /// <summary>Checks the chain from the last signed checkpoint to the head: cheap enough for every page view of
    /// alerts. The last checkpoint is the later of the database's and the checkpoint file's, so deleting the database's
    /// checkpoints and rehashing the chain still breaks against the file.</summary>
    private async Task<string?> TailBreakAsync(CancellationToken cancellationToken)
    {
        var stored = await db
            .AuditCheckpoints.AsNoTracking()
            .OrderByDescending(c => c.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
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
            return string.Create(
                CultureInfo.InvariantCulture,
                $"the checkpoint file is missing or empty, yet the database holds checkpoints up to entry "
                    + $"{stored.Sequence}"
            );
        }

        var checkpoint = filed is not null && (stored is null || filed.Sequence >= stored.Sequence) ? filed : stored;
        return await AuditCheckpoints.BreakSinceAsync(db, checkpoint, cancellationToken);
    }
}
