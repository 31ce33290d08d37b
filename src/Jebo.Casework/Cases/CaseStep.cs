using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;

namespace Jebo.Casework.Cases;

/// <summary>One step under way: who takes it, on which case, what was asked, the lifecycle row it follows, and what the
/// trail will say. The parts that apply steps (<see cref="CaseTransitions"/>, <see cref="CaseAssignment"/>,
/// <see cref="CaseMessaging"/>, <see cref="CaseMergeSteps"/>, <see cref="CaseRevert"/>) change the case and fill
/// <see cref="Details"/>; <see cref="CaseActions"/> records it.</summary>
public sealed record CaseStep(
    StaffPrincipal Staff,
    CaseRecord Case,
    CaseActionRequest Request,
    Transition? Transition,
    DateTimeOffset Now,
    CaseSnapshot Before,
    FourEyes FourEyes
)
{
    public Dictionary<string, object?> Details { get; } = new(StringComparer.Ordinal);

    /// <summary>The state the lifecycle leads this step to, for a step whose target does not depend on an earlier
    /// event.</summary>
    public string Next => Transition!.Leads(Case.Status, everAccepted: Case.AcceptedAt is not null);

    /// <summary>The step conflicts with the case as it is now, saying why and what may be done instead.</summary>
    public CaseActionOutcome.Conflict Conflict(string why) => Conflict(Staff, Case, why, FourEyes);

    public static CaseActionOutcome.Conflict Conflict(
        StaffPrincipal staff,
        CaseRecord c,
        string why,
        FourEyes fourEyes
    ) => new(why, c.Status, c.Version, CasePermissions.AllowedActions(staff, c, fourEyes));
}
