namespace Jebo.Casework.Cases;

/// <summary>What became of an action: done (with the updated case), or why not, in the terms of the HTTP answer the
/// API gives (400 invalid, 403 forbidden, 404 not found, 409 conflict).</summary>
public abstract record CaseActionOutcome
{
    public sealed record Done(CaseDetail Case) : CaseActionOutcome;

    /// <summary>The input is wrong, per field.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : CaseActionOutcome;

    /// <summary>No such case in the caller's jurisdiction.</summary>
    public sealed record NotFound : CaseActionOutcome;

    /// <summary>The caller's role or office may not take this action on this case.</summary>
    public sealed record Forbidden(string Why) : CaseActionOutcome;

    /// <summary>The case's state does not allow the action now (or it changed meanwhile).</summary>
    public sealed record Conflict(string Why, string Status, int Version, IReadOnlyList<string> AllowedNow)
        : CaseActionOutcome;

    public static Invalid Field(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
