using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The steps that merge a case into another and take it back out; <see cref="CaseMerging"/> moves the reports.
/// A merge ends a case's own life, so it is checked first without changing anything (<c>apply: false</c>) when asked
/// for, and applied when a second person confirms it.</summary>
public sealed class CaseMergeSteps(CaseworkDb db, Jurisdiction jurisdiction, CaseMerging merging)
{
    public async Task<CaseActionOutcome?> MergeAsync(CaseStep s, bool apply, CancellationToken cancellationToken)
    {
        var into = s.Request.Into!;
        if (into == s.Case.Id)
        {
            return CaseActionOutcome.Field("into", Refusals.Text("Refusal.MergeSelf"));
        }

        var target = await db.Cases.FirstOrDefaultAsync(c => c.Id == into, cancellationToken);
        if (target is null || !jurisdiction.Covers(s.Staff, target.OfficeCode))
        {
            return CaseActionOutcome.Field("into", Refusals.Text("Refusal.NoCase", into));
        }

        if (target.Status == CaseStatus.Merged)
        {
            return s.Conflict(Refusals.Text("Refusal.MergedElsewhere", into, target.MergedInto));
        }

        if (!CaseStatus.IsOpen(target.Status))
        {
            return s.Conflict(Refusals.Text("Refusal.MergeTarget", into, Refusals.Name("Status", target.Status)));
        }

        if (!apply)
        {
            return null;
        }

        s.Details["into"] = into;
        s.Case.Status = s.Next;
        Record(s, await merging.MergeAsync(s.Case, target, s.Staff, s.Now, cancellationToken));
        return null;
    }

    public async Task<CaseActionOutcome?> UnmergeAsync(CaseStep s, bool apply, CancellationToken cancellationToken)
    {
        var merge = await db
            .AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == s.Case.Id && a.Action == AuditActions.CaseMerge)
            .OrderByDescending(a => a.Sequence)
            .Select(a => a.Details)
            .FirstOrDefaultAsync(cancellationToken);
        if (merge is null || CaseSnapshot.FromDetails(merge, "before") is not { } before)
        {
            return s.Conflict(Refusals.Text("Refusal.NoMerge"));
        }

        return await UndoMergeAsync(s, before.Status, apply, cancellationToken);
    }

    /// <summary>Takes back the reports a merge gave away, but only from cases the person may see: after an office above
    /// took over the case holding them, a lower office cannot pull them back out of its sight.</summary>
    public async Task<CaseActionOutcome?> UndoMergeAsync(
        CaseStep s,
        string restoreStatus,
        bool apply,
        CancellationToken cancellationToken
    )
    {
        foreach (var holder in await merging.HoldersAsync(s.Case, cancellationToken))
        {
            if (!jurisdiction.Covers(s.Staff, holder))
            {
                return new CaseActionOutcome.Forbidden(Refusals.Text("Refusal.TakeBack", holder));
            }
        }

        if (!apply)
        {
            return null;
        }

        s.Details["from"] = s.Case.MergedInto;
        s.Case.Status = s.Transition!.Leads(s.Case.Status, s.Case.AcceptedAt is not null, restoreStatus);
        Record(s, await merging.UnmergeAsync(s.Case, s.Staff, s.Now, cancellationToken));
        return null;
    }

    private static void Record(CaseStep s, MergeMove move)
    {
        s.Details["reports"] = move.Reports;
        if (move.Screening.Count > 0)
        {
            s.Details["screening"] = move.Screening;
        }
    }
}
