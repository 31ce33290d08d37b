using System.Text.Json.Nodes;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Screening;
using Jebo.Reference.TimeZones;
using Jebo.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Retention;

/// <summary>What one round purged, or in a dry run would purge, of one closed case.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="Content">Whether its content goes (else only its identities).</param>
/// <param name="Identities">Reporter identities deleted.</param>
/// <param name="Reports">Reports whose content was reduced to their choice fields.</param>
/// <param name="FollowUps">Follow-ups whose text was emptied.</param>
/// <param name="Attachments">Files deleted.</param>
/// <param name="Messages">Messages to the reporter whose text was emptied.</param>
/// <param name="KeptReports">Reports kept because the case they came from is held.</param>
public sealed record CasePurge(
    string CaseId,
    DateTimeOffset ClosedAt,
    bool Content,
    int Identities,
    int Reports,
    int FollowUps,
    int Attachments,
    int Messages,
    int KeptReports
);

/// <summary>One retention round in casework: what went (or would go), and the due cases a hold kept.</summary>
public sealed record CaseworkRetentionResult(bool DryRun, IReadOnlyList<CasePurge> Purges, IReadOnlyList<string> Held);

/// <summary>
/// Purges what closed cases no longer need once their retention periods have passed (<see cref="RetentionPeriods"/>):
/// first the reporters' identities, later the readable content — report text, follow-ups, files, messages to the
/// reporter, the result's summary, the screening's entities and signature. The case row, its reports' ids, times,
/// choice fields and marks, the result, deadlines and the audit chain stay, so statistics count the case and the chain
/// still verifies. A case under a legal hold (<see cref="LegalHolds"/>) is kept, and so is every report that came
/// from a held case by a merge. Each case purged is one audit entry; a dry run changes nothing and writes nothing.
/// </summary>
/// <remarks>Security: purged text must be gone from the database, not only from the rows: the round purges through
/// <see cref="SecureDeletion"/>. The hold is checked again inside each case's write transaction, which holds the
/// same lock as setting a hold, so a hold set during a round is never overtaken by it.</remarks>
public sealed class CaseworkRetention(
    CaseworkDb db,
    AuditLog audit,
    ClueIndex clues,
    CaseworkOptions options,
    PlatformTimeZone zone,
    TimeProvider time,
    ILogger<CaseworkRetention> logger
)
{
    public async Task<CaseworkRetentionResult> RunAsync(bool dryRun, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var periods = options.Retention;
        var identityCutoff = RetentionPeriods.Cutoff(periods.IdentityDays, now, zone);
        var contentCutoff = RetentionPeriods.Cutoff(periods.ContentDays, now, zone);
        var due = await DueAsync(identityCutoff, contentCutoff, cancellationToken);
        var purges = new List<CasePurge>();
        var held = new List<string>();
        async Task PurgeDueAsync()
        {
            foreach (var (caseId, closedAt) in due)
            {
                var content = contentCutoff is { } c && closedAt < c;
                var purge = await PurgeAsync(caseId, closedAt, content, dryRun, actor, cancellationToken);
                if (purge is null)
                {
                    held.Add(caseId);
                }
                else
                {
                    purges.Add(purge);
                }
            }
        }

        if (dryRun || due.Count == 0)
        {
            await PurgeDueAsync();
        }
        else
        {
            await SecureDeletion.RunAsync(db, PurgeDueAsync, cancellationToken);
        }

        if (!dryRun)
        {
            logger.LogInformation(
                "Retention: {Content} closed case(s) purged of content, {Identities} of identities only; {Held} due "
                    + "case(s) kept under a legal hold",
                purges.Count(p => p.Content),
                purges.Count(p => !p.Content),
                held.Count
            );
        }

        return new CaseworkRetentionResult(dryRun, purges, held);
    }

    /// <summary>Closed cases with something due, oldest closing first.</summary>
    private async Task<List<(string CaseId, DateTimeOffset ClosedAt)>> DueAsync(
        DateTimeOffset? identityCutoff,
        DateTimeOffset? contentCutoff,
        CancellationToken cancellationToken
    )
    {
        var due = await db
            .Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.Closed && c.ClosedAt != null)
            .Where(c =>
                (
                    contentCutoff != null
                    && c.ClosedAt < contentCutoff
                    && !db.Retention.Any(r => r.CaseId == c.Id && r.ContentPurgedAt != null)
                )
                || (
                    identityCutoff != null
                    && c.ClosedAt < identityCutoff
                    && !db.Retention.Any(r => r.CaseId == c.Id && r.IdentitiesPurgedAt != null)
                )
            )
            .Select(c => new { c.Id, c.ClosedAt })
            .ToDictionaryAsync(c => c.Id, c => c.ClosedAt!.Value, StringComparer.Ordinal, cancellationToken);
        return [.. due.OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Value))];
    }

    /// <summary>Purges one case in one write transaction; null when a hold keeps it.</summary>
    private async Task<CasePurge?> PurgeAsync(
        string caseId,
        DateTimeOffset closedAt,
        bool content,
        bool dryRun,
        string actor,
        CancellationToken cancellationToken
    )
    {
        // A dry run reads without the write lock: it changes nothing, and a busy zone does not wait for it.
        await using var transaction = dryRun ? null : await WriteTransaction.BeginAsync(db, cancellationToken);
        var reports = await db
            .Reports.AsNoTracking()
            .HeldBy(caseId)
            .Select(r => new { r.Id, r.OriginCaseId })
            .ToListAsync(cancellationToken);
        var origins = reports.Select(r => r.OriginCaseId).OfType<string>().Append(caseId).Distinct().ToList();
        var heldCases = await db
            .Retention.AsNoTracking()
            .Where(r => origins.Contains(r.CaseId) && r.HeldAt != null)
            .Select(r => r.CaseId)
            .ToListAsync(cancellationToken);
        if (heldCases.Contains(caseId))
        {
            return null;
        }

        var ids = reports
            .Where(r => r.OriginCaseId is null || !heldCases.Contains(r.OriginCaseId))
            .Select(r => r.Id)
            .ToList();
        var row = await db.Retention.FirstOrDefaultAsync(r => r.CaseId == caseId, cancellationToken);
        var identities = row?.IdentitiesPurgedAt is null
            ? await db.ReporterIdentities.CountAsync(i => ids.Contains(i.ReportId), cancellationToken)
            : 0;
        var purge = new CasePurge(caseId, closedAt, content, identities, 0, 0, 0, 0, reports.Count - ids.Count);
        if (content)
        {
            purge = purge with
            {
                Reports = ids.Count,
                FollowUps = await db.FollowUps.CountAsync(
                    f => ids.Contains(f.ReportId) && f.Text != "",
                    cancellationToken
                ),
                Attachments = await db.Attachments.CountAsync(a => ids.Contains(a.ReportId), cancellationToken),
                Messages = await db.CaseMessages.CountAsync(m => m.CaseId == caseId && m.Text != "", cancellationToken),
            };
        }

        if (dryRun)
        {
            return purge;
        }

        var now = time.GetUtcNow();
        await db.ReporterIdentities.Where(i => ids.Contains(i.ReportId)).ExecuteDeleteAsync(cancellationToken);
        if (content)
        {
            await PurgeContentAsync(caseId, ids, now, cancellationToken);
        }

        if (row is null)
        {
            row = new CaseRetention { CaseId = caseId };
            db.Retention.Add(row);
        }

        row.IdentitiesPurgedAt ??= now;
        if (content)
        {
            row.ContentPurgedAt = now;
        }

        await audit.AppendAsync(
            actor,
            null,
            content ? AuditActions.RetentionContentPurged : AuditActions.RetentionIdentitiesPurged,
            caseId,
            new
            {
                closedAt,
                identities = purge.Identities,
                reports = purge.Reports,
                followUps = purge.FollowUps,
                attachments = purge.Attachments,
                messages = purge.Messages,
                keptReports = purge.KeptReports,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction!.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (content)
        {
            clues.Forget(ids);
        }

        return purge;
    }

    private async Task PurgeContentAsync(
        string caseId,
        List<Guid> ids,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        foreach (var report in await db.Reports.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            report.Content = Skeleton(report.Content, now);
        }

        await db
            .FollowUps.Where(f => ids.Contains(f.ReportId))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Text, ""), cancellationToken);
        // A follow-up's features hold its words (the keys as written): they go with the text.
        await db.FollowUpScreenings.Where(s => ids.Contains(s.ReportId)).ExecuteDeleteAsync(cancellationToken);
        await Search.SearchIndexing.RemoveAsync(db, ids, cancellationToken);
        var files = db.Attachments.Where(a => ids.Contains(a.ReportId)).Select(a => a.Id);
        await db.AttachmentChunks.Where(c => files.Contains(c.AttachmentId)).ExecuteDeleteAsync(cancellationToken);
        await db.Attachments.Where(a => ids.Contains(a.ReportId)).ExecuteDeleteAsync(cancellationToken);
        await db
            .ReportScreenings.Where(s => ids.Contains(s.ReportId))
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(x => x.Entities, "[]")
                        .SetProperty(x => x.Reasons, "[]")
                        .SetProperty(x => x.Signature, Array.Empty<byte>())
                        .SetProperty(x => x.Keys, "{}")
                        .SetProperty(x => x.Terms, Array.Empty<byte>()),
                cancellationToken
            );
        await db
            .CaseMessages.Where(m => m.CaseId == caseId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, ""), cancellationToken);
        await db
            .Cases.Where(c => c.Id == caseId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ResultSummary, (string?)null), cancellationToken);
    }

    /// <summary>A report's content reduced to what statistics and the case's skeleton read: language, category, region
    /// and whether the reporter was anonymous, marked as purged.</summary>
    public static string Skeleton(string content, DateTimeOffset purgedAt)
    {
        JsonObject? original;
        try
        {
            original = JsonNode.Parse(content) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            original = null;
        }

        var skeleton = new JsonObject();
        foreach (var name in new[] { "language", "category", "region" })
        {
            if (original?[name] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                skeleton[name] = text;
            }
        }

        if (
            original?["reporter"]?["anonymous"] is JsonValue anonymous
            && anonymous.TryGetValue<bool>(out var isAnonymous)
        )
        {
            skeleton["reporter"] = new JsonObject { ["anonymous"] = isAnonymous };
        }

        skeleton["purged"] = purgedAt.UtcDateTime.ToString(
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture
        );
        return skeleton.ToJsonString();
    }
}
