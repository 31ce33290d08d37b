using Jebo.Casework.Data;
using Jebo.Screening.Normalization;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Feedback;

/// <summary>A reporter a text message may go to: the report it concerns and the mobile number, in national
/// form.</summary>
public sealed record SmsRecipient(Guid ReportId, string Mobile);

/// <summary>
/// Who may receive a text message: the reporter of a report who gave a phone, said they may be contacted, and whose
/// phone is a Korean mobile number (<see cref="PhoneNumber.Mobile"/>). Anonymous reporters have no identity, so they
/// never qualify. Asked when a message is queued and again before every attempt.
/// </summary>
/// <remarks>Security: the one place that decides it. No action, role or page chooses a recipient or writes a text:
/// the outbox asks here for the reporters of a case's own reports, so no insider can text an anonymous or unwilling
/// reporter, or a number of their choosing, by any route; asking again at each attempt means an identity purged or a
/// consent withdrawn since the message was queued stops it.</remarks>
public sealed class SmsRecipients(CaseworkDb db)
{
    /// <summary>Those of <paramref name="reportIds"/> whose reporters may receive a text, with their numbers.</summary>
    public async Task<IReadOnlyList<SmsRecipient>> AmongAsync(
        IReadOnlyCollection<Guid> reportIds,
        CancellationToken cancellationToken
    )
    {
        if (reportIds.Count == 0)
        {
            return [];
        }

        var identities = await db
            .ReporterIdentities.AsNoTracking()
            .Where(i => reportIds.Contains(i.ReportId) && i.ContactConsent && i.Phone != null)
            .Join(
                db.Reports.AsNoTracking().Where(r => r.HasIdentity),
                i => i.ReportId,
                r => r.Id,
                (i, r) =>
                    new
                    {
                        i.ReportId,
                        i.Phone,
                        i.ContactConsent,
                    }
            )
            .ToListAsync(cancellationToken);
        return
        [
            .. identities
                .Select(i => Of(i.ReportId, i.Phone, i.ContactConsent))
                .OfType<SmsRecipient>()
                .OrderBy(r => r.ReportId),
        ];
    }

    /// <summary>The recipient of one report's reporter now, or null when no text may go to them.</summary>
    public async Task<SmsRecipient?> OfAsync(Guid reportId, CancellationToken cancellationToken) =>
        await AmongAsync([reportId], cancellationToken) is [var recipient, ..] ? recipient : null;

    /// <summary>The rule itself, on what an identity says.</summary>
    public static SmsRecipient? Of(Guid reportId, string? phone, bool contactConsent) =>
        contactConsent && PhoneNumber.Mobile(phone) is { } mobile ? new SmsRecipient(reportId, mobile) : null;
}
