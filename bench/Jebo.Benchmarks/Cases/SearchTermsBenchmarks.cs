using BenchmarkDotNet.Attributes;
using Jebo.Benchmarks.Transfer;
using Jebo.Casework.Search;

namespace Jebo.Benchmarks.Cases;

/// <summary>
/// The search terms of one report (about 2 KiB of Korean and Latin text, a phone and a plate), as casework computes
/// them for every report it opens (<see cref="SearchTerms.Document"/>, called from <c>OpenedReport.Of</c>): under
/// <c>jebo up</c> a profile of the busy quick run found a fifth of the box's processor time here.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SearchTermsBenchmarks
{
    private readonly string text = SearchTerms.TextOf(SampleReports.Report(10));

    [Benchmark]
    public int Document() => SearchTerms.Document(text).Length;
}
