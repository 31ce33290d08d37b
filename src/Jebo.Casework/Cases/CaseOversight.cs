using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The oversight steps of issue 16: the callback of a sampled reporter (<c>record-callback</c>), which sends a
/// disputed result to re-verification by the office above, and supervision that ends — progress reported to the
/// supervising office (<c>report-progress</c>) and the supervision concluded with an assessment
/// (<c>conclude-supervision</c>).</summary>
public sealed class CaseOversight(CaseworkDb db, OfficeTree offices)
{
    /// <summary>Records what the reporter of a sampled case said, on the case's latest sample item. A dispute flags the
    /// case and names the office above its office as the one to re-verify it.</summary>
    public async Task<CaseActionOutcome?> RecordCallbackAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var c = s.Case;
        var sample = await db
            .CallbackSamples.Where(x => x.CaseId == c.Id)
            .OrderByDescending(x => x.Month)
            .FirstOrDefaultAsync(cancellationToken);
        if (sample is null)
        {
            return s.Conflict(Refusals.Text("Refusal.NotSampled"));
        }

        var r = s.Request;
        (sample.ContactedAt, sample.Reached, sample.Channel) = (s.Now, r.Reached, r.Channel);
        (sample.Satisfaction, sample.Disputes, sample.Note, sample.CalledBy) = (
            r.Satisfaction,
            r.Disputes,
            r.Comment,
            s.Staff.Login
        );
        s.Details["month"] = sample.Month;
        s.Details["reached"] = r.Reached;
        s.Details["channel"] = r.Channel;
        s.Details["satisfaction"] = r.Satisfaction;
        s.Details["disputes"] = r.Disputes;
        if (r.Comment is not null)
        {
            s.Details["comment"] = r.Comment;
        }

        if (r.Disputes == true)
        {
            c.DisputedAt = s.Now;
            c.ReverifyOffice = offices.ParentOf(c.OfficeCode) ?? RegionDataset.National;
            s.Details["reverifyOffice"] = c.ReverifyOffice;
        }

        return null;
    }

    /// <summary>A result recorded by the office that re-verifies a disputed case (or one above it) ends the
    /// re-verification; the dispute stays on the case as its history.</summary>
    public void SettleReverification(CaseStep s)
    {
        var c = s.Case;
        if (c.ReverifyOffice is { } office && offices.IsWithin(office, s.Staff.OfficeCode))
        {
            s.Details["reverified"] = office;
            c.ReverifyOffice = null;
        }
    }

    /// <summary>Progress reported to the office supervising the case: meets the progress date it set.</summary>
    public static CaseActionOutcome? ReportProgress(CaseStep s)
    {
        if (!s.Case.Supervised)
        {
            return s.Conflict(Refusals.Text("Refusal.NotSupervisedProgress"));
        }

        s.Details["text"] = s.Request.Text;
        s.Details["supervisedBy"] = s.Case.SupervisedBy;
        return null;
    }

    /// <summary>The supervising office (or one above it) ends the supervision with its written assessment.</summary>
    public static CaseActionOutcome? ConcludeSupervision(CaseStep s)
    {
        var c = s.Case;
        if (!c.Supervised)
        {
            return s.Conflict(Refusals.Text("Refusal.NotSupervised"));
        }

        s.Details["assessment"] = s.Request.Assessment;
        s.Details["level"] = c.SupervisionLevel;
        s.Details["supervisedBy"] = c.SupervisedBy;
        (c.Supervised, c.SupervisedBy, c.SupervisedAt, c.SupervisionLevel) = (false, null, null, null);
        (c.ProgressDueAt, c.ProgressMetAt) = (null, null);
        return null;
    }

    /// <summary>The level a supervision step sets (<see cref="CasePermissions.SupervisionLevel"/>).</summary>
    public static void SetLevel(CaseStep s)
    {
        s.Case.SupervisionLevel = CasePermissions.SupervisionLevel(s.Staff.OfficeCode, s.Case.OfficeCode);
        s.Details["level"] = s.Case.SupervisionLevel;
    }
}
