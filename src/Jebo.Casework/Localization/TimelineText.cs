using System.Text;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;

namespace Jebo.Casework.Localization;

/// <summary>An audit entry as a person reads it on the timeline: what happened, in their language (one text per action
/// of <see cref="AuditActions"/>), and what changed (<c>status: accepted → in-verification</c>) with the step's own
/// fields, instead of the raw before/after snapshots.</summary>
public static class TimelineText
{
    private const int MaxValue = 200;

    /// <summary>The key of the staff text (<see cref="StaffText"/>) that says what an entry with this action
    /// records.</summary>
    public static string KeyOf(string action) => "Timeline.Action." + action;

    /// <summary>The line for details stored as JSON text (an audit entry's <see cref="AuditEntry.Details"/>).</summary>
    public static string Of(string details)
    {
        using var document = JsonDocument.Parse(details);
        return Of(document.RootElement);
    }

    public static string Of(JsonElement details)
    {
        if (details.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var parts = new List<string>();
        if (
            details.TryGetProperty("before", out var before)
            && details.TryGetProperty("after", out var after)
            && before.ValueKind == JsonValueKind.Object
            && after.ValueKind == JsonValueKind.Object
        )
        {
            foreach (var field in after.EnumerateObject())
            {
                var was = before.TryGetProperty(field.Name, out var old) ? Scalar(old) : "";
                var now = Scalar(field.Value);
                if (was != now)
                {
                    parts.Add($"{field.Name}: {(was.Length == 0 ? "—" : was)} → {(now.Length == 0 ? "—" : now)}");
                }
            }
        }

        foreach (var field in details.EnumerateObject().Where(f => f.Name is not ("before" or "after")))
        {
            var value = Scalar(field.Value);
            if (value.Length > 0)
            {
                parts.Add($"{field.Name}: {value}");
            }
        }

        return string.Join("; ", parts);
    }

    private static string Scalar(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Scalar).Where(s => s.Length > 0)),
            _ => "",
        };
        return text.Length <= MaxValue
            ? text
            : new StringBuilder(text, 0, MaxValue, MaxValue + 1).Append('…').ToString();
    }
}
