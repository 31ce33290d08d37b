using Jebo.Screening.Evaluation;

namespace Jebo.Benchmarks.Screening;

/// <summary>
/// <c>screening-eval --set PATH [--method combined|minhash] [--errors]</c>: precision, recall and F1 of related-clue
/// and near-duplicate detection on a labelled set (docs/screening-evaluation.md), over the whole set and each split,
/// per language pair, and at other thresholds of the method's score (<c>--errors</c>: the tuning split's wrong and
/// missed pairs, with reasons). Not a timing: it runs in a second.
/// </summary>
public static class ScreeningEvaluation
{
    private static readonly double[] Thresholds = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string? set = null;
        var method = "combined";
        var errors = args.Contains("--errors");
        args = [.. args.Where(a => a != "--errors")];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--set":
                    set = args[i + 1];
                    break;
                case "--method":
                    method = args[i + 1];
                    break;
                default:
                    return Usage(output);
            }
        }

        Func<IReadOnlyList<EvaluationClue>, IReadOnlyList<PairJudgement>>? relate = method switch
        {
            "minhash" => EvaluationMethods.MinHashAndEntities,
            "combined" => EvaluationMethods.Combined,
            _ => null,
        };
        if (set is null || args.Length % 2 != 0 || relate is null || !File.Exists(set))
        {
            return Usage(output);
        }

        using var reader = File.OpenText(set);
        output.WriteLine($"method {method}, set {set}");
        output.Write(ClueEvaluation.Report(ClueEvaluation.Read(reader), relate, Thresholds, errors ? "tuning" : null));
        return 0;
    }

    private static int Usage(TextWriter output)
    {
        output.WriteLine("usage: screening-eval --set PATH [--method combined|minhash] [--errors]");
        return 2;
    }
}
