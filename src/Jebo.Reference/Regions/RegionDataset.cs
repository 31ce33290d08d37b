using Jebo.Reference.Data;

namespace Jebo.Reference.Regions;

/// <summary>
/// The regions reports are about and the office tree follows: national at the root, then provinces and
/// metropolitan cities, then cities, counties and districts. Korea's administrative divisions by default.
/// </summary>
public sealed class RegionDataset
{
    /// <summary>The code for "the reporter did not know", accepted wherever a region is asked for.</summary>
    public const string Unclear = "unclear";

    /// <summary>The code of the national office, the root of the tree.</summary>
    public const string National = "national";

    /// <summary>The longest region code: a region's code is its office's code too.</summary>
    public const int MaxCodeLength = 16;

    private readonly Dictionary<string, Region> byCode;

    public RegionDataset(IEnumerable<Region> regions)
    {
        All = [.. regions];
        if (All.FirstOrDefault(r => r.Code is National or Unclear || r.Code.Length is 0 or > MaxCodeLength) is { } bad)
        {
            throw new InvalidDataException($"region code '{bad.Code}' is reserved or not 1-{MaxCodeLength} characters");
        }

        if (All.GroupBy(r => r.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidDataException($"region {twice.Key} is listed twice");
        }

        byCode = All.ToDictionary(r => r.Code, StringComparer.Ordinal);
        foreach (var region in All.Where(r => r.ParentCode is not null && !byCode.ContainsKey(r.ParentCode)))
        {
            throw new InvalidDataException(
                $"region {region.Code} names parent {region.ParentCode}, which is not in the dataset"
            );
        }
    }

    public IReadOnlyList<Region> All { get; }

    public IEnumerable<Region> Provinces => All.Where(r => r.IsProvince);

    public IEnumerable<Region> ChildrenOf(string code) => All.Where(r => r.ParentCode == code);

    public Region? Find(string code) => byCode.GetValueOrDefault(code);

    public bool IsKnown(string code) => code == Unclear || byCode.ContainsKey(code);

    /// <summary>The province a region lies in (itself for a province); null for unclear or unknown codes.</summary>
    public Region? ProvinceOf(string code)
    {
        var region = Find(code);
        while (region?.ParentCode is { } parent)
        {
            region = Find(parent);
        }

        return region;
    }

    /// <summary>Korea's regions, or the operator's file when one is given (UTF-8 CSV with the columns
    /// <c>code,parent,ko,en,zh</c>; docs/operations.md).</summary>
    public static RegionDataset Load(string? overrideFile = null)
    {
        var rows = CsvTable.Read(overrideFile, "regions.csv", "code", "parent", "ko", "en", "zh");
        return new RegionDataset(
            rows.Select(r => new Region(
                r["code"],
                string.IsNullOrEmpty(r["parent"]) ? null : r["parent"],
                new LocalizedName(r["ko"], r["en"], r["zh"])
            ))
        );
    }
}
