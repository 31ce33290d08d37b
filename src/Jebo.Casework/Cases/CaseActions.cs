using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>
/// Takes an action on a case, for the API and the staff pages alike: checks jurisdiction (<see cref="Jurisdiction"/>),
/// role and office (<see cref="CasePermissions"/>), the lifecycle (<see cref="CaseLifecycle"/>) and the case version,
/// then applies the step (<see cref="CaseSteps"/>), keeps the deadlines and what the reporter is told current, and
/// records it in the audit chain with the actor, their office, the time, the reason and the case before and after
/// (<see cref="CaseStepCompletion"/>) — all in one transaction.
/// </summary>
/// <remarks>Security: a step that ends or hides a clue (<see cref="FourEyes.Gated"/>) is only asked for; the case keeps
/// the request and nothing else changes until a second person above confirms it with <c>review</c>, which applies it
/// (or returns it), so neither the case nor the reporter sees the step before two people agreed.</remarks>
public sealed class CaseActions(
    CaseworkDb db,
    Jurisdiction jurisdiction,
    CaseQueries queries,
    FourEyes fourEyes,
    CaseSteps steps,
    CaseStepCompletion completion,
    TimeProvider time
)
{
    public async Task<CaseActionOutcome> TakeAsync(
        StaffPrincipal staff,
        string caseId,
        CaseActionRequest request,
        CancellationToken cancellationToken
    )
    {
        CaseActionOutcome? refusal;
        CaseRecord? caseRecord;
        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            caseRecord = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            refusal =
                caseRecord is null || !jurisdiction.Covers(staff, caseRecord.OfficeCode)
                    ? new CaseActionOutcome.NotFound()
                    : await ApplyAsync(staff, caseRecord, request, cancellationToken);
            if (refusal is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return refusal;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                var fresh = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, cancellationToken);
                return Conflict(staff, fresh, Refusals.Text("Refusal.Concurrent"));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        var saved = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, cancellationToken);
        return new CaseActionOutcome.Done(
            await queries.DetailAsync(staff, saved, new Dictionary<Guid, Data.ReporterIdentity>(), cancellationToken)
        );
    }

    /// <summary>Checks and applies one action to a tracked case; returns why not, or null when done (not yet
    /// saved).</summary>
    private async Task<CaseActionOutcome?> ApplyAsync(
        StaffPrincipal staff,
        CaseRecord c,
        CaseActionRequest request,
        CancellationToken cancellationToken
    )
    {
        var action = request.Action;
        if (!CasePermissions.MayTake(staff.Role, action))
        {
            var roles = CasePermissions.RolesFor(action);
            return new CaseActionOutcome.Forbidden(
                Refusals.Text(
                    "Refusal.Role",
                    Refusals.Name("Role", staff.Role),
                    Refusals.Name("Action", action),
                    string.Join(", ", roles.Select(r => Refusals.Name("Role", r)))
                )
            );
        }

        if (CasePermissions.OfficeRefusal(staff, action, c, fourEyes) is { } officeRule)
        {
            return new CaseActionOutcome.Forbidden(officeRule);
        }

        if (request.Version is { } expected && expected != c.Version)
        {
            return Conflict(staff, c, Refusals.Text("Refusal.Version", expected, c.Version));
        }

        if (c.PendingRequest is not null)
        {
            if (action == CaseAction.Review)
            {
                return await ReviewPendingAsync(staff, c, request, cancellationToken);
            }

            if (!CasePermissions.WhilePending.Contains(action))
            {
                return Conflict(
                    staff,
                    c,
                    Refusals.Text(
                        "Refusal.Pending",
                        Refusals.Name("Action", CaseRequests.PendingOf(c).Action),
                        c.PendingBy
                    )
                );
            }
        }

        var decision = CaseLifecycle.Decide(action, c.Status, request.Decision);
        if (decision.Transition is not { } transition)
        {
            return Conflict(staff, c, decision.Refusal!);
        }

        var step = new CaseStep(staff, c, request, transition, time.GetUtcNow(), CaseSnapshot.Of(c), fourEyes);
        if (FourEyes.Gated.Contains(action))
        {
            return await RequestAsync(step, cancellationToken);
        }

        if (await steps.RunAsync(step, apply: true, cancellationToken) is { } failure)
        {
            return failure;
        }

        await completion.CompleteAsync(step, cancellationToken);
        return null;
    }

    /// <summary>Records a step that ends or hides a clue as asked for: it is checked now, and applied only when a
    /// second person above confirms it (<see cref="ReviewPendingAsync"/>).</summary>
    private async Task<CaseActionOutcome?> RequestAsync(CaseStep step, CancellationToken cancellationToken)
    {
        if (await steps.RunAsync(step, apply: false, cancellationToken) is { } failure)
        {
            return failure;
        }

        CaseRequests.Ask(step);
        await completion.CompleteAsync(step, cancellationToken, AuditActions.CaseRequested);
        return null;
    }

    /// <summary>The second person's answer to a step asked for: <c>approve</c> applies it as if they took it (the trail
    /// names who asked), <c>return</c> drops it with a reason. Who may answer is <see cref="FourEyes"/>'s to
    /// say.</summary>
    private async Task<CaseActionOutcome?> ReviewPendingAsync(
        StaffPrincipal staff,
        CaseRecord c,
        CaseActionRequest review,
        CancellationToken cancellationToken
    )
    {
        var (pending, by, office) = CaseRequests.Take(c);
        var now = time.GetUtcNow();
        if (review.Decision == CaseAction.ReviewReturn)
        {
            var returned = new CaseStep(staff, c, review, null, now, CaseSnapshot.Of(c), fourEyes);
            returned.Details["returned"] = pending.Action;
            returned.Details["requestedBy"] = by;
            returned.Details["requestedOffice"] = office;
            await completion.CompleteAsync(returned, cancellationToken, AuditActions.CaseRequestReturned);
            return null;
        }

        var decision = CaseLifecycle.Decide(pending.Action, c.Status, pending.Decision);
        if (decision.Transition is not { } transition)
        {
            return Conflict(staff, c, decision.Refusal! + "; return the request instead");
        }

        var step = new CaseStep(staff, c, pending, transition, now, CaseSnapshot.Of(c), fourEyes);
        step.Details["requestedBy"] = by;
        step.Details["requestedOffice"] = office;
        if (review.Reason is not null)
        {
            step.Details["reviewReason"] = review.Reason;
        }

        if (await steps.RunAsync(step, apply: true, cancellationToken) is { } failure)
        {
            return failure;
        }

        await completion.CompleteAsync(step, cancellationToken);
        return null;
    }

    private CaseActionOutcome.Conflict Conflict(StaffPrincipal staff, CaseRecord c, string why) =>
        CaseStep.Conflict(staff, c, why, fourEyes);
}
