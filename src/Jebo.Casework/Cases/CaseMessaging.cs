using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The steps between the case and its reporter: recording a contact with them, acknowledging their request for
/// protection, and publishing a message they read on the status page (which, after the review, gives the feedback and
/// moves the case on), with a text telling reporters who consented that there is news (<see cref="SmsOutbox"/>);
/// and the internal note, which is the staff's alone.</summary>
/// <remarks>Security: a note is kept in its own table (<see cref="CaseNote"/>), which nothing that builds what the
/// reporter reads (<see cref="StatusPublication"/>, the status outbox, the SMS texts) ever reads.</remarks>
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

        var at = s.Request.At ?? s.Now;
        if (at > s.Now.AddMinutes(5))
        {
            return CaseActionOutcome.Field("at", Refusals.Text("Field.ContactAhead"));
        }

        // Only a time given is checked against the case's receipt: a contact recorded as it happens is now, even when
        // the receipt time, which intake keeps to the hour, reads a little later.
        if (s.Request.At is not null && at < c.ReceivedAt)
        {
            return CaseActionOutcome.Field("at", Refusals.Text("Field.ContactBeforeCase"));
        }

        var feedback = s.Request.Purpose == CaseAction.ContactFeedback;
        if (feedback && c.ReviewedAt is null)
        {
            // As for publish-status: an unreviewed result is not fed back, by phone no more than in writing.
            return s.Conflict(Refusals.Text("Refusal.FeedbackAfterReview"));
        }

        db.ReporterContacts.Add(
            new ReporterContact
            {
                Id = Guid.NewGuid(),
                CaseId = c.Id,
                ReportId = reportId,
                At = at,
                Channel = s.Request.Channel!,
                Outcome = s.Request.Outcome!,
                Purpose = s.Request.Purpose ?? CaseAction.ContactVerification,
                Note = s.Request.Text,
                Actor = s.Staff.Login,
                ActorOffice = s.Staff.OfficeCode,
            }
        );
        await contacts.RecomputeAsync(c, identified, cancellationToken);
        if (feedback && s.Request.Outcome == ContactOutcome.Reached && c.FeedbackAt is null)
        {
            // Feedback given by phone, SMS or in person meets the feedback deadline as a published message does.
            c.FeedbackAt = at;
        }

        s.Details["channel"] = s.Request.Channel;
        s.Details["outcome"] = s.Request.Outcome;
        s.Details["purpose"] = s.Request.Purpose;
        s.Details["at"] = at;
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
            return s.Conflict(Refusals.Text("Refusal.NoProtection"));
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

    /// <summary>An internal note for colleagues: kept on the case and in the trail, never sent to the
    /// reporter.</summary>
    public CaseActionOutcome? Note(CaseStep s)
    {
        var note = new CaseNote
        {
            Id = Guid.NewGuid(),
            CaseId = s.Case.Id,
            At = s.Now,
            Text = s.Request.Text!,
            Author = s.Staff.Login,
            AuthorOffice = s.Staff.OfficeCode,
        };
        db.CaseNotes.Add(note);
        s.Details["note"] = note.Id;
        s.Details["text"] = note.Text;
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
