using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Localization;

/// <summary>Names of offices, regions and categories in the page's language, from the reference data.</summary>
public sealed class StaffNames(RegionDataset regions, CategoryList categories, IStringLocalizer<StaffText> text)
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
}
