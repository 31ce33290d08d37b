using System.Globalization;
using Jebo.Screening.Entities;

namespace Jebo.Screening.Similarity;

/// <summary>
/// How the related-clue index weighs its signals into one score, in one place: the share of wording two clues have
/// in common (TF-IDF cosine over <see cref="LexicalTerms"/>), plus each shared entity weighted by its kind and by how
/// rare it is in the index, minus conflicting specifics (both name a gang, a district or a venue, and not the same
/// one). Chosen from the evaluation command's output on the tuning split (docs/screening-evaluation.md).
/// </summary>
public static class ClueScoring
{
    /// <summary>The least score at which a clue is shown as related.</summary>
    public const double RelatedThreshold = 0.4;

    /// <summary>The least estimated Jaccard similarity of a near-duplicate (which must have no conflict
    /// either).</summary>
    public const double NearDuplicateThreshold = 0.5;

    /// <summary>Estimated Jaccard similarity above which two clues with conflicting specifics are one form filled in
    /// twice: their shared wording counts for nothing.</summary>
    public const double TemplateSimilarity = 0.4;

    /// <summary>Clues in different scripts share no wording, so their shared entities are all the evidence there is
    /// and count this many times.</summary>
    public const double OtherLanguageFactor = 2;

    /// <summary>Reason codes. <c>same-*</c> values are the specifics as the new clue wrote them; <c>other-*</c>
    /// values are the new clue's and then the earlier clue's keys; <c>shared-wording</c> and <c>near-copy</c> are
    /// percentages.</summary>
    public static class Codes
    {
        public const string SharedWording = "shared-wording";
        public const string NearCopy = "near-copy";
        public const string OtherGang = "other-gang";
        public const string OtherPlace = "other-place";
        public const string OtherVenue = "other-venue";

        /// <summary><c>same-phone</c>, <c>same-gang</c>, … for an entity kind.</summary>
        public static string Same(EntityKind kind) =>
            kind switch
            {
                EntityKind.VehiclePlate => "same-plate",
                EntityKind.Url => "same-link",
                EntityKind.Organization => "same-organisation",
                _ => "same-" + kind.ToString().ToLowerInvariant(),
            };
    }

    /// <summary>What a shared entity of a kind adds at most (when no other clue has it).</summary>
    public static double Weight(EntityKind kind) =>
        kind switch
        {
            EntityKind.Phone or EntityKind.VehiclePlate or EntityKind.Account => 0.6,
            EntityKind.Email or EntityKind.Url => 0.5,
            EntityKind.Gang or EntityKind.Venue => 0.3,
            EntityKind.Person or EntityKind.Organization => 0.3,
            EntityKind.Alias => 0.15,
            EntityKind.Place => 0.1,
            _ => 0,
        };

    /// <summary>What naming another one of a kind takes away.</summary>
    public static double Conflict(EntityKind kind) =>
        kind switch
        {
            EntityKind.Gang => 0.6,
            EntityKind.Venue => 0.4,
            EntityKind.Place => 0.2,
            _ => 0,
        };

    /// <summary>How rare a key is among <paramref name="documents"/>: 1 for a key one clue has, near 0 for one every
    /// clue has (inverse document frequency scaled to the index).</summary>
    public static double Rarity(int holders, int documents) =>
        documents <= 1
            ? 1
            : Math.Clamp(Math.Log((documents + 1.0) / Math.Max(1, holders)) / Math.Log(documents + 1.0), 0, 1);

    /// <summary>Whether two clues name specifics of one kind that cannot be the same: both name some, and none of
    /// theirs is close to one of ours among those that compare (both in Latin letters, or both in Hanzi: a Chinese
    /// name and a romanised Korean one may well be one gang). Close: equal; in Latin letters, one beginning the other
    /// (jagal, jagalchi) or one letter apart (a typo, a romanisation); in Hanzi, a character in common (三岔,
    /// 岔岔). With <paramref name="prefix"/> (a kind and its colon), only those of <paramref name="theirs"/> that begin
    /// with it are taken: the related-clue index asks it of every candidate, so it allocates nothing.</summary>
    public static bool Conflicting(IReadOnlyList<string> ours, IReadOnlyList<string> theirs, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var comparable = false;
        for (var j = 0; j < theirs.Count; j++)
        {
            var b = theirs[j];
            if (prefix is not null && !b.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            for (var i = 0; i < ours.Count; i++)
            {
                var a = ours[i];
                if (Hanzi(a) == Hanzi(b))
                {
                    comparable = true;
                    if (Close(Value(a), Value(b), Hanzi(a)))
                    {
                        return false;
                    }
                }
            }
        }

        return comparable;
    }

    private static ReadOnlySpan<char> Value(string key) => key.AsSpan(key.LastIndexOf(':') + 1);

    private static bool Close(ReadOnlySpan<char> x, ReadOnlySpan<char> y, bool hanzi) =>
        x.SequenceEqual(y)
        || (
            hanzi
                ? x.ContainsAny(y)
                : Math.Min(x.Length, y.Length) >= 4
                    && (
                        x.StartsWith(y, StringComparison.Ordinal)
                        || y.StartsWith(x, StringComparison.Ordinal)
                        || OneEditApart(x, y)
                    )
        );

    /// <summary>One letter changed, added or dropped.</summary>
    private static bool OneEditApart(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (Math.Abs(x.Length - y.Length) > 1)
        {
            return false;
        }

        var (i, j, edits) = (0, 0, 0);
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                (i, j) = (i + 1, j + 1);
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            (i, j) =
                x.Length > y.Length ? (i + 1, j)
                : x.Length < y.Length ? (i, j + 1)
                : (i + 1, j + 1);
        }

        return edits + (x.Length - i) + (y.Length - j) <= 1;
    }

    private static bool Hanzi(string key) => key.Length > 0 && key[^1] is >= '\u3400' and <= '\u9FFF';

    internal static string Percent(double share) => Math.Round(share * 100).ToString("0", CultureInfo.InvariantCulture);

    internal static EntityKind? KindOf(string key) =>
        Enum.TryParse<EntityKind>(key.AsSpan(0, Math.Max(0, key.IndexOf(':', StringComparison.Ordinal))), out var kind)
            ? kind
            : null;
}
