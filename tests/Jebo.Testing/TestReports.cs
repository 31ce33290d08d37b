using System.Text.Json;

namespace Jebo.Testing;

/// <summary>Report bodies as an integrator posts them to intake's API.</summary>
public static class TestReports
{
    /// <summary>The least the API takes: an anonymous report in English, of an unclear kind, in Seoul (region
    /// 11).</summary>
    public static string Anonymous(string description) =>
        """{"language":"en","category":"unclear","region":"11","reporter":{"anonymous":true},"facts":{"description":"""
        + JsonSerializer.Serialize(description)
        + "}}";
}
