using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Screening.Scoring;
using Jebo.Storage.Background;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>
/// Judges every screened report once (<see cref="Triage"/>: in scope, urgent, complete, suggested out of scope) and
/// keeps on each case the screening queue's priority and whether screening suggests not accepting it as out of scope,
/// so that the <c>screening</c> queue and <c>sort=priority</c> read an index instead of computing per request.
/// </summary>
/// <remarks>A report is judged in the one pass that screens it (<see cref="ClueScreening"/> calls
/// <see cref="Triage.Judge"/> and <see cref="PrioritiseAsync"/>); <see cref="JudgePendingAsync"/> judges only the
/// reports screened before the migration that added the priority. A suggestion is only a mark: nothing here
/// changes a case's state, and a person confirms it with <c>reject</c> (<c>out-of-scope</c>) or overrides it.</remarks>
public sealed class ScreeningPriorities(CaseworkDb db, TimeProvider time, ProcessorShare? share = null)
{
    public const int BatchSize = 5_000;

    /// <summary>Judges every screened report not yet judged, and sets the priority of the cases holding them; returns
    /// how many reports. Only reports screened before the priority existed lack a judgement: the migration that added
    /// it runs this once.</summary>
    public async Task<int> JudgePendingAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var pending = await (
                from s in db.ReportScreenings.AsNoTracking()
                where s.Triage == null
                join r in db.Reports.AsNoTracking() on s.ReportId equals r.Id
                select new
                {
                    s.ReportId,
                    r.CaseId,
                    r.Content,
                }
            )
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return total;
            }

            var judged = new (Guid ReportId, TriageResult Result)[pending.Count];
            Parallel.For(0, pending.Count, (share ?? ProcessorShare.Whole).Options(cancellationToken), i =>
                judged[i] = (pending[i].ReportId, Judge(pending[i].Content))
            );
            db.ChangeTracker.Clear();
            await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
            var ids = judged.Select(j => j.ReportId).ToList();
            var rows = await db
                .ReportScreenings.Where(s => EF.Parameter(ids).Contains(s.ReportId))
                .ToDictionaryAsync(s => s.ReportId, cancellationToken);
            foreach (var (reportId, result) in judged)
            {
                rows[reportId].Triage = (int)result.Parts;
                rows[reportId].TriageReasons = Stored(result.Reasons);
            }

            await db.SaveChangesAsync(cancellationToken);
            await PrioritiseAsync([.. pending.Select(p => p.CaseId).Distinct()], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += pending.Count;
        }
    }

    /// <summary>Sets the priority and the out-of-scope suggestion of <paramref name="caseIds"/> from the judged
    /// reports each holds now and whether a reporter asked for protection, in the caller's transaction.</summary>
    /// <remarks>A case is in scope, urgent or complete when one of its reports is (or, for urgent, when a reporter
    /// asked for protection); it is suggested out of scope only when every report it holds is, since one clue about a
    /// gang is enough to keep it.</remarks>
    public async Task PrioritiseAsync(IReadOnlyList<string> caseIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ids = caseIds.ToList();
        var judged = await JudgedAsync(ids, cancellationToken);
        var urgent = await db
            .Cases.AsNoTracking()
            .Where(c => EF.Parameter(ids).Contains(c.Id) && c.Urgent)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var settings = judged
            .Select(j => (CaseId: j.Key, Setting: Of(j.Value, urgent.Contains(j.Key))))
            .GroupBy(s => s.Setting);
        foreach (var group in settings)
        {
            var members = group.Select(s => s.CaseId).ToList();
            var (priority, suggested) = group.Key;
            await db
                .Cases.Where(c => EF.Parameter(members).Contains(c.Id))
                .ExecuteUpdateAsync(
                    s =>
                        s.SetProperty(c => c.ScreeningPriority, priority)
                            .SetProperty(c => c.OutOfScopeSuggestedAt, suggested ? now : null),
                    cancellationToken
                );
        }
    }

    /// <summary>Sets the priority and the out-of-scope suggestion of tracked <paramref name="cases"/> whose reports
    /// moved (a merge, an unmerge) as <see cref="PrioritiseAsync"/> sets them, saved with the caller's step; a case
    /// holding no judged report any more (merged away) loses both.</summary>
    public async Task ApplyAsync(IReadOnlyCollection<CaseRecord> cases, CancellationToken cancellationToken)
    {
        var judged = await JudgedAsync([.. cases.Select(c => c.Id)], cancellationToken);
        foreach (var c in cases)
        {
            if (!judged.TryGetValue(c.Id, out var triages))
            {
                (c.ScreeningPriority, c.OutOfScopeSuggestedAt) = (null, null);
                continue;
            }

            var (priority, suggested) = Of(triages, c.Urgent);
            c.ScreeningPriority = priority;
            c.OutOfScopeSuggestedAt = suggested ? c.OutOfScopeSuggestedAt ?? time.GetUtcNow() : null;
        }
    }

    /// <summary>The triage of every judged report each of <paramref name="ids"/> holds now.</summary>
    private async Task<Dictionary<string, List<TriageParts>>> JudgedAsync(
        List<string> ids,
        CancellationToken cancellationToken
    )
    {
        var rows = await (
            from r in db.Reports.AsNoTracking()
            where EF.Parameter(ids).Contains(r.CaseId)
            join s in db.ReportScreenings.AsNoTracking() on r.Id equals s.ReportId
            where s.Triage != null
            select new { r.CaseId, Triage = s.Triage!.Value }
        ).ToListAsync(cancellationToken);
        return rows.GroupBy(j => j.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(j => (TriageParts)j.Triage).ToList(), StringComparer.Ordinal);
    }

    /// <summary>A case's priority and whether it is suggested out of scope, from its reports' triage.</summary>
    private static (int Priority, bool Suggested) Of(List<TriageParts> triages, bool urgent)
    {
        var parts = triages.Aggregate(TriageParts.None, (all, t) => all | t);
        if (urgent)
        {
            parts |= TriageParts.Urgent;
        }

        return (TriageResult.Of(parts), triages.All(t => t.HasFlag(TriageParts.OutOfScope)));
    }

    /// <summary>The reasons of a triage as <see cref="ReportScreening.TriageReasons"/> stores them.</summary>
    public static string Stored(IReadOnlyList<TriageReason> reasons) => JsonSerializer.Serialize(reasons, Json);

    /// <summary>The reasons stored for a report (<see cref="ReportScreening.TriageReasons"/>).</summary>
    public static IReadOnlyList<TriageReason> ReasonsOf(string? stored) =>
        stored is null ? [] : JsonSerializer.Deserialize<List<TriageReason>>(stored, Json) ?? [];

    private static TriageResult Judge(string content)
    {
        var report = JsonSerializer.Deserialize<ReportContent>(content, TransferJson.Options) ?? new ReportContent();
        var input = ClueScreening.ToInput(report);
        return Triage.Judge(input, Screener.Screen(input));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
