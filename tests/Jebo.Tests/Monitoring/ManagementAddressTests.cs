using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Jebo.Tests.Cli;

namespace Jebo.Tests.Monitoring;

/// <summary><c>jebo up</c> serves <c>/metrics</c> and the detailed <c>/readyz</c> on each zone's management address and
/// never on the public one; the counters move with real reports; the deploy files name only metrics served.</summary>
public sealed partial class ManagementAddressTests
{
    [Fact]
    public async Task Up_serves_metrics_on_the_management_addresses_only_and_they_count_a_report_across_the_gap()
    {
        using var site = OperatorFolder.Empty();
        var (intake, casework) = (OperatorFolder.FreeAddress(), OperatorFolder.FreeAddress());
        var (intakeAdmin, caseworkAdmin) = (OperatorFolder.FreeAddress(), OperatorFolder.FreeAddress());
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var running = site.TryAsync(
            null,
            [
                "up",
                "--intake-url",
                intake,
                "--casework-url",
                casework,
                "--intake-admin-url",
                intakeAdmin,
                "--casework-admin-url",
                caseworkAdmin,
                "--transfer-interval",
                "1",
                "--rate-limits",
                "off",
            ],
            stop.Token
        );
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(
            "ready\n",
            await EventuallyAsync(
                () => http.GetStringAsync(new Uri(intake + "/readyz")),
                running,
                body => body == "ready\n"
            )
        );
        Assert.Equal(
            "ready\n",
            await http.GetStringAsync(new Uri(casework + "/readyz"), TestContext.Current.CancellationToken)
        );
        var report = await http.PostAsJsonAsync(
            new Uri(intake + "/api/v1/reports"),
            new
            {
                language = "ko",
                category = "unclear",
                region = "26380",
                reporter = new { anonymous = true },
                facts = new { description = "부산 사하구 창고에서 매주 화요일 밤 마약 거래가 있습니다." },
            },
            TestContext.Current.CancellationToken
        );
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var receipt = (
            await report.Content.ReadFromJsonAsync<Dictionary<string, string>>(TestContext.Current.CancellationToken)
        )!["receipt"];

        var caseworkMetrics = await EventuallyAsync(
            () => http.GetStringAsync(new Uri(caseworkAdmin + "/metrics")),
            running,
            m =>
                Value(m, "jebo_casework_reports_imported_total") >= 1
                && m.Contains("jebo_casework_screening_duration_seconds_count", StringComparison.Ordinal)
        );
        var intakeMetrics = await EventuallyAsync(
            () => http.GetStringAsync(new Uri(intakeAdmin + "/metrics")),
            running,
            m => Value(m, "jebo_intake_transfer_sequence", "kind=\"acknowledged\"") >= 1
        );

        Assert.Equal(1, Value(intakeMetrics, "jebo_intake_reports_accepted_total"));
        Assert.Equal(0, Value(intakeMetrics, "jebo_intake_holds_total", "kind=\"client\""));
        Assert.True(Value(intakeMetrics, "jebo_intake_transfer_sequence", "kind=\"written\"") >= 1);
        Assert.Matches(
            "http_server_request_duration_seconds_count\\{[^}]*http_route=\"/api/v1/reports\"",
            intakeMetrics
        );
        Assert.Equal(0, Value(caseworkMetrics, "jebo_casework_queue_depth", "queue=\"supervision\""));
        // Each zone counts only its own requests, though both run in this one process.
        Assert.DoesNotContain("/api/v1/reports\"", caseworkMetrics, StringComparison.Ordinal);
        // No label carries the receipt, a path with data in it, or the client.
        Assert.DoesNotContain(receipt, intakeMetrics, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", intakeMetrics + caseworkMetrics, StringComparison.Ordinal);

        // Every metric the alert rules and the dashboard use is served.
        var served = intakeMetrics + caseworkMetrics;
        foreach (
            var name in DeployFiles
                .RuleExpressions()
                .Concat(DeployFiles.DashboardExpressions())
                .SelectMany(DeployFiles.MetricNames)
                .Distinct()
        )
        {
            Assert.True(Regex.IsMatch(served, $"(?m)^{name}[{{ ]"), $"{name} is named in deploy/ but not served");
        }

        // The public addresses have no /metrics; the management address tells each readiness check's finding.
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await http.GetAsync(new Uri(intake + "/metrics"), TestContext.Current.CancellationToken)).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await http.GetAsync(new Uri(casework + "/metrics"), TestContext.Current.CancellationToken)).StatusCode
        );
        var detailed = await http.GetStringAsync(
            new Uri(intakeAdmin + "/readyz"),
            TestContext.Current.CancellationToken
        );
        Assert.Contains("spool: ok", detailed, StringComparison.Ordinal);
        Assert.Contains("transfer: ok", detailed, StringComparison.Ordinal);
        Assert.Equal(
            "ok",
            await http.GetStringAsync(new Uri(caseworkAdmin + "/healthz"), TestContext.Current.CancellationToken)
        );

        await stop.CancelAsync();
        var (exit, output, error) = await running;
        Assert.True(exit == 0, error);
        Assert.Contains(
            $"management (/metrics, /readyz): intake {intakeAdmin}, casework {caseworkAdmin}",
            output,
            StringComparison.Ordinal
        );
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels contain
    /// <paramref name="label"/>; -1 if none.</summary>
    private static double Value(string metrics, string metric, string label = "")
    {
        foreach (Match sample in Sample().Matches(metrics))
        {
            if (
                sample.Groups["name"].Value == metric
                && sample.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)
            )
            {
                return double.Parse(sample.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(?<labels>\{[^}]*\})? (?<value>[-0-9.e+]+)")]
    private static partial Regex Sample();

    private static async Task<string> EventuallyAsync(Func<Task<string>> read, Task running, Func<string, bool> holds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(running.IsCompleted, "jebo up ended early");
            try
            {
                last = await read();
                if (holds(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"still: {last}");
        return last;
    }
}
