using System.Runtime.InteropServices;
using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Screening.Similarity;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>A case related to another, with why.</summary>
public sealed record RelatedClue(string CaseId, double Similarity, IReadOnlyList<string> SharedEntities);

/// <summary>The zone's in-memory related-clue index (<see cref="RelatedClueIndex"/>), keyed by report and case, loaded
/// from the stored signatures on first use.</summary>
public sealed class ClueIndex : IDisposable
{
    private readonly RelatedClueIndex index = new();
    private readonly List<(Guid Report, string Case)> documents = [];
    private readonly Dictionary<Guid, int> byReport = [];
    private readonly SemaphoreSlim loading = new(1, 1);
    private bool loaded;

    public MinHasher Hasher => index.Hasher;

    public async Task EnsureLoadedAsync(CaseworkDb db, CancellationToken cancellationToken)
    {
        if (loaded)
        {
            return;
        }

        await loading.WaitAsync(cancellationToken);
        try
        {
            if (loaded)
            {
                return;
            }

            await foreach (
                var row in db
                    .ReportScreenings.AsNoTracking()
                    .OrderBy(s => s.ScreenedAt)
                    .Select(s => new
                    {
                        s.ReportId,
                        s.CaseId,
                        s.Signature,
                        s.Entities,
                    })
                    .AsAsyncEnumerable()
                    .WithCancellation(cancellationToken)
            )
            {
                // A report whose content retention purged keeps its screening row without entities or signature.
                if (row.Signature.Length == 0)
                {
                    continue;
                }

                Add(
                    row.ReportId,
                    row.CaseId,
                    MemoryMarshal.Cast<byte, uint>(row.Signature).ToArray(),
                    JsonSerializer.Deserialize<List<string>>(row.Entities) ?? []
                );
            }

            index.Compact();
            loaded = true;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Add(Guid report, string caseId, uint[] signature, IReadOnlyList<string> entities)
    {
        lock (documents)
        {
            var document = index.Add(signature, entities);
            documents.Add((report, caseId));
            byReport[report] = document;
        }
    }

    /// <summary>Reports moved to another case (merge, unmerge): their matches now name that case.</summary>
    public void Move(IEnumerable<Guid> reports, string caseId)
    {
        lock (documents)
        {
            foreach (var report in reports)
            {
                if (byReport.TryGetValue(report, out var document))
                {
                    documents[document] = (report, caseId);
                }
            }
        }
    }

    /// <summary>Reports whose content retention purged: they no longer match anything (the index keeps their slot, as
    /// it keeps every document, until the zone restarts and loads it without them).</summary>
    public void Forget(IEnumerable<Guid> reports)
    {
        lock (documents)
        {
            foreach (var report in reports)
            {
                if (byReport.Remove(report, out var document))
                {
                    documents[document] = (report, "");
                }
            }
        }
    }

    /// <summary>Other cases related to a signature, best first, at most one line per case.</summary>
    public IReadOnlyList<RelatedClue> Related(
        uint[] signature,
        IReadOnlyCollection<string> entities,
        string ownCase,
        int limit = 10
    ) =>
        [
            .. index
                .Query(signature, entities, limit: limit * 3)
                .Select(m => (Match: m, Case: documents[m.Document].Case))
                .Where(m => m.Case != ownCase && m.Case.Length > 0)
                .GroupBy(m => m.Case)
                .Select(g => g.First())
                .Take(limit)
                .Select(m => new RelatedClue(m.Case, Math.Round(m.Match.Similarity, 3), m.Match.SharedEntities)),
        ];

    /// <summary>Cases related to any report of the given case.</summary>
    public async Task<IReadOnlyList<RelatedClue>> RelatedToCaseAsync(
        CaseworkDb db,
        string caseId,
        CancellationToken cancellationToken
    )
    {
        await EnsureLoadedAsync(db, cancellationToken);
        var rows = await db
            .ReportScreenings.AsNoTracking()
            .Where(s => s.CaseId == caseId)
            .Select(s => new { s.Signature, s.Entities })
            .ToListAsync(cancellationToken);
        return
        [
            .. rows.Where(r => r.Signature.Length > 0)
                .SelectMany(r =>
                    Related(
                        MemoryMarshal.Cast<byte, uint>(r.Signature).ToArray(),
                        JsonSerializer.Deserialize<List<string>>(r.Entities) ?? [],
                        caseId
                    )
                )
                .GroupBy(r => r.CaseId)
                .Select(g =>
                    g.OrderByDescending(r => r.SharedEntities.Count).ThenByDescending(r => r.Similarity).First()
                )
                .OrderByDescending(r => r.SharedEntities.Count > 0)
                .ThenByDescending(r => r.Similarity),
        ];
    }

    public void Dispose()
    {
        index.Dispose();
        loading.Dispose();
    }
}
