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

    public static CategoryList Load(string? overrideFile = null) =>
        new(CsvTable.Read(overrideFile, "categories.csv").Select(r => new Category(r["code"], new LocalizedName(r["ko"], r["en"], r["zh"]))));
}
