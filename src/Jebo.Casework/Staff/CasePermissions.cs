using Jebo.Casework.Cases;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Staff;

/// <summary>
/// The authorization policy for cases: which role may take which action, which roles see a reporter's identity, and
/// the office rules of the double check (review and supervision come from the level above). The one place these are
/// decided; docs/casework.md shows the same table. Which cases a person sees at all is <see cref="Jurisdiction"/>.
/// </summary>
/// <remarks>
/// Security: auditors read everything in their jurisdiction and never act, so the people who check the work cannot
/// change it; administrators manage accounts and offices and may read cases, but never act on them. Reverting a
/// step is a supervisor's decision, and only from the office that took the step or an office above it, so a lower
/// office cannot lift a supervision flag or undo a take-over from above.
/// </remarks>
public static class CasePermissions
{
    private static readonly Dictionary<string, HashSet<string>> ActionsByRole = new(StringComparer.Ordinal)
    {
        [Roles.Screener] = [CaseAction.Accept, CaseAction.Reject, CaseAction.Assign, CaseAction.Transfer, CaseAction.Merge, CaseAction.Unmerge],
        [Roles.Investigator] = [CaseAction.StartVerification, CaseAction.RecordContact, CaseAction.RecordResult, CaseAction.PublishStatus],
        [Roles.Supervisor] = [.. CaseAction.All],
        [Roles.Auditor] = [],
        [Roles.Administrator] = [],
    };

    /// <summary>Whether the role may take the action at all (the office rules come on top).</summary>
    public static bool MayTake(string role, string action) => ActionsByRole.TryGetValue(role, out var actions) && actions.Contains(action);

    /// <summary>The roles that may take the action, for documentation and problem details.</summary>
    public static IReadOnlyList<string> RolesFor(string action) => [.. Roles.All.Where(r => MayTake(r, action))];

    /// <summary>Every role reads the cases of its jurisdiction (administrators too: they support the offices' users).</summary>
    public static bool MayReadCases(string role) => ActionsByRole.ContainsKey(role);

    /// <summary>Roles that may see a reporter's name and phone on request (each showing is audited).</summary>
    public static bool MaySeeIdentity(string role) => role is Roles.Supervisor or Roles.Investigator;

    /// <summary>Roles that may read the whole audit log, not only a case's trail.</summary>
    public static bool MayReadWholeAuditLog(string role) => role is Roles.Auditor or Roles.Administrator;

    /// <summary>Who sees the security alerts (bulk viewing, failed sign-ins, a broken chain, a quarantined bundle):
    /// auditors, administrators, and supervisors of the national office.</summary>
    public static bool MaySeeSecurityAlerts(StaffPrincipal staff) =>
        staff.Role is Roles.Auditor or Roles.Administrator || (staff.Role == Roles.Supervisor && staff.OfficeCode == RegionDataset.National);

    /// <summary>Why the office of <paramref name="staff"/> may not take <paramref name="action"/> on the case, or null.
    /// Review and supervision come from an office above the case's office. The national office has none above it, so
    /// a national case is reviewed at national by someone other than the person who recorded the result, and
    /// supervised by national itself.</summary>
    public static string? OfficeRefusal(StaffPrincipal staff, string action, CaseRecord caseRecord, OfficeTree offices)
    {
        switch (action)
        {
            case CaseAction.Review when caseRecord.OfficeCode == RegionDataset.National:
                if (staff.OfficeCode != RegionDataset.National)
                {
                    return "a national case is reviewed at the national office";
                }

                return caseRecord.ResultBy == staff.Login
                    ? "the person who recorded the result cannot review it; another supervisor at the national office must"
                    : null;
            case CaseAction.Review:
                return offices.IsAbove(staff.OfficeCode, caseRecord.OfficeCode)
                    ? null
                    : $"a result is reviewed by an office above the case's office ({caseRecord.OfficeCode}), not by office {staff.OfficeCode}";
            case CaseAction.Supervise when caseRecord.OfficeCode == RegionDataset.National:
                return null;
            case CaseAction.Supervise:
                return offices.IsAbove(staff.OfficeCode, caseRecord.OfficeCode)
                    ? null
                    : $"supervision comes from an office above the case's office ({caseRecord.OfficeCode}), not from office {staff.OfficeCode}";
            default:
                return null;
        }
    }

    /// <summary>The actions <paramref name="staff"/> may take on the case now: their role allows it, their office may, and
    /// the lifecycle allows it in the case's state. The case page offers exactly these.</summary>
    public static IReadOnlyList<string> AllowedActions(StaffPrincipal staff, CaseRecord caseRecord, OfficeTree offices) =>
        [.. CaseLifecycle.ActionsFrom(caseRecord.Status).Where(a => MayTake(staff.Role, a) && OfficeRefusal(staff, a, caseRecord, offices) is null)];

    /// <summary>Why <paramref name="staff"/> may not revert a step taken by office <paramref name="stepOffice"/>, or null.</summary>
    public static string? RevertRefusal(StaffPrincipal staff, string? stepOffice, OfficeTree offices) =>
        stepOffice is null || offices.IsWithin(stepOffice, staff.OfficeCode)
            ? null
            : $"the step was taken by office {stepOffice}; only that office or one above it may revert it";
}
