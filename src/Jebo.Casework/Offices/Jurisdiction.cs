using Jebo.Casework.Cases;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Offices;

/// <summary>What a member of staff may see: the cases of their office and of every office below it. The one place
/// jurisdiction is decided, for lists, case pages, actions, queues, statistics and the audit trail alike.</summary>
/// <remarks>Security: a case outside the caller's subtree is reported as not found, never as forbidden, so its
/// existence is not revealed.</remarks>
public sealed class Jurisdiction(OfficeTree offices)
{
    /// <summary>The cases of <paramref name="cases"/> the caller may see, as a query the database answers.</summary>
    public IQueryable<CaseRecord> Filter(IQueryable<CaseRecord> cases, StaffPrincipal staff)
    {
        if (staff.OfficeCode == RegionDataset.National)
        {
            return cases;
        }

        var subtree = offices.Subtree(staff.OfficeCode);
        return cases.Where(c => subtree.Contains(c.OfficeCode));
    }

    /// <summary>Whether a case held by <paramref name="officeCode"/> lies within the caller's jurisdiction.</summary>
    public bool Covers(StaffPrincipal staff, string officeCode) => offices.IsWithin(officeCode, staff.OfficeCode);

    /// <summary>The offices the caller's jurisdiction spans, their own included.</summary>
    public IReadOnlyList<string> Offices(StaffPrincipal staff) => offices.Subtree(staff.OfficeCode);
}
