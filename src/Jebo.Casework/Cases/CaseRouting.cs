using Jebo.Reference.Regions;

namespace Jebo.Casework.Cases;

/// <summary>Where a new case goes: the office of the province its region lies in; the national office when the region
/// is unclear or unknown.</summary>
public sealed class CaseRouting(RegionDataset regions)
{
    public string OfficeFor(string? region) =>
        region is null || regions.ProvinceOf(region) is not { } province ? RegionDataset.National : province.Code;
}
