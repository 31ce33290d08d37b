using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The steps that move a case between offices and people: assigning it down to an office below and to a
/// person of the office that then holds it, and transferring it elsewhere (a take-over when the office above takes it
/// into its own hands). A case that leaves an office leaves its assignee too.</summary>
public sealed class CaseAssignment(CaseworkDb db, OfficeTree offices)
{
    public async Task<CaseActionOutcome.Invalid?> AssignAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var target = s.Request.Office ?? s.Case.OfficeCode;
        if (s.Request.Office is not null)
        {
            if (!offices.Exists(target))
            {
                return CaseActionOutcome.Field("office", Refusals.Text("Refusal.NoOffice", target));
            }

            if (!offices.IsAbove(s.Case.OfficeCode, target))
            {
                return CaseActionOutcome.Field("office", Refusals.Text("Refusal.AssignDown", s.Case.OfficeCode));
            }
        }

        string? assignee = null;
        if (s.Request.Assignee is { } login)
        {
            var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Login == login, cancellationToken);
            if (person is null || !CasePermissions.MayBeAssigned(person, target))
            {
                // The same words whether the login exists elsewhere or not at all: an assignment reveals no account
                // outside the office.
                return CaseActionOutcome.Field("assignee", Refusals.Text("Refusal.NoAssignee", login, target));
            }

            assignee = person.Login;
        }

        s.Details["previousAssignee"] = s.Case.Assignee;
        s.Details["assignee"] = assignee;
        s.Case.OfficeCode = target;
        s.Case.Assignee = assignee;
        s.Case.Status = s.Next;
        return null;
    }

    public CaseActionOutcome? Transfer(CaseStep s)
    {
        var target = s.Request.Office!;
        if (!offices.Exists(target))
        {
            return CaseActionOutcome.Field("office", Refusals.Text("Refusal.NoOffice", target));
        }

        if (target == s.Case.OfficeCode)
        {
            return CaseActionOutcome.Field("office", Refusals.Text("Refusal.SameOffice"));
        }

        if (CasePermissions.MoveRefusal(s.Case, target, offices) is { } supervised)
        {
            return s.Conflict(supervised);
        }

        // An office above taking a case into its own hands is a take-over; the trail says so.
        s.Details["takeover"] = target == s.Staff.OfficeCode && offices.IsAbove(target, s.Case.OfficeCode);
        if (s.Case.Assignee is not null)
        {
            s.Details["previousAssignee"] = s.Case.Assignee;
            s.Case.Assignee = null;
        }

        s.Case.OfficeCode = target;
        return null;
    }
}
