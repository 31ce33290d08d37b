using Jebo.Casework.Data;
using Jebo.Storage;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Search;

/// <summary>Keeps <see cref="SearchDocument"/> rows beside what they index: one for each report's text and one for
/// each follow-up, written in the same transaction as the report or follow-up, deleted with the content when
/// retention purges it.</summary>
public static class SearchIndexing
{
    /// <summary>Reports read at a time when the index is built for what a database already holds.</summary>
    public const int BatchSize = 1_000;

    /// <summary>The terms a report's stored content is indexed under.</summary>
    public static string TermsOf(ReportContent content) => SearchTerms.Document(SearchTerms.TextOf(content));

    /// <summary>The terms of a report's stored JSON content; none when it cannot be read.</summary>
    public static string TermsOfStored(string content) => SearchTerms.Document(SearchTerms.TextOfStored(content));

    /// <summary>Adds documents, numbered after the last, in the caller's write transaction (which keeps numbering to
    /// one writer at a time). Texts with no terms are left out.</summary>
    public static async Task AddAsync(
        CaseworkDb db,
        IEnumerable<(Guid ReportId, string Terms)> texts,
        CancellationToken cancellationToken
    )
    {
        var rows = texts.Where(t => t.Terms.Length > 0).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        // Each document is written with the office of the case its report is in (the rows are already written in
        // this transaction); the database's triggers keep it from then on (SearchDocument.Office).
        var reportIds = rows.Select(r => r.ReportId).Distinct().ToList();
        var offices = await db
            .Reports.Where(r => EF.Parameter(reportIds).Contains(r.Id))
            .Join(db.Cases, r => r.CaseId, c => c.Id, (r, c) => new { r.Id, c.OfficeCode })
            .ToDictionaryAsync(r => r.Id, r => r.OfficeCode, cancellationToken);
        var next = (await db.SearchDocuments.MaxAsync(d => (long?)d.Number, cancellationToken) ?? 0) + 1;
        BulkInsert.Insert(
            db,
            [
                .. rows.Select(
                    (row, i) =>
                        new SearchDocument
                        {
                            Number = next + i,
                            ReportId = row.ReportId,
                            Office = offices.GetValueOrDefault(row.ReportId, ""),
                            Terms = row.Terms,
                        }
                ),
            ]
        );
    }

    /// <summary>Forgets what the given reports and their follow-ups said (retention purged it).</summary>
    public static Task<int> RemoveAsync(
        CaseworkDb db,
        IReadOnlyList<Guid> reportIds,
        CancellationToken cancellationToken
    ) => db.SearchDocuments.Where(d => reportIds.Contains(d.ReportId)).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// Brings a database written before search to what it would hold had search always been there: every report's
    /// content stored readable (<see cref="StoredJson"/>, no more <c>\uXXXX</c>), and the search index built anew from
    /// every report and follow-up. Run by <c>jebo db migrate</c> when it applies the migration that made the index;
    /// idempotent, in batches, each batch one write transaction.
    /// </summary>
    public static async Task<int> RebuildAsync(CaseworkDb db, CancellationToken cancellationToken)
    {
        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            await db.SearchDocuments.ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Every report's id first (16 bytes each: 16 MB for a million), then the reports batch by batch.
        var all = await db.Reports.AsNoTracking().Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var batch in all.Chunk(BatchSize))
        {
            db.ChangeTracker.Clear();
            await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
            var ids = batch.ToList();
            var reports = await db.Reports.Where(r => EF.Parameter(ids).Contains(r.Id)).ToListAsync(cancellationToken);
            foreach (var report in reports)
            {
                report.Content = StoredJson.Readable(report.Content);
            }

            await db.SaveChangesAsync(cancellationToken);
            var followUps = await db
                .FollowUps.AsNoTracking()
                .Where(f => EF.Parameter(ids).Contains(f.ReportId))
                .OrderBy(f => f.ReceivedAt)
                .Select(f => new { f.ReportId, f.Text })
                .ToListAsync(cancellationToken);
            await AddAsync(
                db,
                [
                    .. reports.Select(r => (r.Id, TermsOfStored(r.Content))),
                    .. followUps.Select(f => (f.ReportId, SearchTerms.Document(f.Text))),
                ],
                cancellationToken
            );
            await transaction.CommitAsync(cancellationToken);
        }

        return all.Count;
    }
}
