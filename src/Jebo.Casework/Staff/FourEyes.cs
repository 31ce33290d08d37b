using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Staff;

/// <summary>Who reviews the results and the clue-ending steps of district cases (a casework option).</summary>
public enum DistrictReview
{
    /// <summary>An office above the one that recorded the step: the province for a district's own step.</summary>
    Province,

    /// <summary>Only the national office.</summary>
    National,
}

/// <summary>
/// The double check, said once: who may review a result, and who may confirm a step that ends or hides a clue
/// (<see cref="Gated"/>). The reviewer is another person, in an office above the office of the person who recorded the
/// step (a province's step, even on a district's case, goes to national); at the national office, which has nobody
/// above it, another person there. For district cases the option <see cref="DistrictReview"/> may send every review to
/// the national office.
/// </summary>
/// <remarks>Security: a corrupt official who works a case himself (a Busan supervisor recording a result on a Saha-gu
/// case) cannot approve his own result, nor have his own office approve it; one person can never bury a clue
/// alone.</remarks>
public sealed class FourEyes(OfficeTree offices, CaseworkOptions options)
{
    /// <summary>The steps that end or hide a clue, and the decision on a reward: asked for by one person, they take
    /// effect only when a second one, above, confirms them with <c>review</c>.</summary>
    /// <remarks>Security: one official alone could otherwise pay a reward to an accomplice's account, or refuse an
    /// honest reporter.</remarks>
    public static readonly IReadOnlyList<string> Gated =
    [
        CaseAction.Reject,
        CaseAction.Merge,
        CaseAction.Unmerge,
        CaseAction.Revert,
        // Passing a case on ends its work here and tells the reporter so: one person must not send a clue away alone.
        CaseAction.Refer,
        CaseAction.DecideReward,
    ];

    public OfficeTree Offices => offices;

    /// <summary>Why <paramref name="staff"/> may not review the step <paramref name="recordedBy"/> of office
    /// <paramref name="recordedOffice"/> took on a case held by <paramref name="caseOffice"/>, or null when they
    /// may.</summary>
    public string? ReviewerRefusal(StaffPrincipal staff, string? recordedBy, string? recordedOffice, string caseOffice)
    {
        if (recordedBy is not null && recordedBy == staff.Login)
        {
            return Refusals.Text("Refusal.OwnStep");
        }

        // Steps recorded before the office was kept: the case's office stands in for it.
        var office = recordedOffice ?? caseOffice;
        if (
            options.DistrictReview == DistrictReview.National
            && IsDistrict(caseOffice)
            && staff.OfficeCode != RegionDataset.National
        )
        {
            return Refusals.Text("Refusal.DistrictReview");
        }

        if (office == RegionDataset.National)
        {
            return staff.OfficeCode == RegionDataset.National ? null : Refusals.Text("Refusal.NationalReview");
        }

        return offices.IsAbove(staff.OfficeCode, office) && offices.IsWithin(caseOffice, staff.OfficeCode)
            ? null
            : Refusals.Text("Refusal.ReviewAbove", office, staff.OfficeCode);
    }

    /// <summary>Why <paramref name="staff"/> may not review what awaits review on the case now (its pending step, or
    /// else its result), or null.</summary>
    public string? ReviewRefusal(StaffPrincipal staff, CaseRecord c) =>
        c.PendingRequest is not null
            ? ReviewerRefusal(staff, c.PendingBy, c.PendingOffice, c.OfficeCode)
            : ReviewerRefusal(staff, c.ResultBy, c.ResultOffice, c.OfficeCode);

    private bool IsDistrict(string office) =>
        offices.ParentOf(office) is { } parent && parent != RegionDataset.National;
}
