using System.Globalization;

namespace Jebo.Casework.Cases;

/// <summary>Where a page of a case list ended, for keyset paging (<c>after</c>): the order, the last case's value in
/// that order and its id, as <c>ORDER~VALUE~ID</c>. The value is a whole number (the ticks of an instant, a score)
/// or, for the best match first, a rank.</summary>
public static class CaseListCursor
{
    public const string Match = "match";

    public static string Write(string order, long value, string caseId) =>
        string.Join('~', order, value.ToString(CultureInfo.InvariantCulture), caseId);

    public static string Write(string order, double rank, string caseId) =>
        string.Join('~', order, rank.ToString("R", CultureInfo.InvariantCulture), caseId);

    /// <summary>The value and id of a cursor written for <paramref name="order"/>; false for anything else.</summary>
    public static bool TryRead(string cursor, string order, out (long Value, double Rank, string CaseId) position)
    {
        position = default;
        var parts = cursor.Split('~');
        if (parts.Length != 3 || parts[0] != order || parts[2].Length is 0 or > 20)
        {
            return false;
        }

        if (order == Match)
        {
            if (
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rank)
                || !double.IsFinite(rank)
            )
            {
                return false;
            }

            position = (0, rank, parts[2]);
            return true;
        }

        if (!long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        position = (value, 0, parts[2]);
        return true;
    }
}
