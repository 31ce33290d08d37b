using Jebo.Screening.Entities;

namespace Jebo.Screening.Scoring;

/// <summary>What automatic screening says about one report: how clearly it is about organised crime (scope), how much a
/// verifier has to go on (completeness), each with reasons a person can read, and the entities found.</summary>
public sealed record ScreeningResult(
    int Scope,
    int Completeness,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<Entity> Entities
);

/// <summary>The parts of a report screening reads; both zones' report types map onto it.</summary>
public sealed record ScreeningInput(
    string Description,
    string? Category,
    string? Region,
    string? When,
    string? Where,
    IReadOnlyList<string?> SubjectNames,
    IReadOnlyList<string?> Organizations,
    int OfficialCount
);
