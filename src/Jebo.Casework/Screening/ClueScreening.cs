using System.Runtime.InteropServices;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Screening.Scoring;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>Screens newly imported reports (scores, entities, signature), records the results, and relates each to
/// earlier clues through the shared <see cref="ClueIndex"/>.</summary>
public sealed class ClueScreening(CaseworkDb db, ClueIndex index, AuditLog audit, TimeProvider time)
{
    public const int BatchSize = 5_000;

    /// <summary>Screens every report not yet screened; returns how many.</summary>
    public async Task<int> ScreenPendingAsync(CancellationToken cancellationToken)
    {
        await index.EnsureLoadedAsync(db, cancellationToken);
        var total = 0;
        while (true)
        {
            var pending = await db.Reports.AsNoTracking()
                .Where(r => !db.ReportScreenings.Any(s => s.ReportId == r.Id))
                .OrderBy(r => r.ImportedAt).Take(BatchSize)
                .Select(r => new { r.Id, r.CaseId, r.Content })
                .ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return total;
            }

            db.ChangeTracker.Clear();
            await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
            var added = new List<(ReportScreening Row, uint[] Signature, IReadOnlyList<string> Entities)>();
            foreach (var report in pending)
            {
                var content = JsonSerializer.Deserialize<ReportContent>(report.Content, TransferJson.Options) ?? new ReportContent();
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
                    ScreenedAt = time.GetUtcNow(),
                };
                db.ReportScreenings.Add(row);
                added.Add((row, signature, entities));
            }

            var related = added.ToDictionary(a => a.Row.ReportId, a => index.Related(a.Signature, a.Entities, a.Row.CaseId));
            // The lifecycle's first step (DESIGN.md: received → screened → accepted | not accepted): a case still waiting
            // as received becomes screened with its first screened report; later reports of a case change no state.
            var caseIds = added.Select(a => a.Row.CaseId).Distinct().ToList();
            var waiting = await db.Cases.Where(c => caseIds.Contains(c.Id) && c.Status == CaseStatus.Received).ToDictionaryAsync(c => c.Id, cancellationToken);
            foreach (var (row, _, _) in added)
            {
                var details = new Dictionary<string, object?>
                {
                    ["reportId"] = row.ReportId,
                    ["scope"] = row.Scope,
                    ["completeness"] = row.Completeness,
                    ["related"] = related[row.ReportId].Select(r => new { caseId = r.CaseId, similarity = Math.Round(r.Similarity, 2), shared = r.SharedEntities }),
                };
                if (waiting.Remove(row.CaseId, out var screened))
                {
                    details["before"] = CaseSnapshot.Of(screened);
                    screened.Status = CaseStatus.Screened;
                    details["after"] = CaseSnapshot.Of(screened);
                }

                await audit.AppendAsync(AuditLog.SystemActor, null, "case.screened", row.CaseId, details, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            foreach (var (row, signature, entities) in added)
            {
                index.Add(row.ReportId, row.CaseId, signature, entities);
            }

            total += added.Count;
        }
    }

    public static ScreeningInput ToInput(ReportContent content) => new(
        content.Facts?.Description ?? "",
        content.Category,
        content.Region,
        content.Facts?.When,
        content.Facts?.Where,
        [.. (content.Subjects ?? []).Select(s => s.Name).Concat((content.Officials ?? []).Select(o => o.Name))],
        [.. (content.Subjects ?? []).Select(s => s.Organization).Concat((content.Officials ?? []).Select(o => o.Organization))],
        content.Officials?.Count ?? 0);
}
