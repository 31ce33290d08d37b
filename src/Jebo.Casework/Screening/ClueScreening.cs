using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Jebo.Screening.Scoring;
using Jebo.Screening.Similarity;
using Jebo.Storage;
using Jebo.Storage.Background;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>Screens newly imported reports and follow-ups (scores, entities, related-clue features), records the
/// results, and relates each to earlier clues through the shared <see cref="ClueIndex"/>: pairs of cases held in
/// different provinces, and near-duplicates wherever they are held, are recorded (<see cref="CaseRelation"/>) for the
/// <c>cross-province</c> and <c>merge-proposals</c> queues. Nothing is merged here.</summary>
public sealed class ClueScreening(
    CaseworkDb db,
    ClueIndex index,
    AuditLog audit,
    RelatedCaseDisclosure disclosure,
    ScreeningPriorities priorities,
    ProcessorShare share,
    TimeProvider time
)
{
    public const int BatchSize = 5_000;

    /// <summary>Screens every report not yet screened; returns how many.</summary>
    /// <remarks>Per batch: every report is screened and judged for the screening queue (<see cref="Triage"/>) on the
    /// cores the zone's share allows, then added to the index and related to every clue before it, its batch's
    /// included (<see cref="RelateAndStoreAsync"/>); then, in one write transaction, each report's case is read again
    /// (a merge may have moved it meanwhile), the cases still received become screened, the audit entries are chained,
    /// the screenings and entries are inserted in bulk, untracked, and the cases' priorities are set from their judged
    /// reports (<see cref="ScreeningPriorities.PrioritiseAsync"/>). Each report is screened once.</remarks>
    public async Task<int> ScreenPendingAsync(CancellationToken cancellationToken)
    {
        await index.ScreeningTurn.WaitAsync(cancellationToken);
        try
        {
            return await ScreenInTurnAsync(cancellationToken);
        }
        finally
        {
            index.ScreeningTurn.Release();
        }
    }

    private async Task<int> ScreenInTurnAsync(CancellationToken cancellationToken)
    {
        await StoreMissingFeaturesAsync(cancellationToken);
        await index.EnsureLoadedAsync(db, cancellationToken);
        var total = 0;
        while (true)
        {
            var pending = await PendingAsync(cancellationToken);
            if (pending.Length == 0)
            {
                await ScreenFollowUpsAsync(cancellationToken);
                return total;
            }

            db.ChangeTracker.Clear();
            // Under `jebo up`, public requests first (Storage/Background/ProcessorShare).
            await share.YieldAsync(cancellationToken);
            // The screening itself and the relating, the costly parts, before the write lock: staff actions (each
            // writes its audit entry) wait for the lock, and a batch screened inside it held them for over 30 s under
            // `jebo up` (docs/benchmarks.md).
            var screened = new ScreenedReport[pending.Length];
            await Parallel.ForAsync(0, pending.Length, share.Options(cancellationToken), (i, _) =>
            {
                screened[i] = Screen(pending[i]);
                return ValueTask.CompletedTask;
            });
            try
            {
                screened = await RelateAndStoreAsync(screened, cancellationToken);
            }
            catch
            {
                // The batch joined the index before its transaction, which did not commit: loaded again on next use.
                index.Discard();
                throw;
            }

            total += screened.Length;
        }
    }

    /// <summary>
    /// Relates a screened batch and stores it. Each report is related to every report imported before it, its own
    /// batch's included (two copies of a clue in one bundle are proposed for merging): the batch joins the index
    /// first, in order, and each report is related on the allowed cores to the documents before its own. Then, in one
    /// write transaction, each report's case is read again, as a merge may have moved it meanwhile (the index
    /// follows), and the rows, entries, pairs and priorities are written. Returns the reports stored.
    /// </summary>
    private async Task<ScreenedReport[]> RelateAndStoreAsync(
        ScreenedReport[] screened,
        CancellationToken cancellationToken
    )
    {
        var documents = screened.Select(s => index.Add(s.Row.ReportId, s.Row.CaseId, s.Features)).ToArray();
        await Parallel.ForAsync(0, screened.Length, share.Options(cancellationToken), (i, _) =>
        {
            screened[i] = screened[i] with
            {
                Related = index.Related(screened[i].Features, screened[i].Row.CaseId, before: documents[i]),
            };
            return ValueTask.CompletedTask;
        });
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        // A report merged into another case (or purged) while the batch was screened: its case as it is now.
        var reportIds = screened.Select(s => s.Row.ReportId).ToList();
        var current = await db
            .Reports.AsNoTracking()
            .Where(r => EF.Parameter(reportIds).Contains(r.Id))
            .Select(r => new { r.Id, r.CaseId })
            .ToDictionaryAsync(r => r.Id, r => r.CaseId, cancellationToken);
        var gone = screened.Where(s => !current.ContainsKey(s.Row.ReportId)).Select(s => s.Row.ReportId).ToList();
        var moved = screened.Where(s => current.TryGetValue(s.Row.ReportId, out var now) && now != s.Row.CaseId);
        var moves = moved.Select(s => (s.Row.ReportId, Case: current[s.Row.ReportId])).ToList();
        screened = [.. screened.Where(s => current.ContainsKey(s.Row.ReportId))];
        foreach (var report in screened)
        {
            report.Row.CaseId = current[report.Row.ReportId];
            report.Row.ScreenedAt = time.GetUtcNow();
        }

        var events = await MoveReceivedCasesAsync(screened, cancellationToken);
        BulkInsert.Insert(db, [.. screened.Select(s => s.Row)]);
        BulkInsert.Insert(db, await audit.ChainAsync(events, cancellationToken));
        BulkInsert.Insert(db, await PairsAsync(screened, cancellationToken));
        await priorities.PrioritiseAsync([.. screened.Select(s => s.Row.CaseId).Distinct()], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        index.Forget(gone);
        foreach (var (report, caseId) in moves)
        {
            index.Move([report], caseId);
        }

        return screened;
    }

    /// <summary>The next batch of reports not yet screened, in the order they were imported.</summary>
    private async Task<PendingReport[]> PendingAsync(CancellationToken cancellationToken)
    {
        // Which reports, in order, then their contents: sorting the rows with their contents took SQLite about twice as
        // long as the two queries (docs/benchmarks.md); PostgreSQL takes about as long either way.
        var order = await db
            .Reports.AsNoTracking()
            .Where(r => !db.ReportScreenings.Any(s => s.ReportId == r.Id))
            .OrderBy(r => r.ImportedAt)
            .Take(BatchSize)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        if (order.Count == 0)
        {
            return [];
        }

        var contents = await db
            .Reports.AsNoTracking()
            .Where(r => EF.Parameter(order).Contains(r.Id))
            .Select(r => new PendingReport(r.Id, r.CaseId, r.Content))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        return [.. order.Where(contents.ContainsKey).Select(id => contents[id])];
    }

    private ScreenedReport Screen(PendingReport report)
    {
        var content = JsonSerializer.Deserialize<ReportContent>(report.Content, TransferJson.Options)
            ?? new ReportContent();
        var input = ToInput(content);
        var result = Screener.Screen(input);
        var triage = Triage.Judge(input, result);
        var features = StoredClueFeatures.Of(index.Hasher, content);
        var row = new ReportScreening
        {
            ReportId = report.Id,
            CaseId = report.CaseId,
            Scope = result.Scope,
            Completeness = result.Completeness,
            Reasons = JsonSerializer.Serialize(result.Reasons),
            Entities = JsonSerializer.Serialize(result.Entities.Select(e => e.Key)),
            Signature = StoredClueFeatures.Signature(features),
            Keys = StoredClueFeatures.Keys(features),
            Terms = StoredClueFeatures.Terms(features),
            Script = StoredClueFeatures.Script(features),
            Triage = (int)triage.Parts,
            TriageReasons = ScreeningPriorities.Stored(triage.Reasons),
        };
        return new ScreenedReport(row, features, []);
    }

    /// <summary>Stores the related-clue features of reports screened before they were kept (issue 17), from their
    /// content, so that the next start loads them without reading a report. Done once: afterwards no row lacks
    /// them.</summary>
    private async Task StoreMissingFeaturesAsync(CancellationToken cancellationToken)
    {
        while (!index.MissingFeaturesStored)
        {
            var missing = await (
                from s in db.ReportScreenings.AsNoTracking()
                where s.Keys == null
                join r in db.Reports.AsNoTracking() on s.ReportId equals r.Id
                orderby s.ReportId
                select new
                {
                    s.ReportId,
                    s.Signature,
                    r.Content,
                }
            )
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (missing.Count == 0)
            {
                index.MissingFeaturesStored = true;
                return;
            }

            // A report whose content retention purged before the features were kept has none: empty ones mark it done.
            var features = new ClueFeatures[missing.Count];
            Parallel.For(0, missing.Count, share.Options(cancellationToken), i =>
                features[i] =
                    missing[i].Signature.Length == 0 ? new ClueFeatures([], [], []) : index.Features(missing[i].Content)
            );
            db.ChangeTracker.Clear();
            await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                var (report, f) = (missing[i].ReportId, features[i]);
                var (keys, terms, script) = (
                    StoredClueFeatures.Keys(f),
                    StoredClueFeatures.Terms(f),
                    StoredClueFeatures.Script(f)
                );
                await db
                    .ReportScreenings.Where(s => s.ReportId == report)
                    .ExecuteUpdateAsync(
                        u =>
                            u.SetProperty(s => s.Keys, keys)
                                .SetProperty(s => s.Terms, terms)
                                .SetProperty(s => s.Script, script),
                        cancellationToken
                    );
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Follow-ups not yet screened, in the order they were imported: each is related to earlier clues as a
    /// report is, its pairs recorded and its match in its case's trail, and then it joins its case in the index, so a
    /// follow-up that names a gang relates its case to the gang's other cases.</summary>
    private async Task ScreenFollowUpsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = await (
                from f in db.FollowUps.AsNoTracking()
                where f.Text != "" && !db.FollowUpScreenings.Any(s => s.FollowUpId == f.Id)
                join r in db.Reports.AsNoTracking() on f.ReportId equals r.Id
                orderby f.ImportedAt, f.Id
                select new
                {
                    f.Id,
                    f.ReportId,
                    r.CaseId,
                    f.Text,
                }
            )
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return;
            }

            var screened = new (
                FollowUpScreening Row,
                string CaseId,
                ClueFeatures Features,
                IReadOnlyList<RelatedClue> Related
            )[pending.Count];
            var now = time.GetUtcNow();
            Parallel.For(0, pending.Count, share.Options(cancellationToken), i =>
            {
                var followUp = pending[i];
                var features = StoredClueFeatures.Of(index.Hasher, followUp.Text);
                screened[i] = (
                    new FollowUpScreening
                    {
                        FollowUpId = followUp.Id,
                        ReportId = followUp.ReportId,
                        Signature = StoredClueFeatures.Signature(features),
                        Keys = StoredClueFeatures.Keys(features),
                        Terms = StoredClueFeatures.Terms(features),
                        Script = StoredClueFeatures.Script(features),
                        ScreenedAt = now,
                    },
                    followUp.CaseId,
                    features,
                    index.Related(features, followUp.CaseId)
                );
            });

            db.ChangeTracker.Clear();
            await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
            BulkInsert.Insert(db, [.. screened.Select(s => s.Row)]);
            var events = screened
                .Where(s => s.Related.Count > 0)
                .Select(s => new AuditEvent(
                    AuditLog.SystemActor,
                    null,
                    AuditActions.CaseScreened,
                    s.CaseId,
                    AuditLog.Prepare(
                        new Dictionary<string, object?>
                        {
                            ["followUpId"] = s.Row.FollowUpId,
                            ["reportId"] = s.Row.ReportId,
                            ["related"] = Described(s.Related),
                        }
                    )
                ))
                .ToArray();
            BulkInsert.Insert(db, await audit.ChainAsync(events, cancellationToken));
            BulkInsert.Insert(
                db,
                await PairsAsync(
                    screened.SelectMany(s => s.Related.Select(related => (s.CaseId, related))),
                    null,
                    cancellationToken
                )
            );
            await transaction.CommitAsync(cancellationToken);
            foreach (var s in screened)
            {
                index.Add(s.Row.ReportId, s.CaseId, s.Features);
            }
        }
    }

    /// <summary>Related cases as a <c>case.screened</c> entry records them: the case, the score, whether a
    /// near-duplicate, and the reasons' codes and values.</summary>
    private static IEnumerable<object> Described(IReadOnlyList<RelatedClue> related) =>
        related.Select(r => new
        {
            caseId = r.CaseId,
            similarity = Math.Round(r.Score, 2),
            nearDuplicate = r.NearDuplicate,
            reasons = r.Reasons.Select(m => new { code = m.Code, values = m.Values }),
        });

    /// <summary>
    /// The lifecycle's first step (DESIGN.md: received → screened → accepted | not accepted): a case still waiting as
    /// received becomes screened with its first screened report; later reports of a case change no state. Returns the
    /// <c>case.screened</c> event of every report, in order, its details prepared on every core.
    /// </summary>
    private async Task<AuditEvent[]> MoveReceivedCasesAsync(
        ScreenedReport[] screened,
        CancellationToken cancellationToken
    )
    {
        // One array parameter, not one parameter per case (see the importer: SQLite looks parameters up by name).
        var caseIds = screened.Select(s => s.Row.CaseId).Distinct().ToList();
        var waiting = await db
            .Cases.AsNoTracking()
            .Where(c => EF.Parameter(caseIds).Contains(c.Id) && c.Status == CaseStatus.Received)
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var moves = new Dictionary<int, (CaseSnapshot Before, CaseSnapshot After)>();
        for (var i = 0; i < screened.Length; i++)
        {
            if (waiting.Remove(screened[i].Row.CaseId, out var moved))
            {
                var before = CaseSnapshot.Of(moved);
                moved.Status = CaseStatus.Screened;
                moves[i] = (before, CaseSnapshot.Of(moved));
            }
        }

        var movedIds = moves.Keys.Select(i => screened[i].Row.CaseId).ToList();
        var updated = await db
            .Cases.Where(c => EF.Parameter(movedIds).Contains(c.Id) && c.Status == CaseStatus.Received)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CaseStatus.Screened), cancellationToken);
        if (updated != movedIds.Count)
        {
            // Inside the write transaction nothing else moves a case; a difference means the database changed under it.
            throw new DbUpdateConcurrencyException(
                $"screening moved {updated} cases from received, expected {movedIds.Count}"
            );
        }

        var events = new AuditEvent[screened.Length];
        await Parallel.ForAsync(0, screened.Length, share.Options(cancellationToken), (i, _) =>
        {
            var (row, related) = (screened[i].Row, screened[i].Related);
            var details = new Dictionary<string, object?>
            {
                ["reportId"] = row.ReportId,
                ["scope"] = row.Scope,
                ["completeness"] = row.Completeness,
                ["related"] = Described(related),
            };
            if (moves.TryGetValue(i, out var move))
            {
                details["before"] = move.Before;
                details["after"] = move.After;
            }

            events[i] = new AuditEvent(
                AuditLog.SystemActor,
                null,
                AuditActions.CaseScreened,
                row.CaseId,
                AuditLog.Prepare(details)
            );
            return ValueTask.CompletedTask;
        });
        return events;
    }

    /// <summary>The pairs this batch found, as <see cref="PairsAsync(IEnumerable{ValueTuple{string, RelatedClue}},
    /// ValueTuple{string, string}?, CancellationToken)"/> records them.</summary>
    private Task<CaseRelation[]> PairsAsync(ScreenedReport[] screened, CancellationToken cancellationToken) =>
        PairsAsync(
            screened.SelectMany(r => r.Related.Select(related => (r.Row.CaseId, related))),
            null,
            cancellationToken
        );

    /// <summary>
    /// After a case moved to another office (<c>assign</c>, <c>transfer</c>, <c>reclassify</c>, <c>refer</c>): the
    /// cases its reports are related to that it now lies in another province from are recorded as screening records
    /// them, in the step's transaction, so the national office's <c>cross-province</c> queue and the offices' hints
    /// follow the move instead of waiting for the next report.
    /// </summary>
    public async Task RelateAfterMoveAsync(CaseRecord moved, CancellationToken cancellationToken)
    {
        var related = await index.RelatedToCaseAsync(db, moved.Id, cancellationToken);
        db.CaseRelations.AddRange(
            await PairsAsync(related.Select(r => (moved.Id, r)), (moved.Id, moved.OfficeCode), cancellationToken)
        );
    }

    /// <summary>The pairs among <paramref name="relations"/> to record and not yet recorded: those held in different
    /// provinces (the national office's <c>cross-province</c> queue, and the offices' hints,
    /// <see cref="RelatedCaseDisclosure"/>), and near-duplicates wherever they are held (the <c>merge-proposals</c>
    /// queue). A pair recorded before as related only and found a near-duplicate now is marked so, unless dismissed:
    /// a dismissed pair is never proposed again. <paramref name="moved"/> names a case whose new office is not yet
    /// saved.</summary>
    private async Task<CaseRelation[]> PairsAsync(
        IEnumerable<(string CaseId, RelatedClue Related)> relations,
        (string CaseId, string Office)? moved,
        CancellationToken cancellationToken
    )
    {
        var found = new Dictionary<(string, string), (RelatedClue Best, bool NearDuplicate)>();
        foreach (var (caseId, related) in relations)
        {
            var pair =
                string.CompareOrdinal(caseId, related.CaseId) < 0 ? (caseId, related.CaseId) : (related.CaseId, caseId);
            found[pair] = found.TryGetValue(pair, out var earlier)
                ? (
                    related.Score > earlier.Best.Score ? related : earlier.Best,
                    earlier.NearDuplicate || related.NearDuplicate
                )
                : (related, related.NearDuplicate);
        }

        if (found.Count == 0)
        {
            return [];
        }

        var caseIds = found.Keys.SelectMany(p => new[] { p.Item1, p.Item2 }).Distinct().ToList();
        var offices = await db
            .Cases.AsNoTracking()
            .Where(c => EF.Parameter(caseIds).Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.OfficeCode, cancellationToken);
        if (moved is { } m)
        {
            offices[m.CaseId] = m.Office;
        }

        var recorded = found
            .Where(p =>
                offices.TryGetValue(p.Key.Item1, out var first)
                && offices.TryGetValue(p.Key.Item2, out var second)
                && (p.Value.NearDuplicate || disclosure.CrossProvince(first, second))
            )
            .ToList();
        var firsts = recorded.Select(p => p.Key.Item1).Distinct().ToList();
        var known = (
            await db
                .CaseRelations.AsNoTracking()
                .Where(r => EF.Parameter(firsts).Contains(r.CaseId))
                .Select(r => new
                {
                    r.Id,
                    r.CaseId,
                    r.RelatedCaseId,
                    r.NearDuplicate,
                    Dismissed = r.DismissedAt != null,
                })
                .ToListAsync(cancellationToken)
        ).ToDictionary(r => (r.CaseId, r.RelatedCaseId));
        var nowNearDuplicates = recorded
            .Where(p =>
                p.Value.NearDuplicate && known.TryGetValue(p.Key, out var k) && !k.NearDuplicate && !k.Dismissed
            )
            .Select(p => known[p.Key].Id)
            .ToList();
        if (nowNearDuplicates.Count > 0)
        {
            await db
                .CaseRelations.Where(r => EF.Parameter(nowNearDuplicates).Contains(r.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.NearDuplicate, true), cancellationToken);
        }

        var now = time.GetUtcNow();
        return
        [
            .. recorded
                .Where(p => !known.ContainsKey(p.Key))
                .Select(p => new CaseRelation
                {
                    Id = Guid.NewGuid(),
                    CaseId = p.Key.Item1,
                    RelatedCaseId = p.Key.Item2,
                    Similarity = p.Value.Best.Score,
                    NearDuplicate = p.Value.NearDuplicate,
                    Reasons = JsonSerializer.Serialize(
                        p.Value.Best.Reasons.Select(r => new { code = r.Code, values = r.Values })
                    ),
                    FoundAt = now,
                }),
        ];
    }

    public static ScreeningInput ToInput(ReportContent content) =>
        new(
            content.Facts?.Description ?? "",
            content.Category,
            content.Region,
            content.Facts?.When,
            content.Facts?.Where,
            [.. (content.Subjects ?? []).Select(s => s.Name).Concat((content.Officials ?? []).Select(o => o.Name))],
            [
                .. (content.Subjects ?? [])
                    .Select(s => s.Organization)
                    .Concat((content.Officials ?? []).Select(o => o.Organization)),
            ],
            content.Officials?.Count ?? 0
        );

    private sealed record PendingReport(Guid Id, string CaseId, string Content);

    private sealed record ScreenedReport(
        ReportScreening Row,
        ClueFeatures Features,
        IReadOnlyList<RelatedClue> Related
    );
}
