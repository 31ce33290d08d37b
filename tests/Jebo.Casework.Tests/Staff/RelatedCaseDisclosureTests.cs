using System.Text.Json;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Tests.Staff;

/// <summary>How much a person learns of a related case across the jurisdiction boundary, decided in
/// <see cref="RelatedCaseDisclosure"/>: in full inside their jurisdiction, only the office across provinces, nothing
/// between two districts of one province.</summary>
public sealed class RelatedCaseDisclosureTests
{
    private static readonly RelatedCaseDisclosure Disclosure = new(new OfficeTree(RegionDataset.Load()));

    private static StaffPrincipal Screener(string office) => new(Guid.NewGuid(), "s-" + office, office, "screener");

    [Theory]
    [InlineData("26", "26")]
    [InlineData("26380", "26")]
    [InlineData("11", "11")]
    [InlineData("national", "national")]
    public void A_province_is_the_office_below_the_national_office(string office, string province) =>
        Assert.Equal(province, Disclosure.ProvinceOf(office));

    [Fact]
    public void Busan_reading_its_case_learns_only_the_Seoul_office_of_a_related_case()
    {
        Assert.Equal(RelatedShowing.OfficeOnly, Disclosure.Showing(Screener("26"), "26", "11"));
        Assert.Equal(RelatedShowing.OfficeOnly, Disclosure.Showing(Screener("26380"), "26380", "11110"));
        Assert.Equal(RelatedShowing.Full, Disclosure.Showing(Screener("26"), "26", "26380"));
        Assert.Equal(RelatedShowing.Full, Disclosure.Showing(Screener("national"), "26", "11"));
    }

    [Fact]
    public void A_district_learns_nothing_of_a_related_case_in_a_neighbouring_district_of_its_province() =>
        Assert.Equal(RelatedShowing.Nothing, Disclosure.Showing(Screener("26380"), "26380", "26350"));

    [Fact]
    public void Only_the_national_office_may_dismiss_a_relation()
    {
        Assert.True(RelatedCaseDisclosure.MayDismiss(Screener("national")));
        Assert.False(RelatedCaseDisclosure.MayDismiss(Screener("26")));
        Assert.False(RelatedCaseDisclosure.MayDismiss(Screener("11")));
    }

    [Fact]
    public void The_screening_entry_of_a_trail_names_only_the_related_cases_the_reader_sees_in_full()
    {
        var details = JsonDocument
            .Parse(
                """
                {"reportId":"r","related":[{"caseId":"SEEN-0000-0001","similarity":0.8,"shared":["Gang:칠성파"]},
                {"caseId":"HIDE-0000-0002","similarity":0.9,"shared":["Phone:01012345678"]}]}
                """
            )
            .RootElement;
        var shown = RelatedCaseDisclosure.ScreenedDetails(details, id => id == "SEEN-0000-0001").GetRawText();
        Assert.Contains("SEEN-0000-0001", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("HIDE-0000-0002", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("01012345678", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("0.9", shown, StringComparison.Ordinal);
    }
}
