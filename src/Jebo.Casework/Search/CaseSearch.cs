using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Search;

/// <summary>A search document that matched: its number (the order documents were written in), its report and its
/// rank.</summary>
public sealed class DocumentHit
{
    public long Number { get; init; }
    public Guid ReportId { get; init; }
    public double Rank { get; init; }
}

/// <summary>
/// Full-text search in the database itself, through its index: SQLite's FTS5 table <c>search_index</c> (ranked by bm25)
/// or PostgreSQL's GIN index on the stored <c>"Vector"</c>, <c>to_tsvector('simple', "Terms")</c> with the office's
/// lexeme (ranked by <c>ts_rank</c>), over the terms <see cref="SearchTerms"/> makes of every report and follow-up.
/// Each document also holds the office of its case (<see cref="SearchDocument.Office"/>), so a search can be narrowed
/// to a set of offices inside the index. Which cases may be seen is not decided here: the caller joins these hits to
/// the cases of the caller's jurisdiction.
/// </summary>
public sealed class CaseSearch(CaseworkDb db)
{
    /// <summary>The most documents one search reads, newest first (its window, in <c>Cases/CaseQueries</c>).</summary>
    public const int Window = 1_000;

    /// <summary>The documents holding every phrase of the query, of cases held by one of <paramref name="offices"/>
    /// (any office when null); the newest is the one with the highest <see cref="DocumentHit.Number"/>.</summary>
    public IQueryable<DocumentHit> Documents(SearchQuery query, IReadOnlyCollection<string>? offices = null)
    {
        if (db.Database.IsNpgsql())
        {
            var tsquery = query.TsQuery();
            return offices is null
                ? db.Database.SqlQuery<DocumentHit>(
                    $"""
                    SELECT d."Number" AS "Number", d."ReportId" AS "ReportId",
                        -ts_rank(d."Vector", to_tsquery('simple', {tsquery}))::float8 AS "Rank"
                    FROM search_documents AS d
                    WHERE d."Vector" @@ to_tsquery('simple', {tsquery})
                    """
                )
                : db.Database.SqlQuery<DocumentHit>(
                    $"""
                    SELECT d."Number" AS "Number", d."ReportId" AS "ReportId",
                        -ts_rank(d."Vector", to_tsquery('simple', {tsquery}))::float8 AS "Rank"
                    FROM search_documents AS d
                    WHERE d."Vector" @@ (to_tsquery('simple', {tsquery}) && {OfficeQuery(offices)}::tsquery)
                    """
                );
        }

        var expression = Fts5(query, offices);
        return db.Database.SqlQuery<DocumentHit>(
            $"""
            SELECT search_index.rowid AS "Number", d."ReportId" AS "ReportId", search_index.rank AS "Rank"
            FROM search_index JOIN search_documents AS d ON d."Number" = search_index.rowid
            WHERE search_index MATCH {expression}
            """
        );
    }

    /// <summary>PostgreSQL's query for the office lexemes of <paramref name="offices"/> (<c>'§26' | '§26110'</c>),
    /// which the stored vector holds beside the words (migration SearchVectorOffice), so the GIN index narrows a search
    /// to the offices itself. Office codes come from the office tree; a quote or backslash in one is escaped all the
    /// same.</summary>
    public static string OfficeQuery(IReadOnlyCollection<string> offices)
    {
        ArgumentOutOfRangeException.ThrowIfZero(offices.Count);
        return string.Join(
            " | ",
            offices.Select(o =>
                "'§"
                + o.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)
                + "'"
            )
        );
    }

    /// <summary>The FTS5 expression: the query's phrases in the terms column and, when given, one of the offices in
    /// the office column. Office codes come from the office tree; a quote in one is doubled all the same.</summary>
    public static string Fts5(SearchQuery query, IReadOnlyCollection<string>? offices)
    {
        var terms = "Terms : (" + query.Fts5() + ")";
        if (offices is null)
        {
            return terms;
        }

        ArgumentOutOfRangeException.ThrowIfZero(offices.Count);
        var quoted = offices.Select(o => "\"" + o.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        return terms + " AND Office : (" + string.Join(" OR ", quoted) + ")";
    }

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
