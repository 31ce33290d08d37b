namespace Jebo.Casework.Data;

/// <summary>Two cases screening found related while they were held in different provinces (the national office counts
/// as one of its own), or found to be near-duplicates wherever they are held: the pair the national office's
/// <c>cross-province</c> queue lists until it joins them (merge) or dismisses the relation, and, when
/// <see cref="NearDuplicate"/>, the pair the <c>merge-proposals</c> queue proposes to whoever sees both cases.
/// <see cref="CaseId"/> is the ordinally smaller id of the two, so a pair is kept once, and a dismissed pair is never
/// proposed again.</summary>
/// <remarks>Security: an office sees only its side of the pair, as an office holding "a related case"
/// (<c>Staff/RelatedCaseDisclosure</c>); the <see cref="Id"/> is what it names the relation by, never the other
/// case's id.</remarks>
public sealed class CaseRelation
{
    public Guid Id { get; set; }
    public required string CaseId { get; set; }
    public required string RelatedCaseId { get; set; }

    /// <summary>The related-clue score of the two when first found (0–1).</summary>
    public double Similarity { get; set; }

    /// <summary>Screening called the two near-duplicates (a copy or a light edit about the same specifics): the pair is
    /// proposed for merging (<c>merge-proposals</c>), never merged without a person's action.</summary>
    public bool NearDuplicate { get; set; }

    /// <summary>Why the two are related, as screening found it: a JSON list of <c>{"code", "values"}</c>
    /// (<c>Jebo.Screening.Similarity.MatchReason</c>); null for pairs recorded before issue 17.</summary>
    public string? Reasons { get; set; }

    public DateTimeOffset FoundAt { get; set; }

    /// <summary>When an office holding one of the cases asked the national office to join them (<c>ask-join</c>),
    /// who, from which office, and why; the pair then leads the queue.</summary>
    public DateTimeOffset? JoinAskedAt { get; set; }

    public string? JoinAskedBy { get; set; }
    public string? JoinAskedOffice { get; set; }
    public string? JoinReason { get; set; }

    /// <summary>When the national office dismissed the relation (<c>dismiss-related</c>), or someone who sees both
    /// cases dismissed the merge proposal (<c>dismiss-duplicate</c>), and who; the reason is in the trail.</summary>
    public DateTimeOffset? DismissedAt { get; set; }

    public string? DismissedBy { get; set; }
}
