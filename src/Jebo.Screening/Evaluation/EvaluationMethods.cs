using Jebo.Screening.Entities;
using Jebo.Screening.Similarity;

namespace Jebo.Screening.Evaluation;

/// <summary>The ways of relating clues the evaluation command measures, each indexing the clues it is given in order
/// and asking, for each, the ten best matches, as casework does for a new report.</summary>
public static class EvaluationMethods
{
    /// <summary>Matches shown per clue, as casework shows a case's related cases.</summary>
    public const int Limit = 10;

    /// <summary>The least estimated Jaccard similarity the MinHash-only method calls a near-duplicate: the LSH bands
    /// are sized to meet texts sharing about half their shingles.</summary>
    public const double MinHashNearDuplicate = 0.5;

    /// <summary>Before issue 17: MinHash over character 3-shingles (estimated Jaccard ≥ 0.3) or any shared entity
    /// (<see cref="RelatedClueIndex.Query"/>).</summary>
    public static IReadOnlyList<PairJudgement> MinHashAndEntities(IReadOnlyList<EvaluationClue> clues)
    {
        ArgumentNullException.ThrowIfNull(clues);
        using var index = new RelatedClueIndex();
        var signatures = clues.Select(c => index.Hasher.Signature(c.Text)).ToList();
        var keys = clues.Select(c => EntityExtractor.Extract(c.Text).Select(e => e.Key).ToList()).ToList();
        for (var i = 0; i < clues.Count; i++)
        {
            index.Add(signatures[i], keys[i]);
        }

        var judgements = new List<PairJudgement>();
        for (var i = 0; i < clues.Count; i++)
        {
            foreach (var match in index.Query(signatures[i], keys[i], limit: Limit, exclude: i))
            {
                var score = match.SharedEntities.Count > 0 ? 1 : match.Similarity;
                judgements.Add(
                    new PairJudgement(i, match.Document, score, true, match.Similarity >= MinHashNearDuplicate)
                );
            }
        }

        return judgements;
    }

    /// <summary>Since issue 17: wording, rare entities and conflicting specifics in one score
    /// (<see cref="RelatedClueIndex.Relate"/>), related at <see cref="ClueScoring.RelatedThreshold"/>; the score of
    /// lower matches is kept, so the report can show other thresholds.</summary>
    public static IReadOnlyList<PairJudgement> Combined(IReadOnlyList<EvaluationClue> clues)
    {
        ArgumentNullException.ThrowIfNull(clues);
        using var index = new RelatedClueIndex();
        var features = clues.Select(c => ClueFeatures.Of(index.Hasher, c.Text)).ToList();
        foreach (var clue in features)
        {
            index.Add(clue);
        }

        index.Compact();
        var judgements = new List<PairJudgement>();
        for (var i = 0; i < clues.Count; i++)
        {
            foreach (var match in index.Relate(features[i], threshold: 0.1, limit: Limit, exclude: i))
            {
                judgements.Add(
                    new PairJudgement(
                        i,
                        match.Document,
                        match.Score,
                        match.Score >= ClueScoring.RelatedThreshold,
                        match.NearDuplicate,
                        string.Join(' ', match.Reasons.Select(r => $"{r.Code}[{string.Join(',', r.Values)}]"))
                    )
                );
            }
        }

        return judgements;
    }
}
