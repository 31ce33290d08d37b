namespace Jebo.Transfer.Reports;

/// <summary>A report as the reporter gave it: the body of <c>POST /api/v1/reports</c> and what casework reads
/// after opening the sealed box. Every field but <c>facts.description</c> may be missing.</summary>
public sealed record ReportContent
{
    public string? Language { get; init; }
    public string? Category { get; init; }
    public string? Region { get; init; }
    public ReporterContent? Reporter { get; init; }
    public IReadOnlyList<SubjectContent>? Subjects { get; init; }
    public FactsContent? Facts { get; init; }
    public IReadOnlyList<OfficialContent>? Officials { get; init; }
}

/// <summary>Who reports: anonymous, or a name and contact with consent to be contacted; and whether they ask for
/// protection because they are threatened over the report (anonymous or not).</summary>
public sealed record ReporterContent
{
    public bool Anonymous { get; init; } = true;
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public bool ContactConsent { get; init; }
    public bool Protection { get; init; }
}

/// <summary>A reported person.</summary>
public sealed record SubjectContent
{
    public string? Name { get; init; }
    public string? Alias { get; init; }
    public string? Organization { get; init; }
    public string? Description { get; init; }
}

/// <summary>What happened, when and where.</summary>
public sealed record FactsContent
{
    public string? When { get; init; }
    public string? Where { get; init; }
    public string? Description { get; init; }
}

/// <summary>An official said to shield the group.</summary>
public sealed record OfficialContent
{
    public string? Name { get; init; }
    public string? Position { get; init; }
    public string? Organization { get; init; }
    public string? Description { get; init; }
}
