using System.Globalization;
using System.Text.RegularExpressions;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Localization;

/// <summary>Names of offices, regions and categories in the page's language, from the reference data.</summary>
public sealed partial class StaffNames(RegionDataset regions, CategoryList categories, IStringLocalizer<StaffText> text)
{
    public string Region(string code) =>
        code switch
        {
            RegionDataset.National => text["Office.National"],
            RegionDataset.Unclear => text["Unclear"],
            _ => regions.Find(code)?.Name.In(StaffLanguage.Current) ?? code,
        };

    /// <summary>An office is named after its region; the code follows so staff can type it in forms.</summary>
    public string Office(string code) => code == RegionDataset.National ? Region(code) : $"{Region(code)} ({code})";

    public string Category(string code) =>
        code == CategoryList.Unclear ? text["Unclear"] : categories.Find(code)?.Name.In(StaffLanguage.Current) ?? code;

    /// <summary>A screening reason in the page's language. The screener stores its reasons in fixed English forms
    /// (<c>Jebo.Screening.Scoring.Screener</c>); each form has a text here, with the topics and the category it names
    /// translated too. A reason in no known form is shown as stored.</summary>
    public string ScreeningReason(string reason)
    {
        if (Fixed.TryGetValue(reason, out var key))
        {
            return text[key];
        }

        if (MentionsPattern().Match(reason) is { Success: true } mentions)
        {
            var topics = mentions.Groups[1].Value.Split(", ").Select(Topic);
            return text["Screening.Reason.Mentions", string.Join(", ", topics)];
        }

        if (CategoryPattern().Match(reason) is { Success: true } category)
        {
            return text["Screening.Reason.Category", Category(category.Groups[1].Value)];
        }

        if (LengthPattern().Match(reason) is { Success: true } length)
        {
            return text["Screening.Reason.Length", length.Groups[1].Value];
        }

        return CheckablePattern().Match(reason) is { Success: true } checkable
            ? text["Screening.Reason.Checkable", checkable.Groups[1].Value]
            : reason;
    }

    /// <summary>Why two cases are related (<c>Jebo.Screening.Similarity.MatchReason</c>: a code and its values) in the
    /// page's language: "같은 조직 꼴망파", "표현 41% 공유", "다른 조직 (…)". A code with no text is shown as
    /// stored.</summary>
    public string MatchReason(Jebo.Screening.Similarity.MatchReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var values = string.Join(", ", reason.Values);
        var shown = text["Match." + reason.Code, values];
        return shown.ResourceNotFound ? $"{reason.Code} {values}" : shown.Value;
    }

    private string Topic(string topic)
    {
        var key = "Topic." + TopicKeyPattern().Replace(topic.ToLower(CultureInfo.InvariantCulture), "-");
        var name = text[key];
        return name.ResourceNotFound ? topic : name.Value;
    }

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["scope: names an organisation or gang"] = "Screening.Reason.Organisation",
        ["scope: names officials said to shield the group"] = "Screening.Reason.Officials",
        ["scope: no sign of gang or organised crime found; check whether it belongs elsewhere"] =
            "Screening.Reason.NoScope",
        ["completeness: names a person"] = "Screening.Reason.Person",
        ["completeness: says when"] = "Screening.Reason.When",
        ["completeness: says where"] = "Screening.Reason.Where",
    };

    [GeneratedRegex("^scope: mentions (.+)$")]
    private static partial Regex MentionsPattern();

    [GeneratedRegex("^scope: reporter chose the category '([^']+)'$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^completeness: description of ([0-9]+) characters$")]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"^completeness: ([0-9]+) phone, plate or account number\(s\) to check$")]
    private static partial Regex CheckablePattern();

    [GeneratedRegex("[^a-z]+")]
    private static partial Regex TopicKeyPattern();
}
