using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Feedback;

/// <summary>A report whose reporter gave a phone and consented to be contacted, with when it was received, or for a
/// reporter who gave them later, when they did (their 30 days start then).</summary>
public sealed record IdentifiedReport(Guid Id, DateTimeOffset ReceivedAt);

/// <summary>The contact deadline of a case, kept from its contact log: every reporter who gave a phone and consented
/// (<see cref="ReportRecord.Contactable"/>) is reached within <see cref="DeadlineOptions.ContactDays"/> of their own
/// report's receipt, merged cases included. Only a contact whose outcome is <c>reached</c> meets it: a call nobody
/// answered has not contacted anyone.</summary>
public sealed class ReporterContacts(CaseworkDb db, CaseClock clock)
{
    /// <summary>The reports of a case whose reporter gave a phone and consented to be contacted.</summary>
    public Task<List<IdentifiedReport>> IdentifiedReportsAsync(string caseId, CancellationToken cancellationToken) =>
        db
            .Reports.Where(r => r.CaseId == caseId && r.Contactable)
            .OrderBy(r => r.ReceivedAt)
            .Select(r => new IdentifiedReport(r.Id, r.ContactSince ?? r.ReceivedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Sets the case's contact fields from the reporters it holds: the deadline is the earliest among those
    /// not yet contacted; once all are, it is met when the last of them was first contacted (measured against the
    /// earliest deadline, a conservative reading for compliance figures).</summary>
    public async Task RecomputeAsync(
        CaseRecord caseRecord,
        IReadOnlyCollection<IdentifiedReport> reports,
        CancellationToken cancellationToken
    )
    {
        if (reports.Count == 0)
        {
            caseRecord.HasContact = false;
            caseRecord.ContactDueAt = null;
            caseRecord.ContactedAt = null;
            return;
        }

        var ids = reports.Select(r => r.Id).ToList();
        var contacts = (
            await db
                .ReporterContacts.AsNoTracking()
                .Where(c => c.ReportId != null && ids.Contains(c.ReportId.Value) && c.Outcome == ContactOutcome.Reached)
                .Select(c => new { c.ReportId, c.At })
                .ToListAsync(cancellationToken)
        )
            .Concat(
                db.ReporterContacts.Local.Where(c =>
                        c.ReportId is { } id && ids.Contains(id) && c.Outcome == ContactOutcome.Reached
                    )
                    .Select(c => new { c.ReportId, c.At })
            )
            .GroupBy(c => c.ReportId!.Value)
            .ToDictionary(g => g.Key, g => g.Min(c => c.At));
        var waiting = reports.Where(r => !contacts.ContainsKey(r.Id)).ToList();
        caseRecord.HasContact = true;
        caseRecord.ContactDueAt = (waiting.Count > 0 ? waiting : reports).Min(r => clock.ContactDueFor(r.ReceivedAt));
        caseRecord.ContactedAt = waiting.Count > 0 ? null : contacts.Values.Max();
    }
}
