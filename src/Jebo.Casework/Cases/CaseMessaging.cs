using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The steps between the case and its reporter: recording a contact with them, acknowledging their request for
/// protection, and publishing a message they read on the status page (which, after the review, gives the feedback and
/// moves the case on), with a text telling reporters who consented that there is news (<see cref="SmsOutbox"/>).
/// </summary>
public sealed class CaseMessaging(
    CaseworkDb db,
    ReporterContacts contacts,
    StatusPublication publication,
    SmsOutbox sms
)
{
    public async Task<CaseActionOutcome?> RecordContactAsync(CaseStep s, CancellationToken cancellationToken)
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
            return CaseActionOutcome.Field(
                "report",
                "this case holds several reporters who left a contact; name the report whose reporter was contacted"
            );
        }
        else
        {
            reportId = identified.Count == 1 ? identified[0].Id : null;
        }

        db.ReporterContacts.Add(
            new ReporterContact
            {
                Id = Guid.NewGuid(),
                CaseId = c.Id,
                ReportId = reportId,
                At = s.Now,
                Channel = s.Request.Channel!,
                Outcome = s.Request.Outcome!,
                Actor = s.Staff.Login,
                ActorOffice = s.Staff.OfficeCode,
            }
        );
        await contacts.RecomputeAsync(c, identified, cancellationToken);
        s.Details["channel"] = s.Request.Channel;
        s.Details["outcome"] = s.Request.Outcome;
        s.Details["report"] = reportId;
        return null;
    }

    /// <summary>Staff acted on the waiting request for protection: its deadline is met, and the reporters who asked
    /// read <c>acknowledged</c> on the status page.</summary>
    public async Task<CaseActionOutcome?> AcknowledgeProtectionAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var c = s.Case;
        if (!CasePermissions.ProtectionWaits(c))
        {
            return s.Conflict("no request for protection waits on this case");
        }

        c.ProtectionAcknowledgedAt = s.Now;
        s.Details["requestedAt"] = c.ProtectionRequestedAt;
        s.Details["dueAt"] = c.ProtectionDueAt;
        var askers = await db
            .Reports.Where(r => r.CaseId == c.Id && r.ProtectionRequestedAt != null)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        await publication.QueueAsync(askers, s.Now, cancellationToken);
        return null;
    }

    public async Task<CaseActionOutcome?> PublishStatusAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var c = s.Case;
        if (await publication.MessageRefusalAsync(c.Id, s.Now, cancellationToken) is { } tooMany)
        {
            return s.Conflict(tooMany);
        }

        db.CaseMessages.Add(
            new CaseMessage
            {
                Id = Guid.NewGuid(),
                CaseId = c.Id,
                At = s.Now,
                Text = s.Request.Message!,
                Author = s.Staff.Login,
            }
        );
        if (s.Next != c.Status)
        {
            c.Status = s.Next;
            c.FeedbackAt = s.Now;
        }

        // The trail keeps what the reporter was told, so the chain vouches for it as for every other step.
        s.Details["message"] = s.Request.Message;

        // Reporters who consented hear by text that there is news — never the message itself.
        await sms.QueueFeedbackAsync(c.Id, s.Staff.Login, s.Staff.OfficeCode, cancellationToken);
        return null;
    }
}
