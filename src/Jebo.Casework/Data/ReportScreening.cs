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

    public DateTimeOffset ScreenedAt { get; set; }

    /// <summary>The report's triage (<c>Jebo.Screening.Scoring.TriageParts</c>: in scope, urgent, complete, suggested
    /// out of scope); null until <c>Screening/ScreeningPriorities</c> has judged it.</summary>
    public int? Triage { get; set; }

    /// <summary>JSON list of the triage's reasons, each a code and its values (<c>TriageReason</c>).</summary>
    public string? TriageReasons { get; set; }
}
