using BenchmarkDotNet.Running;
using Jebo.Benchmarks.Transfer;

// Benchmarks of the product's own code (docs/benchmarks.md). Each class fixes its own short job, sized for a shared
// 2-core box: `dotnet run -c Release --project bench/Jebo.Benchmarks -- --filter '*'`.
// `profile-import sqlite|postgresql` times one import stage by stage instead (ImportProfile).
if (args is ["profile-import", var database])
{
    return await ImportProfile.RunAsync(database, Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
