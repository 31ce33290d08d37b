using Jebo.Casework.Audit;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Feedback;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Screening;

namespace Jebo.Casework.Cases;

/// <summary>What every step does after its own change: progress asked for by the office above is now shown, the clock
/// and escalation follow the new state, a case moved to another office is related anew to cases now in another
/// province and its repetition flag judged again for that office (<see cref="ScreeningMarks"/>), the reporter's status
/// follows, the version moves on, and the trail records it with the case before and after.</summary>
public sealed class CaseStepCompletion(
    AuditLog audit,
    StatusPublication publication,
    ClueScreening screening,
    ScreeningMarks marks
)
{
    /// <summary>Completes <paramref name="step"/>, recording it as <paramref name="auditAction"/> or, by default, as
    /// the lifecycle step it is (<see cref="AuditActions.OfCase"/>).</summary>
    public async Task CompleteAsync(CaseStep step, CancellationToken cancellationToken, string? auditAction = null)
    {
        var (staff, c, request, now) = (step.Staff, step.Case, step.Request, step.Now);
        if (
            request.Action is not (CaseAction.Supervise or CaseAction.Revert or CaseAction.RecordCallback)
            && c.Supervised
            && c.ProgressDueAt is not null
            && c.ProgressMetAt is null
        )
        {
            c.ProgressMetAt = now;
        }

        if (step.Before.Office != c.OfficeCode)
        {
            await screening.RelateAfterMoveAsync(c, cancellationToken);
            if (await marks.RecomputeAsync([c], cancellationToken) is { Count: > 0 } marked)
            {
                step.Details["screening"] = marked;
            }
        }

        CaseClock.Recompute(c);
        if (c.EscalatedTo is not null && (c.NextDueAt is null || c.NextDueAt > now))
        {
            step.Details["escalationCleared"] = c.EscalatedFor;
            (c.EscalatedTo, c.EscalatedAt, c.EscalatedFor) = (null, null, null);
        }

        await publication.UpdateAsync(
            c,
            now,
            newMessage: request.Action == CaseAction.PublishStatus,
            cancellationToken
        );
        c.Version++;
        c.UpdatedAt = now;
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["before"] = step.Before,
            ["after"] = CaseSnapshot.Of(c),
        };
        if (request.Reason is not null)
        {
            details["reason"] = request.Reason;
        }

        foreach (var (key, value) in step.Details)
        {
            details[key] = value;
        }

        await audit.AppendAsync(
            staff.Login,
            staff.OfficeCode,
            auditAction ?? AuditActions.OfCase(request.Action),
            c.Id,
            details,
            cancellationToken
        );
    }
}
