namespace Jebo.Tests.Monitoring;

/// <summary>The alert rules and the dashboard parse and name only metrics of the zones (that the zones really expose
/// them is checked against a running platform in <see cref="ManagementAddressTests"/>).</summary>
public sealed class DeployFilesTests
{
    [Fact]
    public void The_alert_rules_parse_as_yaml_and_every_rule_names_a_jebo_or_request_metric()
    {
        var expressions = DeployFiles.RuleExpressions();

        Assert.True(expressions.Count >= 8, $"only {expressions.Count} rules");
        Assert.All(expressions.Where(e => !e.StartsWith("up{", StringComparison.Ordinal)), e =>
            Assert.NotEmpty(DeployFiles.MetricNames(e))
        );
        Assert.Contains(expressions, e => e.Contains("jebo_intake_transfer_lag_seconds", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Contains("jebo_casework_quarantine_open", StringComparison.Ordinal));
    }

    [Fact]
    public void The_dashboard_parses_and_shows_intake_casework_and_request_metrics()
    {
        var names = DeployFiles
            .DashboardExpressions()
            .SelectMany(DeployFiles.MetricNames)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("jebo_intake_reports_accepted_total", names);
        Assert.Contains("jebo_casework_reports_imported_total", names);
        Assert.Contains("jebo_casework_queue_depth", names);
        Assert.Contains("http_server_request_duration_seconds_count", names);
    }
}
