namespace Jebo.Casework.Data;

/// <summary>The search terms of one report's text or of one follow-up (<c>Search/SearchTerms</c>), indexed by the
/// database: an FTS5 table over <see cref="Terms"/> and <see cref="Office"/> on SQLite, a GIN full-text index and an
/// index on the office on PostgreSQL. The case a hit belongs to is read through its report, so a merge moves it with
/// the report.</summary>
public sealed class SearchDocument
{
    /// <summary>Given in order by the writer, never reused: FTS5's index refers to a row by this integer key, which
    /// SQLite keeps stable (unlike the rowid of a table keyed otherwise, which VACUUM may renumber).</summary>
    public long Number { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>The office holding the report's case now, so that the index itself narrows a search to a
    /// jurisdiction (<c>Search/CaseSearch</c>). Written with the document; the database's triggers keep it when the
    /// case changes office or the report changes case (the <c>SearchScope</c> migration). Only a narrowing: which cases
    /// a person may see is still decided against the cases themselves.</summary>
    public string Office { get; set; } = "";

    /// <summary>Letters-and-digits terms separated by spaces.</summary>
    public required string Terms { get; set; }
}
