using Jebo.Casework.Offices;
using Jebo.Casework.Staff;

namespace Jebo.Casework.Cases;

/// <summary>The steps that move a case between offices: assigning it down to an office below, and transferring it
/// elsewhere (a take-over when the office above takes it into its own hands).</summary>
public sealed class CaseAssignment(OfficeTree offices)
{
    public CaseActionOutcome.Invalid? Assign(CaseStep s)
    {
        var target = s.Request.Office!;
        if (!offices.Exists(target))
        {
            return CaseActionOutcome.Field("office", $"no office '{target}'");
        }

        if (!offices.IsAbove(s.Case.OfficeCode, target))
        {
            return CaseActionOutcome.Field(
                "office",
                $"a case is assigned down to an office below its own ({s.Case.OfficeCode}); use transfer to move it "
                    + $"elsewhere"
            );
        }

        s.Case.OfficeCode = target;
        s.Case.Status = s.Next;
        return null;
    }

    public CaseActionOutcome? Transfer(CaseStep s)
    {
        var target = s.Request.Office!;
        if (!offices.Exists(target))
        {
            return CaseActionOutcome.Field("office", $"no office '{target}'");
        }

        if (target == s.Case.OfficeCode)
        {
            return CaseActionOutcome.Field("office", "the case is already at this office");
        }

        if (CasePermissions.MoveRefusal(s.Case, target, offices) is { } supervised)
        {
            return s.Conflict(supervised);
        }

        // An office above taking a case into its own hands is a take-over; the trail says so.
        s.Details["takeover"] = target == s.Staff.OfficeCode && offices.IsAbove(target, s.Case.OfficeCode);
        s.Case.OfficeCode = target;
        return null;
    }
}
