using System.Runtime.InteropServices;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Jebo.Screening.Scoring;
using Jebo.Storage;
using Jebo.Storage.Background;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>Screens newly imported reports (scores, entities, signature), records the results, and relates each to
/// earlier clues through the shared <see cref="ClueIndex"/>.</summary>
public sealed class ClueScreening(
    CaseworkDb db,
    ClueIndex index,
    AuditLog audit,
    RelatedCaseDisclosure disclosure,
    ProcessorShare share,
    TimeProvider time
)
{
    public const int BatchSize = 5_000;

    /// <summary>Screens every report not yet screened; returns how many.</summary>
    /// <remarks>Per batch, in one write transaction: every report is screened and related to earlier clues on every
    /// core (pure functions of its content and of the index, which changes only after the commit, so the reports of a
    /// batch are related to earlier batches, never to each other); the cases still received become screened; the
    /// audit entries are chained; the screenings and entries are inserted in bulk, untracked.</remarks>
    public async Task<int> ScreenPendingAsync(CancellationToken cancellationToken)
    {
        await index.EnsureLoadedAsync(db, cancellationToken);
        var total = 0;
        while (true)
        {
            var pending = await PendingAsync(cancellationToken);
            if (pending.Length == 0)
            {
                return total;
            }

            db.ChangeTracker.Clear();
            // Under `jebo up`, public requests first (Storage/Background/ProcessorShare); before the write lock.
            await share.YieldAsync(cancellationToken);
            await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
            var screened = new ScreenedReport[pending.Length];
            await Parallel.ForAsync(0, pending.Length, share.Options(cancellationToken), (i, _) =>
            {
                screened[i] = Screen(pending[i]);
                return ValueTask.CompletedTask;
            });
            foreach (var report in screened)
            {
                report.Row.ScreenedAt = time.GetUtcNow();
            }

            var events = await MoveReceivedCasesAsync(screened, cancellationToken);
            BulkInsert.Insert(db, [.. screened.Select(s => s.Row)]);
            BulkInsert.Insert(db, await audit.ChainAsync(events, cancellationToken));
            BulkInsert.Insert(db, await CrossProvinceAsync(screened, cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            foreach (var report in screened)
            {
                index.Add(report.Row.ReportId, report.Row.CaseId, report.Signature, report.Entities);
            }

            total += screened.Length;
        }
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
        var result = Screener.Screen(ToInput(content));
        var signature = index.Hasher.Signature(string.Join(' ', content.Facts?.Description, content.Facts?.Where));
        var entities = result.Entities.Select(e => e.Key).ToList();
        var row = new ReportScreening
        {
            ReportId = report.Id,
            CaseId = report.CaseId,
            Scope = result.Scope,
            Completeness = result.Completeness,
            Reasons = JsonSerializer.Serialize(result.Reasons),
            Entities = JsonSerializer.Serialize(entities),
            Signature = MemoryMarshal.AsBytes(signature.AsSpan()).ToArray(),
        };
        return new ScreenedReport(row, signature, entities, index.Related(signature, entities, row.CaseId));
    }

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
                ["related"] = related.Select(r => new
                {
                    caseId = r.CaseId,
                    similarity = Math.Round(r.Similarity, 2),
                    shared = r.SharedEntities,
                }),
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

    /// <summary>The pairs of related cases this batch found held in different provinces and not yet recorded: the
    /// national office's <c>cross-province</c> queue, and the offices' hints (<see cref="RelatedCaseDisclosure"/>).
    /// </summary>
    private Task<CaseRelation[]> CrossProvinceAsync(ScreenedReport[] screened, CancellationToken cancellationToken) =>
        CrossProvinceAsync(
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
            await CrossProvinceAsync(
                related.Select(r => (moved.Id, r)),
                (moved.Id, moved.OfficeCode),
                cancellationToken
            )
        );
    }

    /// <summary>The pairs among <paramref name="relations"/> held in different provinces and not yet recorded;
    /// <paramref name="moved"/> names a case whose new office is not yet saved.</summary>
    private async Task<CaseRelation[]> CrossProvinceAsync(
        IEnumerable<(string CaseId, RelatedClue Related)> relations,
        (string CaseId, string Office)? moved,
        CancellationToken cancellationToken
    )
    {
        var found = new Dictionary<(string, string), double>();
        foreach (var (caseId, related) in relations)
        {
            var pair =
                string.CompareOrdinal(caseId, related.CaseId) < 0 ? (caseId, related.CaseId) : (related.CaseId, caseId);
            found[pair] = Math.Max(found.GetValueOrDefault(pair), related.Similarity);
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

        var crossing = found
            .Where(p =>
                offices.TryGetValue(p.Key.Item1, out var first)
                && offices.TryGetValue(p.Key.Item2, out var second)
                && disclosure.CrossProvince(first, second)
            )
            .ToList();
        var firsts = crossing.Select(p => p.Key.Item1).Distinct().ToList();
        var known = (
            await db
                .CaseRelations.AsNoTracking()
                .Where(r => EF.Parameter(firsts).Contains(r.CaseId))
                .Select(r => new { r.CaseId, r.RelatedCaseId })
                .ToListAsync(cancellationToken)
        )
            .Select(r => (r.CaseId, r.RelatedCaseId))
            .ToHashSet();
        var now = time.GetUtcNow();
        return
        [
            .. crossing
                .Where(p => !known.Contains(p.Key))
                .Select(p => new CaseRelation
                {
                    Id = Guid.NewGuid(),
                    CaseId = p.Key.Item1,
                    RelatedCaseId = p.Key.Item2,
                    Similarity = p.Value,
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
        uint[] Signature,
        List<string> Entities,
        IReadOnlyList<RelatedClue> Related
    );
}
