namespace Jebo.Casework.Data;

/// <summary>Automatic screening of one report, kept beside it: scores with reasons, entities, and the MinHash signature
/// the related-clue index is rebuilt from at start-up.</summary>
public sealed class ReportScreening
{
    public Guid ReportId { get; set; }
    public required string CaseId { get; set; }
    public int Scope { get; set; }
    public int Completeness { get; set; }

    /// <summary>JSON list of sentences a person can read.</summary>
    public required string Reasons { get; set; }

    /// <summary>JSON list of entity keys (<c>Phone:01012345678</c>).</summary>
    public required string Entities { get; set; }

    /// <summary>The MinHash signature, 4 bytes per value, little-endian.</summary>
    public required byte[] Signature { get; set; }

    /// <summary>The related-clue features' entity keys, each with how the report wrote it: a JSON object
    /// (<c>{"Gang:kkolmangpa":"꼴망파"}</c>, <c>Screening/StoredClueFeatures</c>); null for a row screened before
    /// issue 17, whose features are computed again from the report once.</summary>
    public string? Keys { get; set; }

    /// <summary>The wording's term hashes (<c>Jebo.Screening.Similarity.LexicalTerms</c>), 8 bytes each,
    /// little-endian, so that a restart rebuilds the index without reading the reports; null as for
    /// <see cref="Keys"/>.</summary>
    public byte[]? Terms { get; set; }

    /// <summary>The script most of the wording is in (k, h, l, or o for none).</summary>
    public string? Script { get; set; }

    public DateTimeOffset ScreenedAt { get; set; }

    /// <summary>The report's triage (<c>Jebo.Screening.Scoring.TriageParts</c>: in scope, urgent, complete, suggested
    /// out of scope); null until <c>Screening/ScreeningPriorities</c> has judged it.</summary>
    public int? Triage { get; set; }

    /// <summary>JSON list of the triage's reasons, each a code and its values (<c>TriageReason</c>).</summary>
    public string? TriageReasons { get; set; }
}
