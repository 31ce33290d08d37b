using System.Diagnostics;
using System.Globalization;
using Jebo.Casework.Screening;
using Jebo.Screening.Similarity;

namespace Jebo.Benchmarks.Screening;

/// <summary>
/// <c>Jebo.Benchmarks profile-relate [REPORTS] [ANSWERS]</c>: the related-clue index alone, in memory, without a
/// database, to see quickly what a change to <see cref="RelatedClueIndex.Relate"/> does at REPORTS reports (300,000 by
/// default). Features of <see cref="VariedClues"/> are computed on every core (untimed), added in order, then
/// <see cref="ScreeningProfile.Queries"/> held-back clues are related one at a time, each timed. With ANSWERS, every
/// answer (document, score, near copy, reasons) is written to that file, so two versions can be compared line by line:
/// a change meant to be exact must write the same file.
/// </summary>
public static class RelateProfile
{
    public static async Task<int> RunAsync(int count, string? answers, TextWriter output)
    {
        var hasher = new MinHasher();
        using var index = new RelatedClueIndex(hasher);
        var stopwatch = Stopwatch.StartNew();
        var adding = new Stopwatch();
        for (var done = 0; done < count; done += ScreeningProfile.FillBatch)
        {
            var size = Math.Min(ScreeningProfile.FillBatch, count - done);
            var clues = new VariedClues(done);
            var contents = Enumerable.Range(done, size).Select(clues.Next).ToArray();
            var features = new ClueFeatures[size];
            Parallel.For(0, size, i => features[i] = StoredClueFeatures.Of(hasher, contents[i]));
            adding.Start();
            foreach (var clue in features)
            {
                index.Add(clue);
            }

            adding.Stop();
        }

        await output.WriteLineAsync(
            $"index: {index.Count:N0} reports in {stopwatch.Elapsed.TotalSeconds:F0} s, adding alone "
                + $"{index.Count / adding.Elapsed.TotalSeconds:N0} reports/s"
        );

        var held = new VariedClues(-1);
        var queries = Enumerable
            .Range(0, ScreeningProfile.Queries)
            .Select(i => StoredClueFeatures.Of(hasher, held.Next(i)))
            .ToList();
        foreach (var warm in queries.Take(100))
        {
            index.Relate(warm, limit: 30);
        }

        var times = new List<double>(queries.Count);
        var found = 0;
        await using var writer = answers is null ? null : new StreamWriter(answers);
        for (var i = 0; i < queries.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var matches = index.Relate(queries[i], limit: 30);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            found += matches.Count;
            if (writer is not null)
            {
                foreach (var m in matches)
                {
                    var reasons = string.Join(";", m.Reasons.Select(r => r.Code + "=" + string.Join(",", r.Values)));
                    var scores = string.Create(
                        CultureInfo.InvariantCulture,
                        $"{m.Score:F9} {m.Similarity:F6} {m.Wording:F9}"
                    );
                    await writer.WriteLineAsync($"{i} {m.Document} {scores} {m.NearDuplicate} {reasons}");
                }
            }
        }

        times.Sort();
        await output.WriteLineAsync(
            $"relate: n={times.Count:N0} p50 {Percentile(times, 0.50):F2} ms, p95 {Percentile(times, 0.95):F2} ms, "
                + $"p99 {Percentile(times, 0.99):F2} ms, max {times[^1]:F2} ms, mean {times.Average():F2} ms; "
                + $"{found / (double)times.Count:F1} related per query (limit 30, as ClueIndex asks)"
        );
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
