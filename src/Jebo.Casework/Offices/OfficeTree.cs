using System.Collections.Concurrent;
using Jebo.Casework.Data;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Offices;

/// <summary>The office tree, built from the region dataset, and the jurisdiction it gives each office.</summary>
public sealed class OfficeTree
{
    private readonly Dictionary<string, string?> parents;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> subtrees = new(StringComparer.Ordinal);

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

    /// <summary>True when <paramref name="upper"/> lies above <paramref name="office"/> in the tree (not the office
    /// itself).</summary>
    public bool IsAbove(string upper, string office) => office != upper && IsWithin(office, upper);

    /// <summary>Every office in the subtree of <paramref name="root"/>, itself included.</summary>
    /// <remarks>Only known offices are cached, so arbitrary codes from a query string cannot grow the cache.</remarks>
    public IReadOnlyList<string> Subtree(string root) =>
        Exists(root) ? subtrees.GetOrAdd(root, r => [.. parents.Keys.Where(code => IsWithin(code, r))]) : [];

    /// <summary>Adds offices for regions the database lacks; never removes one (cases may point to it).</summary>
    public static async Task SyncAsync(CaseworkDb db, RegionDataset regions, CancellationToken cancellationToken)
    {
        var existing = (await db.Offices.Select(o => o.Code).ToListAsync(cancellationToken)).ToHashSet(
            StringComparer.Ordinal
        );
        if (!existing.Contains(RegionDataset.National))
        {
            db.Offices.Add(
                new Office
                {
                    Code = RegionDataset.National,
                    Name = "국가 본부",
                    NameEn = "National office",
                    NameZh = "国家总部",
                    Level = 0,
                }
            );
        }

        foreach (var region in regions.All.Where(r => !existing.Contains(r.Code)))
        {
            db.Offices.Add(
                new Office
                {
                    Code = region.Code,
                    ParentCode = region.ParentCode ?? RegionDataset.National,
                    Name = region.Name.Ko,
                    NameEn = region.Name.En,
                    NameZh = region.Name.Zh,
                    Level = Depth(regions, region),
                }
            );
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>1 for a province, 2 below it, and so on for an operator's deeper list.</summary>
    private static int Depth(RegionDataset regions, Region region)
    {
        var depth = 1;
        for (var at = region; at.ParentCode is { } parent && regions.Find(parent) is { } up; at = up)
        {
            depth++;
        }

        return depth;
    }
}
