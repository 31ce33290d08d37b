using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;

namespace Jebo.Casework.Staff;

/// <summary>
/// The authorization policy for cases: which role may take which action, which roles see a reporter's identity, and
/// the office rules (review is the double check of <see cref="FourEyes"/>; supervision comes from the level above). The
/// one place these are decided; docs/casework.md shows the same table. Which cases a person sees at all is
/// <see cref="Jurisdiction"/>.
/// </summary>
/// <remarks>
/// Security: auditors read the trail and case metadata of their jurisdiction, content only with a recorded purpose, and
/// never act, so the people who check the work cannot change it; administrators manage accounts and read no case at all
/// (need to know). Reverting a step is a supervisor's decision, and only from the office that took the step or an
/// office above it, so a lower office cannot lift a supervision flag or undo a take-over from above.
/// </remarks>
public static class CasePermissions
{
    private static readonly Dictionary<string, HashSet<string>> ActionsByRole = new(StringComparer.Ordinal)
    {
        [Roles.Screener] =
        [
            CaseAction.Accept,
            CaseAction.Reject,
            CaseAction.Assign,
            CaseAction.Transfer,
            CaseAction.Merge,
            CaseAction.Unmerge,
            CaseAction.Note,
            // Classifying is the screener's work: correcting it, and the new routing a new province brings, too.
            CaseAction.Reclassify,
            // As for merge: the screener who finds a duplicate asks; the national office decides.
            CaseAction.AskJoin,
            // Who merges a near-duplicate may also say it is none.
            CaseAction.DismissDuplicate,
        ],
        [Roles.Investigator] =
        [
            CaseAction.StartVerification,
            CaseAction.RecordContact,
            CaseAction.RecordResult,
            CaseAction.PublishStatus,
            CaseAction.AcknowledgeProtection,
            // Not record-callback: the callback checks the investigators' work, so it is written by supervisors of an
            // office above (OfficeRefusal), never by those whose case it is.
            CaseAction.ReportProgress,
            CaseAction.Note,
        ],
        // Only supervisors pass a case on to another body (refer), and a second one above confirms it (FourEyes);
        // only supervisors (of the national office, RelatedCaseDisclosure) dismiss a relation between provinces.
        [Roles.Supervisor] = [.. CaseAction.All],
        [Roles.Auditor] = [],
        [Roles.Administrator] = [],
    };

    /// <summary>Whether the role may take the action at all (the office rules come on top).</summary>
    public static bool MayTake(string role, string action) =>
        ActionsByRole.TryGetValue(role, out var actions) && actions.Contains(action);

    /// <summary>The roles that may take the action, for documentation and problem details.</summary>
    public static IReadOnlyList<string> RolesFor(string action) => [.. Roles.All.Where(r => MayTake(r, action))];

    /// <summary>Whether a case held by <paramref name="officeCode"/> may be assigned to <paramref name="person"/>: an
    /// enabled account of that very office whose role works cases (not an auditor, who checks the work, nor an
    /// administrator, who reads no case).</summary>
    /// <remarks>Security: an assignee in another office would be handed a case outside their jurisdiction, and a
    /// disabled account would hold a case nobody works.</remarks>
    public static bool MayBeAssigned(StaffUser person, string officeCode) =>
        person.DisabledAt is null
        && person.OfficeCode == officeCode
        && person.Role is Roles.Screener or Roles.Investigator or Roles.Supervisor;

    /// <summary>Roles that enter by hand a clue received by phone, letter, visit or from another agency: those who
    /// work cases; never auditors (who check the work) nor administrators (who read no case).</summary>
    public static bool MayEnterClues(string role) => role is Roles.Screener or Roles.Investigator or Roles.Supervisor;

    /// <summary>Roles that read case content (reports, follow-ups, files, messages, results) as part of their work.
    /// Auditors read it only with a stated purpose (<see cref="NeedsPurposeForContent"/>); administrators
    /// never.</summary>
    public static bool MayReadCaseContent(string role) =>
        role is Roles.Screener or Roles.Investigator or Roles.Supervisor;

    /// <summary>Roles that read cases at all (lists, metadata, the case's trail): everyone but administrators, who
    /// manage accounts and read no case.</summary>
    public static bool MayReadCases(string role) =>
        role is Roles.Screener or Roles.Investigator or Roles.Supervisor or Roles.Auditor;

    /// <summary>Whether opening the case (<c>GET /api/v1/cases/{id}</c> or its page) counts as reading its reporters'
    /// follow-ups and takes it off the <c>follow-ups</c> queue: for someone who works cases in the office holding
    /// it. An office above looking in, an auditor or an administrator reads nothing on that office's behalf.</summary>
    /// <remarks>The queue exists so that a reporter's words reach the people who work the case; a glance from
    /// elsewhere must not hide them from those people.</remarks>
    public static bool ReadsFollowUpsFor(StaffPrincipal staff, CaseRecord caseRecord) =>
        MayReadCaseContent(staff.Role) && staff.OfficeCode == caseRecord.OfficeCode;

    /// <summary>Auditors read a case's content only with a recorded purpose (<c>?purpose=</c>), audited as
    /// <c>case.content-read</c>; without one they see its metadata and trail.</summary>
    public static bool NeedsPurposeForContent(string role) => role == Roles.Auditor;

    /// <summary>Roles that may see a reporter's name and phone on request, with a stated purpose (each showing is
    /// audited, and many in an hour raise an alert).</summary>
    public static bool MaySeeIdentity(string role) => role is Roles.Supervisor or Roles.Investigator;

    /// <summary>Roles that may read the whole audit log, not only a case's trail: auditors. Administrators read only
    /// the entries about no case (accounts, offices, transfer), since case entries carry content.</summary>
    public static bool MayReadWholeAuditLog(string role) => role is Roles.Auditor or Roles.Administrator;

    /// <summary>Who sees the security alerts (bulk viewing, failed sign-ins, a broken chain, a quarantined bundle):
    /// auditors, administrators, and supervisors of the national office.</summary>
    public static bool MaySeeSecurityAlerts(StaffPrincipal staff) =>
        staff.Role is Roles.Auditor or Roles.Administrator
        || (staff.Role == Roles.Supervisor && staff.OfficeCode == RegionDataset.National);

    /// <summary>Who closes a platform-wide alert (a quarantined bundle, a gap): an administrator of the national
    /// office, which owns the transfer seam; an office's administrator cannot clear what the national office must
    /// see.</summary>
    public static bool MayResolveTransferAlerts(StaffPrincipal staff) =>
        staff.Role == Roles.Administrator && staff.OfficeCode == RegionDataset.National;

    /// <summary>Why the office of <paramref name="staff"/> may not take <paramref name="action"/> on the case, or null.
    /// Review is the double check of <see cref="FourEyes"/>. Supervision is set by the case's own office or one above
    /// it (<see cref="SupervisionLevel"/>), never over a supervision set higher up, and concluded only by the
    /// supervising office or one above it. A callback is recorded by an office above the case's office (the national
    /// office for its own cases).</summary>
    /// <remarks>Security: the callback is the check of an office's work by those above it; the office that handled
    /// the case (and its investigators, whose role does not include <c>record-callback</c>) cannot write what its
    /// reporter said of it. A lower office cannot replace or end the supervision an office above set.</remarks>
    public static string? OfficeRefusal(
        StaffPrincipal staff,
        string action,
        CaseRecord caseRecord,
        FourEyes fourEyes
    ) =>
        action switch
        {
            CaseAction.Review => fourEyes.ReviewRefusal(staff, caseRecord),
            CaseAction.Supervise
                when caseRecord.Supervised
                    && caseRecord.SupervisedBy is { } by
                    && !fourEyes.Offices.IsWithin(by, staff.OfficeCode) => Refusals.Text("Refusal.SupervisedAbove", by),
            CaseAction.Supervise => null,
            CaseAction.ConcludeSupervision => caseRecord.SupervisedBy is not { } by
            || fourEyes.Offices.IsWithin(by, staff.OfficeCode)
                ? null
                : Refusals.Text("Refusal.ConcludeBy", by),
            CaseAction.RecordCallback when caseRecord.OfficeCode == RegionDataset.National => null,
            CaseAction.RecordCallback => fourEyes.Offices.IsAbove(staff.OfficeCode, caseRecord.OfficeCode)
                ? null
                : Refusals.Text("Refusal.CallbackAbove", caseRecord.OfficeCode, staff.OfficeCode),
            CaseAction.DismissRelated => RelatedCaseDisclosure.DismissRefusal(staff),
            _ => null,
        };

    /// <summary>The level of a supervision set by <paramref name="staffOffice"/> on a case of
    /// <paramref name="caseOffice"/>: <c>national</c> (listed supervision by the national office), <c>office</c>
    /// (the case's own office), or <c>province</c> (an office between them).</summary>
    public static string SupervisionLevel(string staffOffice, string caseOffice) =>
        staffOffice == RegionDataset.National ? SupervisionLevels.National
        : staffOffice == caseOffice ? SupervisionLevels.Office
        : SupervisionLevels.Province;

    /// <summary>Actions allowed while a step awaits its second person: the review itself, and what never ends a
    /// clue (a threatened reporter cannot wait for a review).</summary>
    public static readonly IReadOnlyList<string> WhilePending =
    [
        CaseAction.Review,
        CaseAction.RecordContact,
        CaseAction.Supervise,
        CaseAction.AcknowledgeProtection,
        CaseAction.RecordCallback,
        CaseAction.ReportProgress,
        CaseAction.ConcludeSupervision,
        CaseAction.Note,
    ];

    /// <summary>The actions <paramref name="staff"/> may take on the case now: their role allows it, their office may,
    /// and the lifecycle allows it in the case's state. The case page offers exactly these.</summary>
    public static IReadOnlyList<string> AllowedActions(
        StaffPrincipal staff,
        CaseRecord caseRecord,
        FourEyes fourEyes
    ) =>
        [
            .. (
                caseRecord.PendingRequest is null
                    ? CaseLifecycle.ActionsFrom(caseRecord.Status)
                    : CaseLifecycle
                        .ActionsFrom(caseRecord.Status)
                        .Where(WhilePending.Contains)
                        .Append(CaseAction.Review)
                        .Distinct()
            )
                .Where(a => a != CaseAction.AcknowledgeProtection || ProtectionWaits(caseRecord))
                .Where(a => a != CaseAction.DecideReward || caseRecord.RewardClaimedAt is not null)
                .Where(a => MayTake(staff.Role, a) && OfficeRefusal(staff, a, caseRecord, fourEyes) is null),
        ];

    /// <summary>Whether a reporter's request for protection waits on the case for staff to act on it.</summary>
    public static bool ProtectionWaits(CaseRecord caseRecord) =>
        caseRecord.ProtectionRequestedAt is not null && caseRecord.ProtectionAcknowledgedAt is null;

    /// <summary>Why the case may not move to <paramref name="target"/>, or null: a supervised case stays within the
    /// sight of the office supervising it.</summary>
    /// <remarks>Security: a lower office could otherwise transfer a case away from the office above that watches it.
    /// Refusing keeps jurisdiction a plain office subtree (no exception that lets one office see another's case); the
    /// supervision is lifted first by concluding it (the supervising office) or reverting it, which an office above
    /// confirms.</remarks>
    public static string? MoveRefusal(CaseRecord caseRecord, string target, OfficeTree offices) =>
        caseRecord.Supervised && caseRecord.SupervisedBy is { } by && !offices.IsWithin(target, by)
            ? Refusals.Text("Refusal.MoveSupervised", by)
            : null;

    /// <summary>Who sets and lifts a legal hold on a case of their jurisdiction, which keeps it from retention's
    /// purges: supervisors (and the operator on the casework machine, <c>jebo retention hold</c>).</summary>
    /// <remarks>Security: a hold protects evidence an investigation or a court still needs. Lifting one makes the case
    /// purgeable at the next retention round, so it is a supervisor's decision, and only from the office that set the
    /// hold or an office above it (<see cref="HoldLiftRefusal"/>): a lower office cannot clear what the office above
    /// keeps. Auditors check the work and never act; administrators read no case.</remarks>
    public static bool MayHoldCases(string role) => role == Roles.Supervisor;

    /// <summary>Why <paramref name="staff"/> may not lift a hold set by office <paramref name="heldOffice"/>, or
    /// null.</summary>
    public static string? HoldLiftRefusal(StaffPrincipal staff, string? heldOffice, OfficeTree offices) =>
        heldOffice is null || offices.IsWithin(heldOffice, staff.OfficeCode)
            ? null
            : Refusals.Text("Refusal.HoldBy", heldOffice);

    /// <summary>Why <paramref name="staff"/> may not revert a step taken by office <paramref name="stepOffice"/>, or
    /// null.</summary>
    public static string? RevertRefusal(StaffPrincipal staff, string? stepOffice, OfficeTree offices) =>
        stepOffice is null || offices.IsWithin(stepOffice, staff.OfficeCode)
            ? null
            : Refusals.Text("Refusal.RevertBy", stepOffice);
}

/// <summary>The levels of supervision (<see cref="CasePermissions.SupervisionLevel"/>).</summary>
public static class SupervisionLevels
{
    public const string Office = "office";
    public const string Province = "province";
    public const string National = "national";

    public static readonly IReadOnlyList<string> All = [Office, Province, National];
}
