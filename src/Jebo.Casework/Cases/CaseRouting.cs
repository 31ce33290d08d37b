using Jebo.Casework.Offices;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Cases;

/// <summary>Where a case goes: the office of the province its region lies in (the national office when the region is
/// unclear or unknown), or one level above it when the case names officials who may be that office's own
/// (<see cref="OfficialTies"/>). Import, hand entry and a change of region by <c>reclassify</c> all route
/// here.</summary>
public sealed class CaseRouting(RegionDataset regions, OfficialTies ties)
{
    /// <summary>The office a new case of <paramref name="report"/> goes to.</summary>
    public string OfficeFor(ReportContent report) =>
        OfficeFor(report.Region, ties.ProvincesOf([report], report.Region));

    /// <summary>The office a case of <paramref name="region"/> goes to, kept out of the <paramref name="tied"/>
    /// provinces.</summary>
    public string OfficeFor(string? region, IReadOnlySet<string> tied) =>
        ties.Above(
            tied,
            region is null || regions.ProvinceOf(region) is not { } province ? RegionDataset.National : province.Code
        );
}
