using System.Text.Json;

namespace Jebo.Casework.Web;

/// <summary>Reads the fields of a stored report (CONTRACT.md's report JSON) for display, tolerating any that are
/// missing or of an unexpected kind: a report is shown whatever shape it arrived in.</summary>
public static class ReportFields
{
    public static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() is { Length: > 0 } text ? text : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => null,
        };
    }

    public static IEnumerable<JsonElement> List(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var list)
        && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    public static bool Anonymous(JsonElement content) =>
        !(
            content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("reporter", out var reporter)
            && reporter.ValueKind == JsonValueKind.Object
            && reporter.TryGetProperty("anonymous", out var anonymous)
            && anonymous.ValueKind == JsonValueKind.False
        );
}
