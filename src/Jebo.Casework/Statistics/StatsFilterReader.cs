using System.Globalization;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Reference.Categories;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Statistics;

/// <summary>What a query string asks the statistics and the ledger for, read the same for the API and the page: bad
/// input gets a reason per field in the reader's language; an office outside the caller's jurisdiction (or no office
/// at all) is not found, as a case outside it is (<see cref="Jurisdiction"/>).</summary>
public sealed class StatsFilterReader(
    Jurisdiction jurisdiction,
    CategoryList categories,
    IStringLocalizer<StaffText> text
)
{
    public sealed record Reading(StatsFilter Filter, Dictionary<string, string[]> Errors, bool OfficeNotFound);

    public Reading Read(StaffPrincipal staff, string? from, string? to, string? office, string? category)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var first = Date(from, "from", errors);
        var last = Date(to, "to", errors);
        if (first is { } f && last is { } l && f > l)
        {
            errors["to"] = [text["Stats.Error.Period"]];
        }

        var chosenCategory = string.IsNullOrEmpty(category) ? null : category;
        if (chosenCategory is not null && !categories.IsKnown(chosenCategory))
        {
            errors["category"] = [text["Stats.Error.Category"]];
        }

        var chosenOffice = string.IsNullOrEmpty(office) ? null : office;
        var notFound = chosenOffice is not null && !jurisdiction.Offices(staff).Contains(chosenOffice);
        return new Reading(new StatsFilter(first, last, chosenOffice, chosenCategory), errors, notFound);
    }

    private DateOnly? Date(string? given, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(given))
        {
            return null;
        }

        if (DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = [text["Stats.Error.Date"]];
        return null;
    }
}
