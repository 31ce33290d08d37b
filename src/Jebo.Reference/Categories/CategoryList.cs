using Jebo.Reference.Data;
using Jebo.Reference.Regions;

namespace Jebo.Reference.Categories;

/// <summary>A kind of organised crime a report can be about.</summary>
public sealed record Category(string Code, LocalizedName Name);

/// <summary>The categories offered on the form, in order, plus <c>unclear</c>.</summary>
public sealed class CategoryList(IEnumerable<Category> categories)
{
    public const string Unclear = "unclear";

    public IReadOnlyList<Category> All { get; } = [.. categories];

    public bool IsKnown(string code) => code == Unclear || All.Any(c => c.Code == code);

    public Category? Find(string code) => All.FirstOrDefault(c => c.Code == code);

    /// <summary>The built-in categories, or the operator's file when one is given (UTF-8 CSV with the columns
    /// <c>code,ko,en,zh</c>; docs/operations.md).</summary>
    public static CategoryList Load(string? overrideFile = null)
    {
        var list = new CategoryList(
            CsvTable
                .Read(overrideFile, "categories.csv", "code", "ko", "en", "zh")
                .Select(r => new Category(r["code"], new LocalizedName(r["ko"], r["en"], r["zh"])))
        );
        if (list.All.FirstOrDefault(c => c.Code is Unclear || c.Code.Length is 0 or > 64) is { } bad)
        {
            throw new InvalidDataException($"category code '{bad.Code}' is reserved or not 1-64 characters");
        }

        if (list.All.GroupBy(c => c.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidDataException($"category {twice.Key} is listed twice");
        }

        return list;
    }
}
