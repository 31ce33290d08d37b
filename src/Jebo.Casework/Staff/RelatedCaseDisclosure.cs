using System.Text.Json;
using System.Text.Json.Nodes;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Staff;

/// <summary>What a person learns of a case related to one they see, across the jurisdiction boundary.</summary>
public enum RelatedShowing
{
    /// <summary>Nothing at all: not its id, not that it exists.</summary>
    Nothing,

    /// <summary>Only that an office holds a related case: the office, the score, when it was found.</summary>
    OfficeOnly,

    /// <summary>The case itself (it lies within the person's jurisdiction).</summary>
    Full,
}

/// <summary>Another office holds a related case: all that crosses the boundary between provinces.
/// <paramref name="Relation"/> names the pair (for <c>ask-join</c>), never the other case.</summary>
public sealed record RelatedOfficeHint(
    Guid Relation,
    string Office,
    string OfficeName,
    double Similarity,
    DateTimeOffset FoundAt,
    DateTimeOffset? JoinAskedAt
);

/// <summary>
/// The one place that decides how much a person learns of a case related to one of theirs: in full when it lies in
/// their jurisdiction (<see cref="Jurisdiction"/>); when it is held in another province, only that an office holds
/// a related case (<see cref="RelatedOfficeHint"/>: the office, the score, when it was found); otherwise nothing. The
/// national office sees both cases in full and joins them (merge) or dismisses the relation
/// (<see cref="MayDismiss"/>).
/// </summary>
/// <remarks>Security: provinces do not see each other's cases, and nobody but the national office sees across them,
/// so a duplicate held in two provinces would stay invisible. The hint tells an office whom to ask, never what the
/// other holds: not the other case's id (which would open it to guessing and to the other trail), its content,
/// status or reporters. Within one province the province office sees both cases and joins them itself, so a district
/// learns nothing of a neighbour's case. A third province sees neither case and learns nothing.</remarks>
public sealed class RelatedCaseDisclosure(OfficeTree offices)
{
    /// <summary>The province an office belongs to: the office just below the national office on its path (the office
    /// itself for a province); the national office is a province of its own.</summary>
    public string ProvinceOf(string office)
    {
        var at = office;
        while (offices.ParentOf(at) is { } parent && parent != RegionDataset.National)
        {
            at = parent;
        }

        return at;
    }

    /// <summary>Whether cases held by the two offices lie in different provinces.</summary>
    public bool CrossProvince(string office, string otherOffice) => ProvinceOf(office) != ProvinceOf(otherOffice);

    /// <summary>How much <paramref name="staff"/>, reading a case held by <paramref name="caseOffice"/>, learns of a
    /// related case held by <paramref name="relatedOffice"/>.</summary>
    public RelatedShowing Showing(StaffPrincipal staff, string caseOffice, string relatedOffice) =>
        offices.IsWithin(relatedOffice, staff.OfficeCode) ? RelatedShowing.Full
        : CrossProvince(caseOffice, relatedOffice) ? RelatedShowing.OfficeOnly
        : RelatedShowing.Nothing;

    /// <summary>The hint, built here so that nothing else of the other case can travel with it.</summary>
    public static RelatedOfficeHint Hint(CaseRelation relation, Office relatedOffice, string language) =>
        new(
            relation.Id,
            relatedOffice.Code,
            language switch
            {
                "en" => relatedOffice.NameEn,
                "zh" => relatedOffice.NameZh,
                _ => relatedOffice.Name,
            },
            Math.Round(relation.Similarity, 2),
            relation.FoundAt,
            relation.JoinAskedAt
        );

    /// <summary>Who dismisses a relation between provinces: the national office, which alone sees both
    /// cases.</summary>
    public static string? DismissRefusal(StaffPrincipal staff) =>
        staff.OfficeCode == RegionDataset.National ? null : Refusals.Text("Refusal.DismissRelatedNational");

    /// <summary>Whether <paramref name="staff"/> may dismiss a relation at all.</summary>
    public static bool MayDismiss(StaffPrincipal staff) => DismissRefusal(staff) is null;

    /// <summary>A <c>case.screened</c> entry's details as a reader of the case's trail sees them: the related cases
    /// they may not see in full are left out, so the trail does not name them either (the entry then no longer matches
    /// its hash; the whole log, which auditors verify, keeps it as chained).</summary>
    public static JsonElement ScreenedDetails(JsonElement details, Func<string, bool> seesInFull)
    {
        if (
            details.ValueKind != JsonValueKind.Object
            || !details.TryGetProperty("related", out var related)
            || related.ValueKind != JsonValueKind.Array
        )
        {
            return details;
        }

        var node = JsonNode.Parse(details.GetRawText())!.AsObject();
        var kept = new JsonArray();
        foreach (var item in related.EnumerateArray())
        {
            if (item.TryGetProperty("caseId", out var id) && id.GetString() is { } caseId && seesInFull(caseId))
            {
                kept.Add(JsonNode.Parse(item.GetRawText()));
            }
        }

        if (kept.Count == related.GetArrayLength())
        {
            // Nothing withheld: the entry as chained, so its hash still checks.
            return details;
        }

        // Not even how many were left out: that a case elsewhere is related is withheld too (RelatedShowing.Nothing).
        node["related"] = kept;
        return JsonDocument.Parse(node.ToJsonString()).RootElement;
    }
}
