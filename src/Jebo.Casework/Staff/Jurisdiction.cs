using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Staff;

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

    /// <summary>The audit entries of <paramref name="entries"/> the caller may read: those about a case of their
    /// jurisdiction, and those about no case taken by staff of an office in it. The national office reads them all,
    /// the platform's own entries (transfer, system) included. Administrators read only entries about no
    /// case.</summary>
    public IQueryable<AuditEntry> FilterAudit(
        IQueryable<AuditEntry> entries,
        IQueryable<CaseRecord> cases,
        StaffPrincipal staff
    )
    {
        if (!CasePermissions.MayReadCases(staff.Role))
        {
            // Need to know: a role that reads no case (administrators) reads no entry about one, nor anyone's searches.
            entries = entries.Where(e => e.CaseId == null && e.Action != AuditActions.CasesListed);
        }

        if (staff.OfficeCode == RegionDataset.National)
        {
            return entries;
        }

        var subtree = offices.Subtree(staff.OfficeCode);
        return entries.Where(e =>
            e.CaseId != null
                ? cases.Any(c => c.Id == e.CaseId && subtree.Contains(c.OfficeCode))
                : e.ActorOffice != null && subtree.Contains(e.ActorOffice)
        );
    }

    /// <summary>Whether a case held by <paramref name="officeCode"/> lies within the caller's jurisdiction.</summary>
    public bool Covers(StaffPrincipal staff, string officeCode) => offices.IsWithin(officeCode, staff.OfficeCode);

    /// <summary>The offices the caller's jurisdiction spans, their own included.</summary>
    public IReadOnlyList<string> Offices(StaffPrincipal staff) => offices.Subtree(staff.OfficeCode);
}
