using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>
/// Flags possible malicious repetition for a person to judge (issue 17, item 4): many reports from one contact received
/// by one office (<see cref="RepetitionThresholds.ContactReports"/> within
/// <see cref="RepetitionThresholds.ContactDays"/> days), or follow-ups flooding one receipt
/// (<see cref="RepetitionThresholds.FollowUps"/> within <see cref="RepetitionThresholds.FollowUpHours"/> hours). A
/// flag is cleared by a person as genuine (<see cref="JudgeGenuineAsync"/>), or the cases are not accepted with the
/// reason <c>abusive</c>.
/// </summary>
/// <remarks>Security: reports are matched on a keyed hash of the phone (<see cref="ContactHashing"/>), written beside
/// the identity and purged with it, so no readable list of who reported how often is built. Counting is per office
/// holding the cases: an office is flagged only for its own cases and never learns that a case held elsewhere shares
/// the contact (the national office finds cross-province matters through <c>cross-province</c>). The trail records the
/// kind and the count, never the phone or its hash.</remarks>
public sealed class RepetitionWatch(
    CaseworkDb db,
    ContactHashing hashing,
    AuditLog audit,
    RepetitionThresholds thresholds,
    Jurisdiction jurisdiction,
    TimeProvider time
)
{
    public const string ByContact = "contact";
    public const string ByFollowUps = "follow-ups";
    public static readonly IReadOnlyList<string> Kinds = [ByContact, ByFollowUps];

    /// <summary>The judgement that clears a flag; the other, <c>abusive</c>, is the existing <c>reject</c>.</summary>
    public const string Genuine = "genuine";

    public const int HashBatch = 5_000;

    /// <summary>Hashes the contacts not yet hashed, then flags what the thresholds catch; returns the cases
    /// flagged.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await HashContactsAsync(db, hashing, cancellationToken);
        var now = time.GetUtcNow();
        var flags = new Dictionary<string, (string Kind, int Count, DateTimeOffset Latest)>(StringComparer.Ordinal);
        foreach (var (caseId, count, latest) in await ByContactAsync(now, cancellationToken))
        {
            flags[caseId] = (ByContact, count, latest);
        }

        foreach (var (caseId, count, latest) in await ByFollowUpsAsync(now, cancellationToken))
        {
            flags.TryAdd(caseId, (ByFollowUps, count, latest));
        }

        if (flags.Count == 0)
        {
            return 0;
        }

        var ids = flags.Keys.ToList();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var cases = await db
            .Cases.Where(c =>
                EF.Parameter(ids).Contains(c.Id)
                && c.RepetitionFlaggedAt == null
                && c.Status != CaseStatus.Closed
                && c.Status != CaseStatus.Merged
                && c.Status != CaseStatus.NotAccepted
            )
            .ToListAsync(cancellationToken);
        var flagged = 0;
        foreach (var c in cases.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var (kind, count, latest) = flags[c.Id];
            // Judged genuine: flagged again only for repetition that arrived after the judgement.
            if (c.RepetitionJudgedAt is { } judged && latest <= judged)
            {
                continue;
            }

            (c.RepetitionFlaggedAt, c.RepetitionKind, c.RepetitionCount) = (now, kind, count);
            await audit.AppendAsync(
                AuditLog.SystemActor,
                null,
                AuditActions.CaseRepetitionFlagged,
                c.Id,
                new
                {
                    kind,
                    count,
                    within = kind == ByContact ? $"{thresholds.ContactDays}d" : $"{thresholds.FollowUpHours}h",
                },
                cancellationToken
            );
            flagged++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return flagged;
    }

    /// <summary>Judges the repetition flag of tracked <paramref name="cases"/> again after their reports or their
    /// office changed (a merge, an unmerge, a transfer), from the reports each holds now and the office it is in now
    /// (perhaps not saved yet): flagged when the thresholds catch it (a new flag is recorded as
    /// <see cref="RunAsync"/> records one), the kind and count brought up to date when still caught, and cleared when
    /// no longer caught. Saved with the caller's step. Returns the case ids whose flag changed.</summary>
    /// <remarks>Counting stays per office: a case moved to another office is counted with that office's reports from
    /// the same contact, never with those of the office it left. A judgement of genuine stands for what it
    /// saw.</remarks>
    public async Task<IReadOnlyList<string>> RejudgeAsync(
        IReadOnlyCollection<CaseRecord> cases,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        var found = await CaughtAsync(cases, now, cancellationToken);
        var changed = new List<string>();
        foreach (var c in cases)
        {
            var open =
                c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged && c.Status != CaseStatus.NotAccepted;
            var caught =
                open
                && found.TryGetValue(c.Id, out var f)
                && !(c.RepetitionJudgedAt is { } judged && f.Latest <= judged);
            if (caught)
            {
                var (kind, count, _) = found[c.Id];
                if (c.RepetitionFlaggedAt is null)
                {
                    c.RepetitionFlaggedAt = now;
                    await audit.AppendAsync(
                        AuditLog.SystemActor,
                        null,
                        AuditActions.CaseRepetitionFlagged,
                        c.Id,
                        new
                        {
                            kind,
                            count,
                            within = kind == ByContact ? $"{thresholds.ContactDays}d" : $"{thresholds.FollowUpHours}h",
                        },
                        cancellationToken
                    );
                }

                if ((c.RepetitionKind, c.RepetitionCount) != (kind, count))
                {
                    changed.Add(c.Id);
                }

                (c.RepetitionKind, c.RepetitionCount) = (kind, count);
            }
            else if (c.RepetitionFlaggedAt is not null)
            {
                (c.RepetitionFlaggedAt, c.RepetitionKind, c.RepetitionCount) = (null, null, null);
                changed.Add(c.Id);
            }
        }

        return changed;
    }

    /// <summary>Of <paramref name="cases"/>, those the thresholds catch now, each with the kind, the count and the
    /// latest import among the reports counted: by contact first, as <see cref="RunAsync"/> does.</summary>
    private async Task<Dictionary<string, (string Kind, int Count, DateTimeOffset Latest)>> CaughtAsync(
        IReadOnlyCollection<CaseRecord> cases,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var ids = cases.Select(c => c.Id).ToList();
        var offices = cases.ToDictionary(c => c.Id, c => c.OfficeCode, StringComparer.Ordinal);
        var since = now.AddDays(-thresholds.ContactDays);
        var hashes = await (
            from i in db.ReporterIdentities.AsNoTracking()
            where i.ContactHash != null
            join r in db.Reports.AsNoTracking() on i.ReportId equals r.Id
            where EF.Parameter(ids).Contains(r.CaseId) && r.ReceivedAt >= since
            select i.ContactHash!
        )
            .Distinct()
            .ToListAsync(cancellationToken);
        var members = await (
            from i in db.ReporterIdentities.AsNoTracking()
            where EF.Parameter(hashes).Contains(i.ContactHash!)
            join r in db.Reports.AsNoTracking() on i.ReportId equals r.Id
            where r.ReceivedAt >= since
            join c in db.Cases.AsNoTracking() on r.CaseId equals c.Id
            select new
            {
                Hash = i.ContactHash!,
                c.OfficeCode,
                CaseId = c.Id,
                r.ImportedAt,
            }
        ).ToListAsync(cancellationToken);
        var found = new Dictionary<string, (string Kind, int Count, DateTimeOffset Latest)>(StringComparer.Ordinal);
        // The cases' offices as they are now: a transfer is saved only with its step.
        var groups = members
            .GroupBy(m => (m.Hash, Office: offices.GetValueOrDefault(m.CaseId, m.OfficeCode)))
            .Where(g => g.Count() >= thresholds.ContactReports);
        foreach (var g in groups)
        {
            var (count, latest) = (g.Count(), g.Max(m => m.ImportedAt));
            foreach (var caseId in g.Select(m => m.CaseId).Distinct().Where(offices.ContainsKey))
            {
                if (!found.TryGetValue(caseId, out var earlier) || earlier.Count < count)
                {
                    found[caseId] = (ByContact, count, latest);
                }
            }
        }

        var followUpsSince = now.AddHours(-thresholds.FollowUpHours);
        var followUps = await (
            from f in db.FollowUps.AsNoTracking()
            where f.ReceivedAt >= followUpsSince
            join r in db.Reports.AsNoTracking() on f.ReportId equals r.Id
            where EF.Parameter(ids).Contains(r.CaseId)
            select new
            {
                f.ReportId,
                r.CaseId,
                f.ImportedAt,
            }
        ).ToListAsync(cancellationToken);
        foreach (var g in followUps.GroupBy(f => (f.ReportId, f.CaseId)).Where(g => g.Count() >= thresholds.FollowUps))
        {
            if (!found.ContainsKey(g.Key.CaseId))
            {
                found[g.Key.CaseId] = (ByFollowUps, g.Count(), g.Max(f => f.ImportedAt));
            }
        }

        return found;
    }

    /// <summary>A person judged the repetition on a case genuine: the flag is cleared and the judgement recorded
    /// (<c>case.repetition-judged</c>). Null when done; otherwise the HTTP status that refuses it: 404 outside the
    /// jurisdiction, 403 for a role that may not accept or reject, 409 when the case carries no flag.</summary>
    public async Task<int?> JudgeGenuineAsync(
        StaffPrincipal staff,
        string caseId,
        string? reason,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var c = await jurisdiction.Filter(db.Cases, staff).SingleOrDefaultAsync(x => x.Id == caseId, cancellationToken);
        if (c is null)
        {
            return StatusCodes.Status404NotFound;
        }

        if (!MayJudge(staff.Role))
        {
            return StatusCodes.Status403Forbidden;
        }

        if (c.RepetitionFlaggedAt is null)
        {
            return StatusCodes.Status409Conflict;
        }

        await audit.AppendAsync(
            staff.Login,
            staff.OfficeCode,
            AuditActions.CaseRepetitionJudged,
            c.Id,
            new
            {
                judgement = Genuine,
                kind = c.RepetitionKind,
                count = c.RepetitionCount,
                flaggedAt = c.RepetitionFlaggedAt,
                reason,
            },
            cancellationToken
        );
        (c.RepetitionFlaggedAt, c.RepetitionJudgedAt) = (null, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Who judges a flag: those who accept and reject cases (a flag is a question about accepting).</summary>
    public static bool MayJudge(string role) => CasePermissions.MayTake(role, CaseAction.Reject);

    /// <summary>Every identity with a phone and no hash yet gets one; an identity whose phone changes loses its hash
    /// (<c>Transfer/ReporterRequests</c>) and is hashed again here.</summary>
    public static async Task HashContactsAsync(
        CaseworkDb db,
        ContactHashing hashing,
        CancellationToken cancellationToken
    )
    {
        while (true)
        {
            var batch = await db
                .ReporterIdentities.Where(i => i.ContactHash == null && i.Phone != null && i.Phone != "")
                .Take(HashBatch)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var identity in batch)
            {
                identity.ContactHash = hashing.Hash(identity.Phone);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The cases holding reports from one contact that one office received at least the threshold's number
    /// of within its days, with the count and the latest import among them.</summary>
    private async Task<List<(string CaseId, int Count, DateTimeOffset Latest)>> ByContactAsync(
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var since = now.AddDays(-thresholds.ContactDays);
        var rows = await (
            from i in db.ReporterIdentities.AsNoTracking()
            where i.ContactHash != null
            join r in db.Reports.AsNoTracking() on i.ReportId equals r.Id
            where r.ReceivedAt >= since
            join c in db.Cases.AsNoTracking() on r.CaseId equals c.Id
            group r by new { i.ContactHash, c.OfficeCode } into g
            where g.Count() >= thresholds.ContactReports
            select new { g.Key.ContactHash, g.Key.OfficeCode }
        ).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var hashes = rows.Select(g => g.ContactHash!).Distinct().ToList();
        var groups = rows.Select(g => (g.ContactHash!, g.OfficeCode)).ToHashSet();
        var members = await (
            from i in db.ReporterIdentities.AsNoTracking()
            where EF.Parameter(hashes).Contains(i.ContactHash!)
            join r in db.Reports.AsNoTracking() on i.ReportId equals r.Id
            where r.ReceivedAt >= since
            join c in db.Cases.AsNoTracking() on r.CaseId equals c.Id
            select new
            {
                Hash = i.ContactHash!,
                c.OfficeCode,
                CaseId = c.Id,
                r.ImportedAt,
            }
        ).ToListAsync(cancellationToken);
        return
        [
            .. members
                .Where(m => groups.Contains((m.Hash, m.OfficeCode)))
                .GroupBy(m => (m.Hash, m.OfficeCode))
                .SelectMany(g =>
                    g.Select(m => m.CaseId).Distinct().Select(id => (id, g.Count(), g.Max(m => m.ImportedAt)))
                ),
        ];
    }

    /// <summary>The cases holding a report whose receipt sent at least the threshold's number of follow-ups within its
    /// hours.</summary>
    private async Task<List<(string CaseId, int Count, DateTimeOffset Latest)>> ByFollowUpsAsync(
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var since = now.AddHours(-thresholds.FollowUpHours);
        var rows = await (
            from f in db.FollowUps.AsNoTracking()
            where f.ReceivedAt >= since
            group f by f.ReportId into g
            where g.Count() >= thresholds.FollowUps
            select new { ReportId = g.Key, Count = g.Count() }
        ).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var reportIds = rows.Select(r => r.ReportId).ToList();
        var latest = (
            await db
                .FollowUps.AsNoTracking()
                .Where(f => EF.Parameter(reportIds).Contains(f.ReportId) && f.ReceivedAt >= since)
                .Select(f => new { f.ReportId, f.ImportedAt })
                .ToListAsync(cancellationToken)
        )
            .GroupBy(f => f.ReportId)
            .ToDictionary(g => g.Key, g => g.Max(f => f.ImportedAt));
        var cases = await db
            .Reports.AsNoTracking()
            .Where(r => EF.Parameter(reportIds).Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.CaseId, cancellationToken);
        return
        [
            .. rows.Where(r => cases.ContainsKey(r.ReportId))
                .Select(r => (cases[r.ReportId], r.Count, latest[r.ReportId])),
        ];
    }
}
