using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Jebo.LoadHarness.Load;

/// <summary>Closed-loop load on <c>POST /api/v1/reports</c>: N connections, each sending the next report as soon as the
/// previous one is answered, for a warm-up (not counted) and then a measured period.</summary>
public static class SubmitLoad
{
    public static async Task<int> RunAsync(HarnessOptions options, TextWriter output)
    {
        var url = new Uri(new Uri(options.Text("url")), "/api/v1/reports");
        var connections = options.Number("connections", 64);
        var duration = TimeSpan.FromSeconds(options.Number("duration", 20));
        var warmup = TimeSpan.FromSeconds(options.Number("warmup", 5));
        var label = options.Text("label", url.Authority);
        var bodies = new ReportBodies(options.Number("size", 2048));

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var contentType = new MediaTypeHeaderValue("application/json");

        long serial = Random.Shared.NextInt64(1, 1_000_000) * 1_000_000;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable
            .Range(0, connections)
            .Select(_ =>
                Task.Run(async () =>
                {
                    var latencies = new List<long>(capacity: 1 << 16);
                    var statuses = new Dictionary<int, int>();
                    var failures = 0;
                    var answered = 0;
                    while (true)
                    {
                        var sent = Stopwatch.GetTimestamp();
                        if (sent >= stopAt)
                        {
                            break;
                        }

                        int status;
                        try
                        {
                            using var content = new ByteArrayContent(bodies.Next(Interlocked.Increment(ref serial)));
                            content.Headers.ContentType = contentType;
                            using var response = await client.PostAsync(url, content);
                            await response.Content.CopyToAsync(Stream.Null);
                            status = (int)response.StatusCode;
                        }
                        catch (HttpRequestException)
                        {
                            failures++;
                            continue;
                        }
                        catch (TaskCanceledException)
                        {
                            failures++;
                            continue;
                        }

                        var at = Stopwatch.GetTimestamp();
                        answered++;
                        if (sent >= measureFrom && at <= stopAt)
                        {
                            latencies.Add(at - sent);
                            statuses[status] = statuses.GetValueOrDefault(status) + 1;
                        }
                    }

                    return (latencies, statuses, failures, answered);
                })
            )
            .ToList();
        var results = await Task.WhenAll(workers);

        var all = results.SelectMany(r => r.latencies).Order().ToArray();
        var statusCounts = results
            .SelectMany(r => r.statuses)
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        var created = statusCounts.GetValueOrDefault((int)HttpStatusCode.Created);
        var failed = results.Sum(r => r.failures);
        var answeredInAll = results.Sum(r => r.answered);
        double Ms(double quantile) =>
            all.Length == 0
                ? double.NaN
                : all[Math.Min(all.Length - 1, (int)Math.Ceiling(quantile * all.Length) - 1)]
                    * 1000.0
                    / Stopwatch.Frequency;

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: {created / duration.TotalSeconds:F0} receipts/s ({all.Length} answers in "
                + $"{duration.TotalSeconds:F0} s, {connections} connections, {bodies.Size} B bodies); latency p50 "
                + $"{Ms(0.50):F1} ms, p90 {Ms(0.90):F1} ms, p99 {Ms(0.99):F1} ms, max {Ms(1.0):F1} ms; "
                + $"statuses {string.Join(' ', statusCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}x{p.Value}"))}; "
                + $"transport failures {failed}"
        );
        await output.WriteLineAsync(summary);
        await output.WriteLineAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT\t{label}\t{created / duration.TotalSeconds:F0}\t{Ms(0.50):F1}\t{Ms(0.99):F1}\t"
                    + $"{all.Length - created + failed}\t{answeredInAll}"
            )
        );
        return created > 0 && created == all.Length && failed == 0 ? 0 : 1;
    }
}
