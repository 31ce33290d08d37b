using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jebo.Screening.Evaluation;

/// <summary>One clue of a labelled evaluation set (docs/screening-evaluation.md): the matter it tells, its language,
/// its split, and the clue it lightly edits, if any.</summary>
public sealed record EvaluationClue(
    string Id,
    string Matter,
    string Language,
    string Split,
    string Text,
    string? NearDuplicateOf = null
);

/// <summary>Precision, recall and F1 of one kind of detection over unordered pairs of clues.</summary>
public sealed record PairScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / Predicted;
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / Expected;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public int Predicted => TruePositives + FalsePositives;
    public int Expected => TruePositives + FalseNegatives;

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"P {Precision:0.000}  R {Recall:0.000}  F1 {F1:0.000}  ({TruePositives} of {Expected} found, "
                + $"{FalsePositives} wrong)"
        );
}

/// <summary>What a method says about a pair of clues: related (same matter), and near-duplicate (a light edit).
/// The score orders the related pairs, so the evaluation can show precision and recall at other thresholds.</summary>
public sealed record PairJudgement(
    int First,
    int Second,
    double Score,
    bool Related,
    bool NearDuplicate,
    string Why = ""
);

/// <summary>
/// Measures related-clue and near-duplicate detection on a labelled set: every pair of clues of one matter is related,
/// every pair marked <c>nearDuplicateOf</c> is a near-duplicate, every other pair is neither. A method indexes the
/// clues it is given and names the pairs it would show a screener.
/// </summary>
public static class ClueEvaluation
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The clues of a JSON-lines file, one object a line.</summary>
    public static IReadOnlyList<EvaluationClue> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var clues = new List<EvaluationClue>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            clues.Add(
                JsonSerializer.Deserialize<EvaluationClue>(line, Json)
                    ?? throw new FormatException($"line {number}: not a clue")
            );
        }

        return clues;
    }

    /// <summary>Related and near-duplicate scores of a method's judgements against the labels.</summary>
    public static (PairScore Related, PairScore NearDuplicate) Score(
        IReadOnlyList<EvaluationClue> clues,
        IEnumerable<PairJudgement> judgements,
        Func<EvaluationClue, EvaluationClue, bool>? within = null
    )
    {
        ArgumentNullException.ThrowIfNull(clues);
        ArgumentNullException.ThrowIfNull(judgements);
        within ??= (_, _) => true;
        var related = new HashSet<(int, int)>();
        var nearDuplicate = new HashSet<(int, int)>();
        foreach (var judgement in judgements)
        {
            var pair = Pair(judgement.First, judgement.Second);
            if (!within(clues[pair.Item1], clues[pair.Item2]))
            {
                continue;
            }

            if (judgement.Related)
            {
                related.Add(pair);
            }

            if (judgement.NearDuplicate)
            {
                nearDuplicate.Add(pair);
            }
        }

        var ids = clues.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var (relatedScore, nearScore) = (new int[3], new int[3]);
        for (var i = 0; i < clues.Count; i++)
        {
            for (var j = i + 1; j < clues.Count; j++)
            {
                if (!within(clues[i], clues[j]))
                {
                    continue;
                }

                var sameMatter = clues[i].Matter == clues[j].Matter;
                var copy =
                    (clues[i].NearDuplicateOf is { } a && ids.GetValueOrDefault(a, -1) == j)
                    || (clues[j].NearDuplicateOf is { } b && ids.GetValueOrDefault(b, -1) == i);
                Count(relatedScore, sameMatter, related.Contains((i, j)));
                Count(nearScore, copy, nearDuplicate.Contains((i, j)));
            }
        }

        return (
            new PairScore(relatedScore[0], relatedScore[1], relatedScore[2]),
            new PairScore(nearScore[0], nearScore[1], nearScore[2])
        );
    }

    /// <summary>The report the evaluation command prints: both kinds of detection over the whole set and each split,
    /// per language pair, and related-clue precision and recall at other thresholds of the method's score.</summary>
    /// <param name="clues">The labelled set.</param>
    /// <param name="method">Judges the pairs of the clues it is given.</param>
    /// <param name="thresholds">Related-clue scores to show precision and recall at.</param>
    /// <param name="errorsOf">A split whose wrong and missed pairs to list, with the method's reasons: the tuning
    /// split, never the held-out one.</param>
    public static string Report(
        IReadOnlyList<EvaluationClue> clues,
        Func<IReadOnlyList<EvaluationClue>, IReadOnlyList<PairJudgement>> method,
        IReadOnlyList<double>? thresholds = null,
        string? errorsOf = null
    )
    {
        ArgumentNullException.ThrowIfNull(clues);
        ArgumentNullException.ThrowIfNull(method);
        var output = new StringBuilder();
        var matters = clues.Select(c => c.Matter).Distinct().Count();
        output.AppendLine(CultureInfo.InvariantCulture, $"{clues.Count} clues, {matters} matters");
        // Each split is indexed on its own, as a zone that never saw the other clues would.
        foreach (var (name, subset) in Splits(clues))
        {
            var judgements = method(subset);
            var (related, near) = Score(subset, judgements);
            output.AppendLine(
                CultureInfo.InvariantCulture,
                $"{name}: {subset.Count} clues, {subset.Select(c => c.Matter).Distinct().Count()} matters"
            );
            output.AppendLine(CultureInfo.InvariantCulture, $"  related         {related}");
            output.AppendLine(CultureInfo.InvariantCulture, $"  near-duplicate  {near}");
            foreach (var languages in LanguagePairs(subset))
            {
                var (pairRelated, _) = Score(subset, judgements, (a, b) => LanguagePair(a, b) == languages);
                output.AppendLine(CultureInfo.InvariantCulture, $"    related {languages.PadRight(6)} {pairRelated}");
            }

            foreach (var threshold in thresholds ?? [])
            {
                var (atThreshold, _) = Score(subset, judgements.Select(j => j with { Related = j.Score >= threshold }));
                output.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"    at score {threshold:0.00}: related {atThreshold}"
                );
            }

            if (name == errorsOf)
            {
                Errors(subset, judgements, output);
            }
        }

        return output.ToString();
    }

    /// <summary>The whole set, then each split in order of first appearance.</summary>
    public static IEnumerable<(string Name, IReadOnlyList<EvaluationClue> Clues)> Splits(
        IReadOnlyList<EvaluationClue> clues
    )
    {
        ArgumentNullException.ThrowIfNull(clues);
        yield return ("all", clues);
        foreach (var split in clues.Select(c => c.Split).Distinct(StringComparer.Ordinal))
        {
            yield return (split, [.. clues.Where(c => c.Split == split)]);
        }
    }

    /// <summary>Pairs judged related that are not, and same-matter pairs not judged related, with the best score and
    /// reasons the method gave.</summary>
    private static void Errors(
        IReadOnlyList<EvaluationClue> clues,
        IReadOnlyList<PairJudgement> judgements,
        StringBuilder output
    )
    {
        var best = new Dictionary<(int, int), PairJudgement>();
        foreach (var judgement in judgements)
        {
            var pair = Pair(judgement.First, judgement.Second);
            if (!best.TryGetValue(pair, out var known) || judgement.Score > known.Score)
            {
                best[pair] = judgement;
            }
        }

        for (var i = 0; i < clues.Count; i++)
        {
            for (var j = i + 1; j < clues.Count; j++)
            {
                var judged = best.GetValueOrDefault((i, j));
                var related = judged?.Related ?? false;
                var expected = clues[i].Matter == clues[j].Matter;
                if (related != expected)
                {
                    output.AppendLine(
                        CultureInfo.InvariantCulture,
                        $"    {(related ? "wrong" : "missed")} {clues[i].Id} {clues[j].Id} "
                            + $"score {judged?.Score ?? 0:0.00} {judged?.Why}"
                    );
                    output.AppendLine(CultureInfo.InvariantCulture, $"      {clues[i].Text}");
                    output.AppendLine(CultureInfo.InvariantCulture, $"      {clues[j].Text}");
                }
            }
        }
    }

    private static IEnumerable<string> LanguagePairs(IReadOnlyList<EvaluationClue> clues) =>
        clues
            .SelectMany(a => clues.Where(b => b.Matter == a.Matter && b.Id != a.Id).Select(b => LanguagePair(a, b)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static string LanguagePair(EvaluationClue a, EvaluationClue b) =>
        string.CompareOrdinal(a.Language, b.Language) <= 0
            ? $"{a.Language}-{b.Language}"
            : $"{b.Language}-{a.Language}";

    private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);

    private static void Count(int[] counts, bool expected, bool predicted)
    {
        if (expected && predicted)
        {
            counts[0]++;
        }
        else if (predicted)
        {
            counts[1]++;
        }
        else if (expected)
        {
            counts[2]++;
        }
    }
}
