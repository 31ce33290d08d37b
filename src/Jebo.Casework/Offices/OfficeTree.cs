using Jebo.Casework.Data;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Offices;

/// <summary>The office tree, built from the region dataset, and the jurisdiction it gives each office.</summary>
public sealed class OfficeTree
{
    private readonly Dictionary<string, string?> parents;

    public OfficeTree(RegionDataset regions)
    {
        parents = new Dictionary<string, string?>(StringComparer.Ordinal) { [RegionDataset.National] = null };
        foreach (var region in regions.All)
        {
            parents[region.Code] = region.ParentCode ?? RegionDataset.National;
        }
    }

    public bool Exists(string code) => parents.ContainsKey(code);

    public string? ParentOf(string code) => parents.GetValueOrDefault(code);

    /// <summary>True when <paramref name="office"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsWithin(string office, string ancestor)
    {
        for (string? at = office; at is not null; at = parents.GetValueOrDefault(at))
        {
            if (at == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every office in the subtree of <paramref name="root"/>, itself included.</summary>
    public IReadOnlyList<string> Subtree(string root) => [.. parents.Keys.Where(code => IsWithin(code, root))];

    /// <summary>Adds offices for regions the database lacks; never removes one (cases may point to it).</summary>
    public static async Task SyncAsync(CaseworkDb db, RegionDataset regions, CancellationToken cancellationToken)
    {
        var existing = (await db.Offices.Select(o => o.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (!existing.Contains(RegionDataset.National))
        {
            db.Offices.Add(new Office { Code = RegionDataset.National, Name = "국가 본부", NameEn = "National office", NameZh = "国家总部", Level = 0 });
        }

        foreach (var region in regions.All.Where(r => !existing.Contains(r.Code)))
        {
            db.Offices.Add(new Office
            {
                Code = region.Code,
                ParentCode = region.ParentCode ?? RegionDataset.National,
                Name = region.Name.Ko,
                NameEn = region.Name.En,
                NameZh = region.Name.Zh,
                Level = region.IsProvince ? 1 : 2,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
