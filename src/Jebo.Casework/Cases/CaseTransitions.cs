using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;

namespace Jebo.Casework.Cases;

/// <summary>The steps that move a case along its lifecycle without touching anything but the case itself: accept,
/// reject, start verification, record a result, review it, refer the case to another body, supervise, close and
/// reopen. Each sets the state
/// <see cref="CaseLifecycle"/> names (<see cref="CaseStep.Next"/>) and the dates and deadlines that go with
/// it.</summary>
public sealed class CaseTransitions(CaseClock clock)
{
    public CaseActionOutcome? Accept(CaseStep s)
    {
        var c = s.Case;
        c.Status = s.Next;
        c.DecidedAt = s.Now;
        c.AcceptedAt = s.Now;
        c.RejectionReason = null;
        c.VerificationDueAt = clock.VerificationDueFrom(s.Now);
        s.Details["verificationDueAt"] = c.VerificationDueAt;
        return null;
    }

    public static CaseActionOutcome? Reject(CaseStep s)
    {
        s.Case.Status = s.Next;
        s.Case.DecidedAt = s.Now;
        s.Case.RejectionReason = s.Request.Reason;
        return null;
    }

    public CaseActionOutcome? StartVerification(CaseStep s)
    {
        s.Case.Status = s.Next;
        s.Case.VerificationDueAt ??= clock.VerificationDueFrom(s.Now);
        return null;
    }

    public CaseActionOutcome? RecordResult(CaseStep s)
    {
        var c = s.Case;
        if (c.Result is not null)
        {
            s.Details["replaces"] = new
            {
                result = c.Result,
                agency = c.ResultAgency,
                summary = c.ResultSummary,
                by = c.ResultBy,
            };
        }

        c.Status = s.Next;
        c.Result = s.Request.Result;
        c.ResultAgency = s.Request.Agency;
        c.ResultSummary = s.Request.Summary;
        c.ResultAt = s.Now;
        c.ResultBy = s.Staff.Login;
        c.ResultOffice = s.Staff.OfficeCode;
        c.FeedbackDueAt = clock.FeedbackDueFrom(s.Now);
        s.Details["result"] = c.Result;
        if (c.ResultAgency is not null)
        {
            s.Details["agency"] = c.ResultAgency;
        }

        s.Details["summary"] = c.ResultSummary;
        return null;
    }

    /// <summary>Passes the case on to another body, once a second person above confirmed it (<c>FourEyes</c>): its
    /// result is <c>referred</c> with the kind of body, asked for by the person who asked and reviewed by the one who
    /// confirmed, and the feedback is given at once, so the reporter reads on the status page that the clue was passed
    /// on and to what kind of body (never its name, nor the reason).</summary>
    public static CaseActionOutcome? Refer(CaseStep s)
    {
        var c = s.Case;
        var (by, office) = (
            s.Details.GetValueOrDefault("requestedBy") as string ?? s.Staff.Login,
            s.Details.GetValueOrDefault("requestedOffice") as string ?? s.Staff.OfficeCode
        );
        c.Status = s.Next;
        (c.Result, c.ResultAgency, c.ReferredTo, c.ResultSummary) = (
            Jebo.Transfer.Status.PublicResult.Referred,
            s.Request.Agency,
            s.Request.Name,
            s.Request.Reason
        );
        (c.ResultAt, c.ResultBy, c.ResultOffice) = (s.Now, by, office);
        (c.ReviewedBy, c.ReviewerOffice, c.ReviewedAt) = (s.Staff.Login, s.Staff.OfficeCode, s.Now);
        c.FeedbackAt = s.Now;
        s.Details["result"] = c.Result;
        s.Details["agency"] = c.ResultAgency;
        s.Details["name"] = c.ReferredTo;
        return null;
    }

    public static CaseActionOutcome? Review(CaseStep s)
    {
        var c = s.Case;
        s.Details["decision"] = s.Request.Decision;
        s.Details["result"] = c.Result;
        c.Status = s.Next;
        if (s.Request.Decision == CaseAction.ReviewReturn)
        {
            // Sent back for more verification: the result no longer stands, and the verification deadline runs again.
            s.Details["returned"] = new
            {
                result = c.Result,
                summary = c.ResultSummary,
                by = c.ResultBy,
            };
            (c.Result, c.ResultSummary, c.ResultAt, c.ResultBy, c.ResultOffice, c.FeedbackDueAt) = (
                null,
                null,
                null,
                null,
                null,
                null
            );
            c.ResultAgency = null;
            return null;
        }

        c.ReviewedBy = s.Staff.Login;
        c.ReviewerOffice = s.Staff.OfficeCode;
        c.ReviewedAt = s.Now;
        return null;
    }

    public CaseActionOutcome.Invalid? Supervise(CaseStep s)
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

    public static CaseActionOutcome? Close(CaseStep s)
    {
        s.Case.Status = s.Next;
        s.Case.ClosedAt = s.Now;
        return null;
    }

    public CaseActionOutcome? Reopen(CaseStep s)
    {
        var c = s.Case;
        c.Status = s.Next;
        c.ClosedAt = null;
        if (c.Status == CaseStatus.Received)
        {
            // Not accepted before: decided afresh, with a new acceptance deadline.
            (c.DecidedAt, c.RejectionReason) = (null, null);
            c.AcceptanceDueAt = clock.AcceptanceDueFrom(s.Now);
            return null;
        }

        // Back to verification: the earlier result and review stand in the trail; a new result must be recorded and
        // reviewed.
        s.Details["previous"] = new
        {
            result = c.Result,
            summary = c.ResultSummary,
            reviewedBy = c.ReviewedBy,
        };
        (c.Result, c.ResultSummary, c.ResultAt, c.ResultBy, c.ResultOffice) = (null, null, null, null, null);
        (c.ResultAgency, c.ReferredTo) = (null, null);
        (c.ReviewedBy, c.ReviewerOffice, c.ReviewedAt) = (null, null, null);
        (c.FeedbackDueAt, c.FeedbackAt) = (null, null);
        c.VerificationDueAt = clock.VerificationDueFrom(s.Now);
        return null;
    }
}
