using Jebo.Screening.Entities;

namespace Jebo.Screening.Similarity;

/// <summary>What the related-clue index compares a clue by: its MinHash signature (copies and light edits), its entity
/// keys (phones, plates, accounts, names, gangs, districts, venues, nicknames) and its wording
/// (<see cref="LexicalTerms"/>); with how the clue wrote each key, for reasons.</summary>
public sealed record ClueFeatures(
    uint[] Signature,
    IReadOnlyList<string> EntityKeys,
    IReadOnlyList<ulong> Terms,
    IReadOnlyDictionary<string, string>? Written = null,
    char Script = ClueFeatures.UnknownScript
)
{
    /// <summary>The script of a clue whose text the index was not given (its wording compares with
    /// nothing).</summary>
    public const char UnknownScript = 'o';

    /// <summary>The features of a clue's text, with the entities of the fields a reporter filled, if any.</summary>
    public static ClueFeatures Of(MinHasher hasher, string text, IEnumerable<Entity>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        // Gang names in the text are the specifics' (in every language); the extractor's organisations from text would
        // count the same gang twice.
        var found = EntityExtractor.Extract(text).Where(e => e.Kind != EntityKind.Organization);
        foreach (var entity in found.Concat(fields ?? []))
        {
            written.TryAdd(entity.Key, entity.Value);
        }

        foreach (var specific in ClueSpecifics.Find(text))
        {
            written.TryAdd(specific.Entity.Key, specific.Written);
        }

        return new ClueFeatures(
            hasher.Signature(text),
            [.. written.Keys],
            LexicalTerms.Of(text),
            written,
            LexicalTerms.Script(text)
        );
    }
}

/// <summary>One reason two clues are related, or are not: a code and its values, so a page words it in the reader's
/// language ("same gang 꼴망파", "41% of wording shared").</summary>
public sealed record MatchReason(string Code, IReadOnlyList<string> Values);

/// <summary>An earlier clue related to a new one: the combined score (0 to 1), the MinHash estimate of shared text,
/// the share of weighted wording, whether it is a near-duplicate (a copy or light edit about the same specifics),
/// and the reasons.</summary>
public sealed record ClueMatch(
    int Document,
    double Score,
    double Similarity,
    double Wording,
    bool NearDuplicate,
    IReadOnlyList<MatchReason> Reasons
);
