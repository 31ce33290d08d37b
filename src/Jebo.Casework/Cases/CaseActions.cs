using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Feedback;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>
/// Takes an action on a case, for the API and the staff pages alike: checks jurisdiction (<see cref="Jurisdiction"/>),
/// role and office (<see cref="CasePermissions"/>), the lifecycle (<see cref="CaseLifecycle"/>) and the case version,
/// then applies the step, keeps the deadlines and what the reporter is told current, and records it in the audit
/// chain with the actor, their office, the time, the reason and the case before and after — all in one transaction.
/// </summary>
/// <remarks>Security: a step that ends or hides a clue (<see cref="FourEyes.Gated"/>) is only asked for; the case keeps
/// the request and nothing else changes until a second person above confirms it with <c>review</c>, which applies it
/// (or returns it), so neither the case nor the reporter sees the step before two people agreed.</remarks>
public sealed class CaseActions(
    CaseworkDb db,
    Jurisdiction jurisdiction,
    OfficeTree offices,
    AuditLog audit,
    CaseClock clock,
    StatusPublication publication,
    ReporterContacts contacts,
    CaseMerging merging,
    CaseQueries queries,
    FourEyes fourEyes,
    TimeProvider time)
{
    public async Task<CaseActionOutcome> TakeAsync(StaffPrincipal staff, string caseId, CaseActionRequest request, CancellationToken cancellationToken)
    {
        CaseActionOutcome? refusal;
        CaseRecord? caseRecord;
        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            caseRecord = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            refusal = caseRecord is null || !jurisdiction.Covers(staff, caseRecord.OfficeCode)
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
                return Conflict(staff, fresh, "the case was changed by someone else at the same moment; reload it and try again");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        var saved = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == caseId, cancellationToken);
        return new CaseActionOutcome.Done(await queries.DetailAsync(staff, saved, new Dictionary<Guid, Reports.ReporterIdentity>(), cancellationToken));
    }

    /// <summary>Checks and applies one action to a tracked case; returns why not, or null when done (not yet saved).</summary>
    private async Task<CaseActionOutcome?> ApplyAsync(StaffPrincipal staff, CaseRecord c, CaseActionRequest request, CancellationToken cancellationToken)
    {
        var action = request.Action;
        if (!CasePermissions.MayTake(staff.Role, action))
        {
            var roles = CasePermissions.RolesFor(action);
            return new CaseActionOutcome.Forbidden($"the {staff.Role} role may not {action}; that is for: {string.Join(", ", roles)}");
        }

        if (CasePermissions.OfficeRefusal(staff, action, c, fourEyes) is { } officeRule)
        {
            return new CaseActionOutcome.Forbidden(officeRule);
        }

        if (request.Version is { } expected && expected != c.Version)
        {
            return Conflict(staff, c, $"the case changed since version {expected} (it is at version {c.Version} now); reload it and try again");
        }

        if (c.PendingRequest is not null)
        {
            if (action == CaseAction.Review)
            {
                return await ReviewPendingAsync(staff, c, request, cancellationToken);
            }

            if (!CasePermissions.WhilePending.Contains(action))
            {
                return Conflict(staff, c, $"a step ({PendingOf(c).Action}) asked for by {c.PendingBy} awaits review by an office above; it is confirmed or returned first");
            }
        }

        var decision = CaseLifecycle.Decide(action, c.Status, request.Decision);
        if (decision.Transition is not { } transition)
        {
            return Conflict(staff, c, decision.Refusal!);
        }

        var step = new Step(staff, c, request, transition, time.GetUtcNow(), CaseSnapshot.Of(c));
        if (FourEyes.Gated.Contains(action))
        {
            return await RequestAsync(step, cancellationToken);
        }

        if (await RunAsync(step, apply: true, cancellationToken) is { } failure)
        {
            return failure;
        }

        await FinishAsync(step, cancellationToken);
        return null;
    }

    /// <summary>Checks the step and, when <paramref name="apply"/>, applies it. Steps that end or hide a clue check first
    /// without changing anything, so a request is refused for the same reasons the step itself would be.</summary>
    private async Task<CaseActionOutcome?> RunAsync(Step step, bool apply, CancellationToken cancellationToken) => step.Request.Action switch
    {
        CaseAction.Accept => Accept(step),
        CaseAction.Reject => apply ? Reject(step) : null,
        CaseAction.Assign => Assign(step),
        CaseAction.Transfer => Transfer(step),
        CaseAction.StartVerification => StartVerification(step),
        CaseAction.RecordContact => await RecordContactAsync(step, cancellationToken),
        CaseAction.RecordResult => RecordResult(step),
        CaseAction.Review => Review(step),
        CaseAction.PublishStatus => await PublishStatusAsync(step, cancellationToken),
        CaseAction.Merge => await MergeAsync(step, apply, cancellationToken),
        CaseAction.Unmerge => await UnmergeAsync(step, apply, cancellationToken),
        CaseAction.Supervise => Supervise(step),
        CaseAction.Close => Close(step),
        CaseAction.Reopen => Reopen(step),
        CaseAction.Revert => await RevertAsync(step, apply, cancellationToken),
        _ => throw new InvalidOperationException($"no handler for {step.Request.Action}"),
    };

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    private static CaseActionRequest PendingOf(CaseRecord c) =>
        JsonSerializer.Deserialize<CaseActionRequest>(c.PendingRequest!, RequestJson) ?? throw new InvalidOperationException("unreadable pending step");

    /// <summary>Records a step that ends or hides a clue as asked for: it is checked now, and applied only when a second
    /// person above confirms it (<see cref="ReviewPendingAsync"/>).</summary>
    private async Task<CaseActionOutcome?> RequestAsync(Step step, CancellationToken cancellationToken)
    {
        if (await RunAsync(step, apply: false, cancellationToken) is { } failure)
        {
            return failure;
        }

        var c = step.Case;
        c.PendingRequest = JsonSerializer.Serialize(step.Request with { Version = null }, RequestJson);
        (c.PendingBy, c.PendingOffice, c.PendingAt) = (step.Staff.Login, step.Staff.OfficeCode, step.Now);
        step.Details["requested"] = step.Request.Action;
        step.Details["request"] = JsonDocument.Parse(c.PendingRequest).RootElement.Clone();
        await FinishAsync(step, cancellationToken, AuditRequested);
        return null;
    }

    /// <summary>The second person's answer to a step asked for: <c>approve</c> applies it as if they took it (the trail
    /// names who asked), <c>return</c> drops it with a reason. Who may answer is <see cref="FourEyes"/>'s to say.</summary>
    private async Task<CaseActionOutcome?> ReviewPendingAsync(StaffPrincipal staff, CaseRecord c, CaseActionRequest review, CancellationToken cancellationToken)
    {
        var pending = PendingOf(c);
        var (by, office) = (c.PendingBy, c.PendingOffice);
        var now = time.GetUtcNow();
        (c.PendingRequest, c.PendingBy, c.PendingOffice, c.PendingAt) = (null, null, null, null);
        if (review.Decision == CaseAction.ReviewReturn)
        {
            var returned = new Step(staff, c, review, null, now, CaseSnapshot.Of(c));
            returned.Details["returned"] = pending.Action;
            returned.Details["requestedBy"] = by;
            returned.Details["requestedOffice"] = office;
            await FinishAsync(returned, cancellationToken, AuditReturned);
            return null;
        }

        var decision = CaseLifecycle.Decide(pending.Action, c.Status, pending.Decision);
        if (decision.Transition is not { } transition)
        {
            return Conflict(staff, c, decision.Refusal! + "; return the request instead");
        }

        var step = new Step(staff, c, pending, transition, now, CaseSnapshot.Of(c));
        step.Details["requestedBy"] = by;
        step.Details["requestedOffice"] = office;
        if (review.Reason is not null)
        {
            step.Details["reviewReason"] = review.Reason;
        }

        if (await RunAsync(step, apply: true, cancellationToken) is { } failure)
        {
            return failure;
        }

        await FinishAsync(step, cancellationToken);
        return null;
    }

    /// <summary>The trail's names for a step asked for and for one returned unapplied.</summary>
    public const string AuditRequested = AuditActions.CaseRequested;

    public const string AuditReturned = AuditActions.CaseRequestReturned;

    /// <summary>What every step does after its own change: progress asked for by the office above is now shown, the clock
    /// and escalation follow the new state, the reporter's status follows, the version moves on, the trail records it.</summary>
    private async Task FinishAsync(Step step, CancellationToken cancellationToken, string? auditAction = null)
    {
        var (staff, c, request, now) = (step.Staff, step.Case, step.Request, step.Now);
        if (request.Action is not (CaseAction.Supervise or CaseAction.Revert) && c.Supervised && c.ProgressDueAt is not null && c.ProgressMetAt is null)
        {
            c.ProgressMetAt = now;
        }

        CaseClock.Recompute(c);
        if (c.EscalatedTo is not null && (c.NextDueAt is null || c.NextDueAt > now))
        {
            step.Details["escalationCleared"] = c.EscalatedFor;
            (c.EscalatedTo, c.EscalatedAt, c.EscalatedFor) = (null, null, null);
        }

        await publication.UpdateAsync(c, now, newMessage: request.Action == CaseAction.PublishStatus, cancellationToken);
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

        await audit.AppendAsync(staff.Login, staff.OfficeCode, auditAction ?? CaseAction.AuditName(request.Action), c.Id, details, cancellationToken);
    }

    private CaseActionOutcome? Accept(Step s)
    {
        var c = s.Case;
        c.Status = CaseStatus.Accepted;
        c.DecidedAt = s.Now;
        c.AcceptedAt = s.Now;
        c.RejectionReason = null;
        c.VerificationDueAt = clock.VerificationDueFrom(s.Now);
        s.Details["verificationDueAt"] = c.VerificationDueAt;
        return null;
    }

    private static CaseActionOutcome? Reject(Step s)
    {
        s.Case.Status = CaseStatus.NotAccepted;
        s.Case.DecidedAt = s.Now;
        s.Case.RejectionReason = s.Request.Reason;
        return null;
    }

    private CaseActionOutcome.Invalid? Assign(Step s)
    {
        var target = s.Request.Office!;
        if (!offices.Exists(target))
        {
            return CaseActionOutcome.Field("office", $"no office '{target}'");
        }

        if (!offices.IsAbove(s.Case.OfficeCode, target))
        {
            return CaseActionOutcome.Field("office", $"a case is assigned down to an office below its own ({s.Case.OfficeCode}); use transfer to move it elsewhere");
        }

        s.Case.OfficeCode = target;
        s.Case.Status = CaseStatus.Assigned;
        return null;
    }

    private CaseActionOutcome? Transfer(Step s)
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
            return Conflict(s.Staff, s.Case, supervised);
        }

        // An office above taking a case into its own hands is a take-over; the trail says so.
        s.Details["takeover"] = target == s.Staff.OfficeCode && offices.IsAbove(target, s.Case.OfficeCode);
        s.Case.OfficeCode = target;
        return null;
    }

    private CaseActionOutcome? StartVerification(Step s)
    {
        s.Case.Status = CaseStatus.InVerification;
        s.Case.VerificationDueAt ??= clock.VerificationDueFrom(s.Now);
        return null;
    }

    private async Task<CaseActionOutcome?> RecordContactAsync(Step s, CancellationToken cancellationToken)
    {
        var c = s.Case;
        var identified = await contacts.IdentifiedReportsAsync(c.Id, cancellationToken);
        Guid? reportId;
        if (s.Request.Report is { } named)
        {
            if (!await db.Reports.AnyAsync(r => r.Id == named && r.CaseId == c.Id, cancellationToken))
            {
                return CaseActionOutcome.Field("report", "not a report of this case");
            }

            reportId = named;
        }
        else if (identified.Count > 1)
        {
            return CaseActionOutcome.Field("report", "this case holds several reporters who left a contact; name the report whose reporter was contacted");
        }
        else
        {
            reportId = identified.Count == 1 ? identified[0].Id : null;
        }

        db.ReporterContacts.Add(new ReporterContact
        {
            Id = Guid.NewGuid(),
            CaseId = c.Id,
            ReportId = reportId,
            At = s.Now,
            Channel = s.Request.Channel!,
            Outcome = s.Request.Outcome!,
            Actor = s.Staff.Login,
            ActorOffice = s.Staff.OfficeCode,
        });
        await contacts.RecomputeAsync(c, identified, cancellationToken);
        s.Details["channel"] = s.Request.Channel;
        s.Details["outcome"] = s.Request.Outcome;
        s.Details["report"] = reportId;
        return null;
    }

    private CaseActionOutcome? RecordResult(Step s)
    {
        var c = s.Case;
        if (c.Result is not null)
        {
            s.Details["replaces"] = new { result = c.Result, summary = c.ResultSummary, by = c.ResultBy };
        }

        c.Status = CaseStatus.ResultRecorded;
        c.Result = s.Request.Result;
        c.ResultSummary = s.Request.Summary;
        c.ResultAt = s.Now;
        c.ResultBy = s.Staff.Login;
        c.ResultOffice = s.Staff.OfficeCode;
        c.FeedbackDueAt = clock.FeedbackDueFrom(s.Now);
        s.Details["result"] = c.Result;
        s.Details["summary"] = c.ResultSummary;
        return null;
    }

    private static CaseActionOutcome? Review(Step s)
    {
        var c = s.Case;
        s.Details["decision"] = s.Request.Decision;
        s.Details["result"] = c.Result;
        if (s.Request.Decision == CaseAction.ReviewReturn)
        {
            // Sent back for more verification: the result no longer stands, and the verification deadline runs again.
            s.Details["returned"] = new { result = c.Result, summary = c.ResultSummary, by = c.ResultBy };
            c.Status = CaseStatus.InVerification;
            (c.Result, c.ResultSummary, c.ResultAt, c.ResultBy, c.ResultOffice, c.FeedbackDueAt) = (null, null, null, null, null, null);
            return null;
        }

        c.Status = CaseStatus.Reviewed;
        c.ReviewedBy = s.Staff.Login;
        c.ReviewerOffice = s.Staff.OfficeCode;
        c.ReviewedAt = s.Now;
        return null;
    }

    private async Task<CaseActionOutcome?> PublishStatusAsync(Step s, CancellationToken cancellationToken)
    {
        var c = s.Case;
        if (await publication.MessageRefusalAsync(c.Id, s.Now, cancellationToken) is { } tooMany)
        {
            return Conflict(s.Staff, c, tooMany);
        }

        db.CaseMessages.Add(new CaseMessage { Id = Guid.NewGuid(), CaseId = c.Id, At = s.Now, Text = s.Request.Message!, Author = s.Staff.Login });
        if (s.Transition!.Next(c.Status) is { } next && next != c.Status)
        {
            c.Status = next;
            c.FeedbackAt = s.Now;
        }

        // The trail keeps what the reporter was told, so the chain vouches for it as for every other step.
        s.Details["message"] = s.Request.Message;
        return null;
    }

    private async Task<CaseActionOutcome?> MergeAsync(Step s, bool apply, CancellationToken cancellationToken)
    {
        var into = s.Request.Into!;
        if (into == s.Case.Id)
        {
            return CaseActionOutcome.Field("into", "a case cannot be merged into itself");
        }

        var target = await db.Cases.FirstOrDefaultAsync(c => c.Id == into, cancellationToken);
        if (target is null || !jurisdiction.Covers(s.Staff, target.OfficeCode))
        {
            return CaseActionOutcome.Field("into", $"no case {into} in your jurisdiction");
        }

        if (target.Status == CaseStatus.Merged)
        {
            return Conflict(s.Staff, s.Case, $"case {into} is itself merged into {target.MergedInto}; merge into that case");
        }

        if (!CaseStatus.IsOpen(target.Status))
        {
            return Conflict(s.Staff, s.Case, $"case {into} is {target.Status}; reopen it before merging into it");
        }

        if (!apply)
        {
            return null;
        }

        s.Details["into"] = into;
        s.Details["reports"] = await merging.MergeAsync(s.Case, target, s.Staff, s.Now, cancellationToken);
        s.Case.Status = CaseStatus.Merged;
        return null;
    }

    private async Task<CaseActionOutcome?> UnmergeAsync(Step s, bool apply, CancellationToken cancellationToken)
    {
        var merge = await db.AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == s.Case.Id && a.Action == CaseAction.AuditName(CaseAction.Merge))
            .OrderByDescending(a => a.Sequence).Select(a => a.Details).FirstOrDefaultAsync(cancellationToken);
        if (merge is null || CaseSnapshot.FromDetails(merge, "before") is not { } before)
        {
            return Conflict(s.Staff, s.Case, "the case's trail holds no merge to undo");
        }

        return await UndoMergeAsync(s, before.Status, apply, cancellationToken);
    }

    /// <summary>Takes back the reports a merge gave away, but only from cases the person may see: after an office above
    /// took over the case holding them, a lower office cannot pull them back out of its sight.</summary>
    private async Task<CaseActionOutcome?> UndoMergeAsync(Step s, string restoreStatus, bool apply, CancellationToken cancellationToken)
    {
        foreach (var holder in await merging.HoldersAsync(s.Case, cancellationToken))
        {
            if (!jurisdiction.Covers(s.Staff, holder))
            {
                return new CaseActionOutcome.Forbidden(
                    $"the reports are now held by a case of office {holder}, outside your jurisdiction; only that office or one above it may take them back");
            }
        }

        if (!apply)
        {
            return null;
        }

        s.Details["from"] = s.Case.MergedInto;
        s.Details["reports"] = await merging.UnmergeAsync(s.Case, s.Staff, s.Now, cancellationToken);
        s.Case.Status = restoreStatus;
        return null;
    }

    private CaseActionOutcome.Invalid? Supervise(Step s)
    {
        var c = s.Case;
        if (s.Request.ProgressBy is { } by && by < clock.Calendar.DateOf(s.Now))
        {
            return CaseActionOutcome.Field("progressBy", "must be today or later");
        }

        c.Supervised = true;
        c.SupervisedBy = s.Staff.OfficeCode;
        c.SupervisedAt = s.Now;
        c.ProgressDueAt = s.Request.ProgressBy is { } date ? clock.Calendar.EndOf(date) : null;
        c.ProgressMetAt = null;
        return null;
    }

    private static CaseActionOutcome? Close(Step s)
    {
        s.Case.Status = CaseStatus.Closed;
        s.Case.ClosedAt = s.Now;
        return null;
    }

    private CaseActionOutcome? Reopen(Step s)
    {
        var c = s.Case;
        c.Status = CaseLifecycle.ReopenTarget(c.AcceptedAt is not null);
        c.ClosedAt = null;
        if (c.Status == CaseStatus.Received)
        {
            // Not accepted before: decided afresh, with a new acceptance deadline.
            (c.DecidedAt, c.RejectionReason) = (null, null);
            c.AcceptanceDueAt = clock.AcceptanceDueFrom(s.Now);
            return null;
        }

        // Back to verification: the earlier result and review stand in the trail; a new result must be recorded and reviewed.
        s.Details["previous"] = new { result = c.Result, summary = c.ResultSummary, reviewedBy = c.ReviewedBy };
        (c.Result, c.ResultSummary, c.ResultAt, c.ResultBy, c.ResultOffice) = (null, null, null, null, null);
        (c.ReviewedBy, c.ReviewerOffice, c.ReviewedAt) = (null, null, null);
        (c.FeedbackDueAt, c.FeedbackAt) = (null, null);
        c.VerificationDueAt = clock.VerificationDueFrom(s.Now);
        return null;
    }

    /// <summary>Undoes an earlier step with a compensating step: only a revertible one, not already reverted, by its office
    /// or one above, and only while what it changed still stands (otherwise later steps must be reverted first).</summary>
    private async Task<CaseActionOutcome?> RevertAsync(Step s, bool apply, CancellationToken cancellationToken)
    {
        var c = s.Case;
        var number = s.Request.Event!.Value;
        var entry = await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(a => a.Sequence == number && a.CaseId == c.Id, cancellationToken);
        if (entry is null)
        {
            return CaseActionOutcome.Field("event", $"no step {number} in this case's trail");
        }

        var prefix = CaseAction.AuditName("");
        var reverted = entry.Action.StartsWith(prefix, StringComparison.Ordinal) ? entry.Action[prefix.Length..] : entry.Action;
        if (!CaseAction.Revertible.Contains(reverted))
        {
            return Conflict(s.Staff, c, $"step {number} ({entry.Action}) cannot be reverted: only {string.Join(", ", CaseAction.Revertible)} can; "
                + "a contact, result, review or message is corrected by recording anew");
        }

        var reverts = await db.AuditEntries.AsNoTracking().Where(a => a.CaseId == c.Id && a.Action == CaseAction.AuditName(CaseAction.Revert))
            .Select(a => a.Details).ToListAsync(cancellationToken);
        if (reverts.Any(d => RevertedEvent(d) == number))
        {
            return Conflict(s.Staff, c, $"step {number} was already reverted");
        }

        // A step confirmed by an office above still belongs to the office that asked for it (which may ask to revert it).
        if (CasePermissions.RevertRefusal(s.Staff, RequestedOffice(entry.Details) ?? entry.ActorOffice, offices) is { } why)
        {
            return new CaseActionOutcome.Forbidden(why);
        }

        if (CaseSnapshot.FromDetails(entry.Details, "before") is not { } before || CaseSnapshot.FromDetails(entry.Details, "after") is not { } after)
        {
            return Conflict(s.Staff, c, $"step {number} holds no record of what it changed");
        }

        var current = CaseSnapshot.Of(c);
        if (after.ChangedFrom(before).FirstOrDefault(f => !current.Agrees(after, f)) is { } moved)
        {
            return Conflict(s.Staff, c, $"the case's {moved} has changed since step {number}; revert the later steps first");
        }

        if (after.ChangedFrom(before).Contains("office") && CasePermissions.MoveRefusal(c, before.Office, offices) is { } supervised)
        {
            return Conflict(s.Staff, c, supervised);
        }

        s.Details["event"] = number;
        s.Details["reverts"] = entry.Action;
        if (reverted == CaseAction.Merge)
        {
            return await UndoMergeAsync(s, before.Status, apply, cancellationToken);
        }

        if (!apply)
        {
            return null;
        }

        // Only what the step changed is put back; whatever later steps changed elsewhere stays.
        var changed = after.ChangedFrom(before);
        if (changed.Contains("status"))
        {
            c.Status = before.Status;
        }

        if (changed.Contains("office"))
        {
            c.OfficeCode = before.Office;
        }

        if (changed.Contains("supervision"))
        {
            (c.Supervised, c.SupervisedBy, c.ProgressDueAt, c.ProgressMetAt) = (before.Supervised, before.SupervisedBy, before.ProgressDueAt, null);
            c.SupervisedAt = before.Supervised ? c.SupervisedAt : null;
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
        }

        return null;
    }

    private static string? RequestedOffice(string details)
    {
        using var document = JsonDocument.Parse(details);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("requestedOffice", out var office)
            && office.ValueKind == JsonValueKind.String ? office.GetString() : null;
    }

    private static long? RevertedEvent(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            return document.RootElement.TryGetProperty("event", out var value) && value.TryGetInt64(out var number) ? number : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private CaseActionOutcome.Conflict Conflict(StaffPrincipal staff, CaseRecord c, string why) =>
        new(why, c.Status, c.Version, CasePermissions.AllowedActions(staff, c, fourEyes));

    /// <summary>One step under way: who takes it, on which case, what was asked, and what the trail will say.</summary>
    private sealed record Step(StaffPrincipal Staff, CaseRecord Case, CaseActionRequest Request, Transition? Transition, DateTimeOffset Now, CaseSnapshot Before)
    {
        public Dictionary<string, object?> Details { get; } = new(StringComparer.Ordinal);
    }
}
