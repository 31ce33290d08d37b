using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Search;

/// <summary>A case whose reports or follow-ups hold every phrase of a query, with its best rank (lower is
/// better).</summary>
public sealed class CaseHit
{
    public required string CaseId { get; init; }
    public double Rank { get; init; }
}

/// <summary>A search document that matched, with its rank.</summary>
public sealed class DocumentHit
{
    public Guid ReportId { get; init; }
    public double Rank { get; init; }
}

/// <summary>
/// Full-text search in the database itself, through its index: SQLite's FTS5 table <c>search_index</c> (ranked by
/// bm25) or PostgreSQL's GIN index on <c>to_tsvector('simple', "Terms")</c> (ranked by <c>ts_rank</c>), over the terms
/// <see cref="SearchTerms"/> makes of every report and follow-up. Which cases may be seen is not decided here: the
/// caller joins these hits to the cases of the caller's jurisdiction.
/// </summary>
public sealed class CaseSearch(CaseworkDb db)
{
    /// <summary>The documents holding every phrase of the query.</summary>
    public IQueryable<DocumentHit> Documents(SearchQuery query)
    {
        if (db.Database.IsNpgsql())
        {
            var tsquery = query.TsQuery();
            return db.Database.SqlQuery<DocumentHit>(
                $"""
                SELECT d."ReportId" AS "ReportId",
                    -ts_rank(to_tsvector('simple', d."Terms"), to_tsquery('simple', {tsquery}))::float8 AS "Rank"
                FROM search_documents AS d
                WHERE to_tsvector('simple', d."Terms") @@ to_tsquery('simple', {tsquery})
                """
            );
        }

        var expression = query.Fts5();
        return db.Database.SqlQuery<DocumentHit>(
            $"""
            SELECT d."ReportId" AS "ReportId", search_index.rank AS "Rank"
            FROM search_index JOIN search_documents AS d ON d."Number" = search_index.rowid
            WHERE search_index MATCH {expression}
            """
        );
    }

    /// <summary>The cases (through the reports they hold now) whose documents match, each with its best rank.</summary>
    public IQueryable<CaseHit> Cases(SearchQuery query) =>
        from hit in Documents(query)
        join report in db.Reports on hit.ReportId equals report.Id
        group hit.Rank by report.CaseId into found
        select new CaseHit { CaseId = found.Key, Rank = found.Min() };

    /// <summary>For each case, the passage of its reports or follow-ups that the query matched (null where the match
    /// lies in no passage shown, such as a term split across fields).</summary>
    public async Task<Dictionary<string, string?>> ExcerptsAsync(
        IReadOnlyList<string> caseIds,
        SearchQuery query,
        CancellationToken cancellationToken
    )
    {
        var ids = caseIds.ToList();
        var reports = await db
            .Reports.AsNoTracking()
            .Where(r => EF.Parameter(ids).Contains(r.CaseId))
            .OrderBy(r => r.ReceivedAt)
            .Select(r => new
            {
                r.Id,
                r.CaseId,
                r.Content,
            })
            .ToListAsync(cancellationToken);
        var reportIds = reports.Select(r => r.Id).ToList();
        var followUps = (
            await db
                .FollowUps.AsNoTracking()
                .Where(f => EF.Parameter(reportIds).Contains(f.ReportId))
                .OrderBy(f => f.ReceivedAt)
                .Select(f => new { f.ReportId, f.Text })
                .ToListAsync(cancellationToken)
        ).ToLookup(f => f.ReportId, f => f.Text);
        var excerpts = caseIds.ToDictionary(id => id, _ => (string?)null, StringComparer.Ordinal);
        foreach (var report in reports)
        {
            if (excerpts[report.CaseId] is not null)
            {
                continue;
            }

            excerpts[report.CaseId] = new[] { SearchTerms.TextOfStored(report.Content) }
                .Concat(followUps[report.Id])
                .Select(text => SearchExcerpt.Find(text, query))
                .FirstOrDefault(found => found is not null);
        }

        return excerpts;
    }
}
