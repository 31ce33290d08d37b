namespace Jebo.Casework.Data;

/// <summary>The search terms of one report's text or of one follow-up (<c>Search/SearchTerms</c>), indexed by the
/// database: an FTS5 table over <see cref="Terms"/> on SQLite, a GIN full-text index on PostgreSQL. The case a hit
/// belongs to is read through its report, so a merge moves it with the report.</summary>
public sealed class SearchDocument
{
    /// <summary>Given in order by the writer, never reused: FTS5's index refers to a row by this integer key, which
    /// SQLite keeps stable (unlike the rowid of a table keyed otherwise, which VACUUM may renumber).</summary>
    public long Number { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>Letters-and-digits terms separated by spaces.</summary>
    public required string Terms { get; set; }
}
