using System.Text.Json;
using Jebo.Casework.Data;

namespace Jebo.Casework.Lifecycle;

/// <summary>The parts of a case an action changes, recorded before and after each action in its audit entry, so the
/// trail tells what every step did and <c>revert</c> can put back what a step changed.</summary>
public sealed record CaseSnapshot(
    string Status,
    string Office,
    bool Supervised,
    string? SupervisedBy,
    DateTimeOffset? ProgressDueAt,
    string? MergedInto,
    string? EscalatedTo,
    string PublicStatus
)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CaseSnapshot Of(CaseRecord c) =>
        new(
            c.Status,
            c.OfficeCode,
            c.Supervised,
            c.SupervisedBy,
            c.ProgressDueAt,
            c.MergedInto,
            c.EscalatedTo,
            c.PublicStatus
        );

    /// <summary>The snapshot stored under <paramref name="name"/> (<c>before</c>, <c>after</c>) of an audit entry's
    /// details.</summary>
    public static CaseSnapshot? FromDetails(string details, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            return
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var element)
                ? element.Deserialize<CaseSnapshot>(Json)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The fields a step set, as revert puts them back: state, office and the supervision flag. The escalation
    /// and the public status follow from the rest and are recomputed, not restored.</summary>
    public IReadOnlyList<string> ChangedFrom(CaseSnapshot before)
    {
        var changed = new List<string>();
        if (Status != before.Status)
        {
            changed.Add("status");
        }

        if (Office != before.Office)
        {
            changed.Add("office");
        }

        if (
            Supervised != before.Supervised
            || SupervisedBy != before.SupervisedBy
            || ProgressDueAt != before.ProgressDueAt
        )
        {
            changed.Add("supervision");
        }

        if (MergedInto != before.MergedInto)
        {
            changed.Add("mergedInto");
        }

        return changed;
    }

    /// <summary>Whether this snapshot holds the same value as <paramref name="other"/> for
    /// <paramref name="field"/>.</summary>
    public bool Agrees(CaseSnapshot other, string field) =>
        field switch
        {
            "status" => Status == other.Status,
            "office" => Office == other.Office,
            "supervision" => Supervised == other.Supervised
                && SupervisedBy == other.SupervisedBy
                && ProgressDueAt == other.ProgressDueAt,
            "mergedInto" => MergedInto == other.MergedInto,
            _ => false,
        };
}
