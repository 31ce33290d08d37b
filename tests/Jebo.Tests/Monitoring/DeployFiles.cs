using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Testing;
using YamlDotNet.RepresentationModel;

namespace Jebo.Tests.Monitoring;

/// <summary>The Prometheus rules and the Grafana dashboard in <c>deploy/</c>, read as Prometheus and Grafana read
/// them.</summary>
public static partial class DeployFiles
{
    public static string RulesPath => Path.Combine(TestRepository.Root, "deploy", "prometheus", "jebo-alerts.yml");

    public static string DashboardPath => Path.Combine(TestRepository.Root, "deploy", "grafana", "jebo-dashboard.json");

    /// <summary>Every rule's expression, from the YAML document.</summary>
    public static IReadOnlyList<string> RuleExpressions()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RulesPath))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        return
        [
            .. ((YamlSequenceNode)root["groups"])
                .Cast<YamlMappingNode>()
                .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
                .Select(r => ((YamlScalarNode)r["expr"]).Value!),
        ];
    }

    /// <summary>Every panel query of the dashboard.</summary>
    public static IReadOnlyList<string> DashboardExpressions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        return
        [
            .. document
                .RootElement.GetProperty("panels")
                .EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray())
                .Select(t => t.GetProperty("expr").GetString()!),
        ];
    }

    /// <summary>The metric names an expression uses (Jebo's and the request metrics; <c>up</c> is Prometheus's
    /// own).</summary>
    public static IEnumerable<string> MetricNames(string expression) =>
        MetricName().Matches(expression).Select(m => m.Value);

    [GeneratedRegex(@"\b(jebo_[a-z_]+|http_server_[a-z_]+)\b")]
    private static partial Regex MetricName();
}
