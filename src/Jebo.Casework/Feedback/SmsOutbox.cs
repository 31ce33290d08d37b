using System.Globalization;
using System.Resources;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Feedback;

/// <summary>A text message as staff see it on the case page and through the API: never the number it went
/// to.</summary>
public sealed record SmsView(
    Guid Id,
    Guid ReportId,
    string Purpose,
    string Status,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DoneAt,
    string? LastError,
    string Text
);

/// <summary>
/// Queues text messages to reporters who may receive them (<see cref="SmsRecipients"/>), inside the caller's write
/// transaction, each with an audit entry; <see cref="SmsDelivery"/> sends them. Two moments queue one: a message
/// published to the reporters of a case (<see cref="SmsMessage.Feedback"/>), and a case drawn into the month's
/// callback sample (<see cref="SmsMessage.Callback"/>). Without a gateway (<see cref="SmsOptions.Gateway"/>) nothing
/// is queued.
/// </summary>
/// <remarks>Security: the words are fixed, one text per purpose in the reporter's language, and say only that there is
/// news to look up with the receipt, or that an office will call — nothing of the case, the office, the crime or the
/// platform's name. A text is read on a lock screen, by whoever holds the phone, and passes through the gateway and
/// the carrier; what the office said stays behind the receipt on the status page. No staff member writes a text or
/// picks a recipient. At most one feedback text reaches a reporter in <see cref="FeedbackSpacing"/>, however many
/// messages are published, so no one can flood a reporter's phone through a case.</remarks>
public sealed class SmsOutbox(
    CaseworkDb db,
    SmsRecipients recipients,
    AuditLog audit,
    SmsOptions options,
    TimeProvider time
)
{
    /// <summary>One feedback text to a reporter in this time at most.</summary>
    public static readonly TimeSpan FeedbackSpacing = TimeSpan.FromHours(24);

    private static readonly ResourceManager Texts = new(typeof(StaffText).FullName!, typeof(StaffText).Assembly);

    /// <summary>Queues a feedback text for every reporter of the case's reports who may receive one and has had
    /// none in the last <see cref="FeedbackSpacing"/>.</summary>
    public async Task QueueFeedbackAsync(
        string caseId,
        string actor,
        string? actorOffice,
        CancellationToken cancellationToken
    )
    {
        if (!options.Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        var since = now - FeedbackSpacing;
        var reports = await db
            .Reports.AsNoTracking()
            .HeldBy(caseId)
            .Where(r => r.HasIdentity)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        var texted = await db
            .SmsOutbox.AsNoTracking()
            .Where(m => reports.Contains(m.ReportId) && m.Purpose == SmsMessage.Feedback && m.QueuedAt > since)
            .Select(m => m.ReportId)
            .ToListAsync(cancellationToken);
        var queuedNow = db.SmsOutbox.Local.Where(m => m.Purpose == SmsMessage.Feedback).Select(m => m.ReportId);
        var waiting = reports.Except(texted).Except(queuedNow).ToList();
        var to = await recipients.AmongAsync(waiting, cancellationToken);
        await QueueAsync(caseId, to, SmsMessage.Feedback, actor, actorOffice, now, cancellationToken);
    }

    /// <summary>Queues a callback text for every reporter of the drawn cases who may receive one.</summary>
    public async Task QueueCallbacksAsync(
        IReadOnlyCollection<string> caseIds,
        string actor,
        string? actorOffice,
        CancellationToken cancellationToken
    )
    {
        if (!options.Enabled || caseIds.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var reports = await db
            .Reports.AsNoTracking()
            .Where(r => caseIds.Contains(r.CaseId) && r.HasIdentity)
            .Select(r => new { r.Id, r.CaseId })
            .ToListAsync(cancellationToken);
        var ready = await recipients.AmongAsync([.. reports.Select(r => r.Id)], cancellationToken);
        foreach (var byCase in reports.GroupBy(r => r.CaseId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ids = byCase.Select(r => r.Id).ToHashSet();
            var to = ready.Where(r => ids.Contains(r.ReportId)).ToList();
            await QueueAsync(byCase.Key, to, SmsMessage.Callback, actor, actorOffice, now, cancellationToken);
        }
    }

    /// <summary>The case's text messages, newest first.</summary>
    public Task<List<SmsView>> OfCaseAsync(string caseId, CancellationToken cancellationToken) =>
        db
            .SmsOutbox.AsNoTracking()
            .Where(m => m.CaseId == caseId)
            .OrderByDescending(m => m.QueuedAt)
            .Select(m => new SmsView(
                m.Id,
                m.ReportId,
                m.Purpose,
                m.Status,
                m.Attempts,
                m.QueuedAt,
                m.LastAttemptAt,
                m.NextAttemptAt,
                m.DoneAt,
                m.LastError,
                m.Text
            ))
            .ToListAsync(cancellationToken);

    /// <summary>The fixed words of a purpose in a reporter's language (<c>ko</c> for any other).</summary>
    public static string TextOf(string purpose, string language)
    {
        var known = StaffLanguage.Supported.Contains(language) ? language : StaffLanguage.Supported[0];
        var culture = new CultureInfo(known);
        return Texts.GetString("Sms.Text." + purpose, culture)
            ?? throw new ArgumentException($"no text for the purpose '{purpose}'", nameof(purpose));
    }

    private async Task QueueAsync(
        string caseId,
        IReadOnlyList<SmsRecipient> to,
        string purpose,
        string actor,
        string? actorOffice,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (to.Count == 0)
        {
            return;
        }

        var ids = to.Select(r => r.ReportId).ToList();
        var languages = await db
            .Reports.AsNoTracking()
            .Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Content })
            .ToDictionaryAsync(r => r.Id, r => LanguageOf(r.Content), cancellationToken);
        foreach (var recipient in to)
        {
            var language = languages.GetValueOrDefault(recipient.ReportId, StaffLanguage.Supported[0]);
            var message = new SmsMessage
            {
                Id = Guid.NewGuid(),
                CaseId = caseId,
                ReportId = recipient.ReportId,
                Purpose = purpose,
                Language = language,
                Text = TextOf(purpose, language),
                Status = SmsMessage.Queued,
                QueuedAt = now,
                NextAttemptAt = now,
            };
            db.SmsOutbox.Add(message);
            // The trail names the report, whose identity is shown only for a stated purpose, and never the number or
            // any part of it: even the last four digits would confirm to a reader who suspects someone that they
            // reported.
            var details = new
            {
                sms = message.Id,
                report = recipient.ReportId,
                purpose,
                language,
            };
            await audit.AppendAsync(actor, actorOffice, AuditActions.SmsQueued, caseId, details, cancellationToken);
        }
    }

    /// <summary>The language the reporter wrote in, as their report says.</summary>
    private static string LanguageOf(string content)
    {
        using var document = JsonDocument.Parse(content);
        return
            document.RootElement.TryGetProperty("language", out var language)
            && language.ValueKind == JsonValueKind.String
            && StaffLanguage.Supported.Contains(language.GetString())
            ? language.GetString()!
            : StaffLanguage.Supported[0];
    }
}
