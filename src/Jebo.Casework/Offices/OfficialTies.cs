using Jebo.Casework.Localization;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Offices;

/// <summary>Whether a report that names officials keeps away from the offices those officials may belong to
/// (<c>--officials-routing</c>).</summary>
public enum OfficialsRouting
{
    /// <summary>Such a case goes one level above the office that would handle it, and never moves back into its
    /// sight (the default).</summary>
    Up,

    /// <summary>Officials change nothing: the case is routed by its region alone.</summary>
    Off,
}

/// <summary>
/// The one place that decides which offices may not hold a case because its reports name officials who may be theirs.
/// An official named in a report (<c>officials</c>) is tied to every province that their organization, position or
/// description names (in Korean, English or Chinese, in full or short: <c>부산광역시</c>, <c>부산</c>, <c>Busan</c>,
/// <c>釜山</c>, <c>경남</c>); when the words name none, they are presumed to be of the place the clue is about: the
/// province of the report's region and of the case's region. No office of a tied province, nor any office below it,
/// holds the case: routing at import and after a change of region goes one level up (<see cref="Above"/>), and assign,
/// transfer and reclassify into such an office are refused (<see cref="MoveRefusal"/>).
/// </summary>
/// <remarks>Security: an office must not be the one to look into its own people. Presuming an unplaced official local
/// errs towards sending a case up, never towards keeping it in an office it names; the presumption follows the
/// reporter's own region as well as the case's, so an insider cannot lift it by correcting the region first.</remarks>
public sealed class OfficialTies(RegionDataset regions, OfficeTree offices, CaseworkOptions options)
{
    private readonly (string Province, string[] Names)[] provinceNames =
    [
        .. regions.Provinces.Select(p => (p.Code, NamesOf(p.Name).ToArray())),
    ];

    /// <summary>The provinces the officials named in <paramref name="reports"/> are tied to, for a case whose region
    /// is <paramref name="caseRegion"/>; empty when the reports name no official or the rule is off.</summary>
    public IReadOnlySet<string> ProvincesOf(IEnumerable<ReportContent> reports, string? caseRegion)
    {
        var tied = new HashSet<string>(StringComparer.Ordinal);
        if (options.OfficialsRouting == OfficialsRouting.Off)
        {
            return tied;
        }

        foreach (var report in reports)
        {
            foreach (var official in (report.Officials ?? []).Where(Named))
            {
                var words = $"{official.Organization} {official.Position} {official.Description}".ToLowerInvariant();
                var named = provinceNames
                    .Where(p => p.Names.Any(n => words.Contains(n, StringComparison.Ordinal)))
                    .Select(p => p.Province)
                    .ToList();
                if (named.Count > 0)
                {
                    tied.UnionWith(named);
                    continue;
                }

                foreach (var region in new[] { report.Region, caseRegion })
                {
                    if (region is not null && regions.ProvinceOf(region) is { } province)
                    {
                        tied.Add(province.Code);
                    }
                }
            }
        }

        return tied;
    }

    /// <summary>The tied province <paramref name="office"/> lies in (the province's own office or one below it), or
    /// null.</summary>
    public string? TiedProvince(IReadOnlySet<string> tied, string office) =>
        tied.Where(p => offices.IsWithin(office, p)).Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The office that holds a case routing would give to <paramref name="office"/>: that office, or the
    /// first office above it outside every tied province.</summary>
    public string Above(IReadOnlySet<string> tied, string office)
    {
        var at = office;
        while (TiedProvince(tied, at) is not null && at != RegionDataset.National)
        {
            at = offices.ParentOf(at) ?? RegionDataset.National;
        }

        return at;
    }

    /// <summary>Why the case may not move to <paramref name="target"/>, or null.</summary>
    public string? MoveRefusal(IReadOnlySet<string> tied, string target) =>
        TiedProvince(tied, target) is { } province ? Refusals.Text("Refusal.MoveOfficialsTied", province) : null;

    private static bool Named(OfficialContent official) =>
        !string.IsNullOrWhiteSpace(official.Name)
        || !string.IsNullOrWhiteSpace(official.Organization)
        || !string.IsNullOrWhiteSpace(official.Position);

    /// <summary>A province's names as people write them: in full, without the administrative suffix, the Korean
    /// two-syllable short form of a province (<c>경상남도</c> → <c>경남</c>), and the English name with or without
    /// <c>-do</c>; lower-cased, at least two characters.</summary>
    private static IEnumerable<string> NamesOf(LocalizedName name)
    {
        string[] suffixes =
        [
            "특별자치시",
            "특별자치도",
            "특별시",
            "광역시",
            "도",
            "特别自治市",
            "特别自治道",
            "特别市",
            "广域市",
            "道",
            "-do",
        ];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var full in new[] { name.Ko, name.En, name.Zh }.Select(n => n.Trim().ToLowerInvariant()))
        {
            names.Add(full);
            foreach (var suffix in suffixes.Where(s => full.EndsWith(s, StringComparison.Ordinal)))
            {
                names.Add(full[..^suffix.Length]);
            }
        }

        if (name.Ko.Length == 4 && name.Ko.EndsWith('도'))
        {
            names.Add(string.Concat(name.Ko[0], name.Ko[2]));
        }

        return names.Where(n => n.Length >= 2);
    }
}
