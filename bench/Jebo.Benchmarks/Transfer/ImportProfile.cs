using System.Diagnostics;
using System.Globalization;
using Jebo.Casework;
using Jebo.Casework.Transfer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// <c>Jebo.Benchmarks profile-import sqlite|postgresql [WARM-UPS]</c>: one import of the benchmark's bundle with the
/// time of each stage (verify, check with every record opened, the whole receive) and every SQL command slower than 50
/// ms, for a first look at where an import's time goes before reaching for a profiler (the same run under
/// <c>dotnet-trace collect</c> is the second look). Not a measurement: one run, after WARM-UPS whole imports into
/// databases of their own (none by default) so that the timed one runs compiled code.
/// </summary>
public static class ImportProfile
{
    public static async Task<int> RunAsync(string database, int warmUps, TextWriter output)
    {
        using var zones = TwoZones.Create();
        var stopwatch = Stopwatch.StartNew();
        var bundle = await zones.WriteReportBundleAsync(ImportBenchmarks.Reports);
        await output.WriteLineAsync(
            $"bundle of {ImportBenchmarks.Reports} reports written by intake: {bundle.Length} bytes in "
                + $"{stopwatch.ElapsedMilliseconds} ms"
        );
        using var databases = await CaseworkDatabases.CreateAsync(zones, database);
        var options = zones.Casework(databases.New(1));

        var services = new ServiceCollection();
        using var commands = new SlowCommands(output);
        services.AddLogging(logging => logging.AddProvider(commands).SetMinimumLevel(LogLevel.Debug));
        services.AddCasework(options);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ReportImporter>();

        for (var round = 1; round <= 2; round++)
        {
            stopwatch.Restart();
            importer.Verify(bundle);
            var verify = stopwatch.Elapsed;
            stopwatch.Restart();
            await importer.CheckAsync(bundle, CancellationToken.None);
            await output.WriteLineAsync(
                $"round {round}: verify {verify.TotalMilliseconds:F0} ms, check (verify + open + place) "
                    + $"{stopwatch.ElapsedMilliseconds} ms"
            );
        }

        // Whole imports into databases of their own, so that the timed one runs code the JIT has finished tiering.
        for (var i = 0; i < warmUps; i++)
        {
            var warmOptions = zones.Casework(databases.New(2 + i));
            TwoZones.Deliver(warmOptions, bundle);
            await using var warm = CaseworkServices.Build(warmOptions);
            await using var warmScope = warm.CreateAsyncScope();
            stopwatch.Restart();
            await warmScope
                .ServiceProvider.GetRequiredService<ReportImporter>()
                .ReceiveAsync(null, CancellationToken.None);
            await output.WriteLineAsync($"warm-up receive {stopwatch.ElapsedMilliseconds} ms");
        }

        TwoZones.Deliver(options, bundle);
        stopwatch.Restart();
        await output.WriteLineAsync($"  {commands.Now} ms: receive starts");
        var results = await importer.ReceiveAsync(null, CancellationToken.None);
        await output.WriteLineAsync(
            $"receive (check + persist): {stopwatch.ElapsedMilliseconds} ms: "
                + $"{string.Join("; ", results.Select(r => r.Message))}"
        );
        await using var db = CaseworkZone.OpenDatabase(options);
        await output.WriteLineAsync(
            $"cases {await db.Cases.CountAsync()}, reports {await db.Reports.CountAsync()}, audit entries "
                + $"{await db.AuditEntries.CountAsync()}"
        );
        return 0;
    }

    /// <summary>Sums EF Core's "Executed DbCommand (N ms)" by statement, prints those slower than 50 ms, and stamps
    /// transaction events with the time since the last one.</summary>
    private sealed class SlowCommands(TextWriter output) : ILoggerProvider, ILogger
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Dictionary<string, (int Count, long Ms)> totals = new(StringComparer.Ordinal);

        public long Now => clock.ElapsedMilliseconds;

        public ILogger CreateLogger(string categoryName) =>
            categoryName == DbLoggerCategory.Database.Command.Name
            || categoryName == DbLoggerCategory.Database.Transaction.Name
                ? this
                : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var message = formatter(state, exception);
            if (
                message.StartsWith("Executed DbCommand (", StringComparison.Ordinal)
                && int.TryParse(
                    message.AsSpan(20, message.IndexOf("ms)", StringComparison.Ordinal) - 20),
                    System.Globalization.NumberStyles.AllowThousands,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out var ms
                )
            )
            {
                var firstLine = (message.Split('\n').Skip(1).FirstOrDefault(l => l.Trim().Length > 0) ?? "").Trim();
                var key = firstLine[..Math.Min(60, firstLine.Length)];
                var (count, sum) = totals.GetValueOrDefault(key);
                totals[key] = (count + 1, sum + ms);
                if (ms >= 50)
                {
                    output.WriteLine(
                        string.Format(
                            CultureInfo.InvariantCulture,
                            "  {0,7} ms: slow SQL {1} ms: {2}",
                            clock.ElapsedMilliseconds,
                            ms,
                            firstLine[..Math.Min(120, firstLine.Length)]
                        )
                    );
                }
            }
            else if (message.Contains("transaction", StringComparison.OrdinalIgnoreCase))
            {
                output.WriteLine(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "  {0,7} ms: {1}",
                        clock.ElapsedMilliseconds,
                        message.Split('\n')[0]
                    )
                );
            }
        }

        public void Dispose()
        {
            foreach (var (statement, (count, ms)) in totals.OrderByDescending(t => t.Value.Ms).Take(12))
            {
                output.WriteLine(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "  SQL total {0,6} ms in {1,5} command(s): {2}",
                        ms,
                        count,
                        statement
                    )
                );
            }
        }
    }
}
