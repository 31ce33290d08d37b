using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Jebo.Benchmarks.Transfer;

// Benchmarks of the product's own code (docs/benchmarks.md). Each class fixes its own short job, sized for a shared
// 2-core box: `dotnet run -c Release --project bench/Jebo.Benchmarks -- --filter '*'`.
// `profile-import sqlite|postgresql [WARM-UPS]` times one import stage by stage instead (ImportProfile);
// `profile-screen sqlite|postgresql [ROUNDS]` times import and screening, round after round (ScreenProfile);
// `profile-search sqlite|postgresql [CASES]` times case search and list at CASES cases (SearchProfile).
// `profile-screening sqlite|postgresql [REPORTS]` measures the related-clue index at REPORTS screened reports (default
// 1,000,000): build rate, a restart's rebuild, managed memory, query p50/p95/p99, import with screening
// (Screening/ScreeningProfile).
// `profile-relate [REPORTS] [ANSWERS]` times RelatedClueIndex.Relate alone, in memory (Screening/RelateProfile).
// `screening-eval --set PATH [--method combined|minhash] [--errors]` measures related-clue detection on a labelled
// set (ScreeningEvaluation, docs/screening-evaluation.md).
if (args is ["profile-import", var database, ..] && args.Length <= 3)
{
    return await ImportProfile.RunAsync(
        database,
        args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0,
        Console.Out
    );
}

if (args is ["profile-screen", var screenDatabase, ..] && args.Length <= 3)
{
    return await ScreenProfile.RunAsync(
        screenDatabase,
        args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3,
        Console.Out
    );
}

if (args is ["profile-search", var searchDatabase, ..] && args.Length <= 3)
{
    return await Jebo.Benchmarks.Cases.SearchProfile.RunAsync(
        searchDatabase,
        args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        Console.Out
    );
}

if (args is ["profile-screening", var screeningDatabase, ..] && args.Length <= 3)
{
    return await Jebo.Benchmarks.Screening.ScreeningProfile.RunAsync(
        screeningDatabase,
        args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        Console.Out
    );
}

if (args is ["profile-relate", ..] && args.Length <= 3)
{
    return await Jebo.Benchmarks.Screening.RelateProfile.RunAsync(
        args.Length >= 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300_000,
        args.Length == 3 ? args[2] : null,
        Console.Out
    );
}

if (args is ["screening-eval", ..])
{
    return Jebo.Benchmarks.Screening.ScreeningEvaluation.Run(args[1..], Console.Out);
}

// In process: on the shared box building BenchmarkDotNet's generated project for each job takes minutes and hit its
// two-minute build timeout. This executable has the jebo executable's GC and PGO settings, so nothing is favoured.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
