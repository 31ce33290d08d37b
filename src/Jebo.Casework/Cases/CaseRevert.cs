using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>Undoes an earlier step with a compensating step: only a step <see cref="CaseLifecycle.Revertible"/> names,
/// not already reverted, by its office or one above, and only while what it changed still stands (otherwise later steps
/// must be reverted first). The state it leads to is <see cref="CaseLifecycle.RevertTarget"/>'s.</summary>
public sealed class CaseRevert(CaseworkDb db, OfficeTree offices, CaseMergeSteps merges)
{
    public async Task<CaseActionOutcome?> RevertAsync(CaseStep s, bool apply, CancellationToken cancellationToken)
    {
        var c = s.Case;
        var number = s.Request.Event!.Value;
        var entry = await db
            .AuditEntries.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Sequence == number && a.CaseId == c.Id, cancellationToken);
        if (entry is null)
        {
            return CaseActionOutcome.Field("event", Refusals.Text("Refusal.NoStep", number));
        }

        var reverted = AuditActions.CaseStepOf(entry.Action);
        if (!CaseLifecycle.Revertible.Contains(reverted))
        {
            return s.Conflict(
                Refusals.Text(
                    "Refusal.NotRevertible",
                    number,
                    Refusals.Name("Action", reverted),
                    string.Join(", ", CaseLifecycle.Revertible.Select(a => Refusals.Name("Action", a)))
                )
            );
        }

        var reverts = await db
            .AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == c.Id && a.Action == AuditActions.CaseRevert)
            .Select(a => a.Details)
            .ToListAsync(cancellationToken);
        if (reverts.Any(d => RevertedEvent(d) == number))
        {
            return s.Conflict(Refusals.Text("Refusal.Reverted", number));
        }

        // A step confirmed by an office above still belongs to the office that asked for it (which may ask to revert
        // it).
        if (
            CasePermissions.RevertRefusal(
                s.Staff,
                Recorded(entry.Details, "requestedOffice") ?? entry.ActorOffice,
                offices
            ) is
            { } why
        )
        {
            return new CaseActionOutcome.Forbidden(why);
        }

        if (
            CaseSnapshot.FromDetails(entry.Details, "before") is not { } before
            || CaseSnapshot.FromDetails(entry.Details, "after") is not { } after
        )
        {
            return s.Conflict(Refusals.Text("Refusal.NoRecord", number));
        }

        var current = CaseSnapshot.Of(c);
        if (after.ChangedFrom(before).FirstOrDefault(f => !current.Agrees(after, f)) is { } moved)
        {
            return s.Conflict(Refusals.Text("Refusal.ChangedSince", moved, number));
        }

        if (
            after.ChangedFrom(before).Contains("office")
            && CasePermissions.MoveRefusal(c, before.Office, offices) is { } supervised
        )
        {
            return s.Conflict(supervised);
        }

        s.Details["event"] = number;
        s.Details["reverts"] = entry.Action;
        if (reverted == CaseAction.Merge)
        {
            return await merges.UndoMergeAsync(s, before.Status, apply, cancellationToken);
        }

        if (!apply)
        {
            return null;
        }

        // Only what the step changed is put back; whatever later steps changed elsewhere stays.
        var changed = after.ChangedFrom(before);
        c.Status = s.Transition!.Leads(
            c.Status,
            c.AcceptedAt is not null,
            CaseLifecycle.RevertTarget(before, after, c.Status)
        );
        if (changed.Contains("office"))
        {
            c.OfficeCode = before.Office;
        }

        if (changed.Contains("supervision"))
        {
            (c.Supervised, c.SupervisedBy, c.ProgressDueAt, c.ProgressMetAt) = (
                before.Supervised,
                before.SupervisedBy,
                before.ProgressDueAt,
                null
            );
            c.SupervisedAt = before.Supervised ? c.SupervisedAt : null;
            c.SupervisionLevel = before.SupervisedBy is { } by
                ? CasePermissions.SupervisionLevel(by, c.OfficeCode)
                : null;
        }

        switch (reverted)
        {
            case CaseAction.Accept:
                (c.AcceptedAt, c.DecidedAt, c.VerificationDueAt) = (null, null, null);
                break;
            case CaseAction.Reject:
                (c.DecidedAt, c.RejectionReason) = (null, null);
                break;
            case CaseAction.Close:
                c.ClosedAt = null;
                break;
            case CaseAction.Assign:
                c.Assignee = Recorded(entry.Details, "previousAssignee");
                break;
        }

        return null;
    }

    /// <summary>A text its entry recorded under <paramref name="name"/> (<c>requestedOffice</c>, the office that
    /// asked for a confirmed step; <c>previousAssignee</c>, who held the case before an <c>assign</c>); null when
    /// none.</summary>
    private static string? Recorded(string details, string name)
    {
        using var document = JsonDocument.Parse(details);
        return
            document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private static long? RevertedEvent(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            return document.RootElement.TryGetProperty("event", out var value) && value.TryGetInt64(out var number)
                ? number
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
