using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Feedback;

/// <summary>Keeps what the reporter is told in step with the case: sets the case's public status from its state and
/// queues its reports for the next status bundle (<c>Transfer/StatusOutbox</c>), which carries the status and
/// the office's messages, encrypted to each receipt, back to intake.</summary>
public sealed class StatusPublication(CaseworkDb db, IStringLocalizer<StaffText> text)
{
    /// <summary>Messages to the reporters of one case in any 24 hours.</summary>
    /// <remarks>Security: every message goes to each of the case's reporters in every later status bundle; one insider
    /// posting without end on one case would otherwise grow those records until the status return stalls for every
    /// reporter (the outbox also sends only the newest
    /// <see cref="Jebo.Transfer.Status.StatusRecord.MaxMessages"/>).</remarks>
    public const int MessagesPerCasePerDay = 10;

    /// <summary>Why no further message may go to the case's reporters now (in the reader's language), or
    /// null.</summary>
    public async Task<string?> MessageRefusalAsync(
        string caseId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var since = now.AddDays(-1);
        var sent = await db.CaseMessages.CountAsync(m => m.CaseId == caseId && m.At > since, cancellationToken);
        return sent >= MessagesPerCasePerDay ? text["Refusal.MessagesPerDay", MessagesPerCasePerDay].Value : null;
    }

    /// <summary>Updates the public status; queues the case's reports when it changed, or always when
    /// <paramref name="newMessage"/> says a message was added.</summary>
    public async Task UpdateAsync(
        CaseRecord caseRecord,
        DateTimeOffset now,
        bool newMessage,
        CancellationToken cancellationToken
    )
    {
        var status = CaseStatus.ToPublic(caseRecord.Status, caseRecord.AcceptedAt is not null).Code();
        if (status == caseRecord.PublicStatus && !newMessage)
        {
            return;
        }

        caseRecord.PublicStatus = status;
        caseRecord.PublicStatusAt = now;
        var reports = await db
            .Reports.Where(r => r.CaseId == caseRecord.Id)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        await QueueAsync(reports, now, cancellationToken);
    }

    /// <summary>The messages the reporter of a report hears: those of the case it arrived in, and those the case
    /// holding it published since the report joined it. Never the history a merge target had before: a near-duplicate
    /// report must not tell a gang what an office earlier told another reporter, or that such a report
    /// exists.</summary>
    public static IEnumerable<CaseMessage> Heard(ReportRecord report, ILookup<string, CaseMessage> messagesByCase)
    {
        var home = report.OriginCaseId ?? report.CaseId;
        var held = messagesByCase[report.CaseId].Where(m => report.JoinedAt is not { } joined || m.At >= joined);
        return (home == report.CaseId ? held : messagesByCase[home].Concat(held)).OrderBy(m => m.At);
    }

    /// <summary>The result the reporter of a report is told: the case's result once it was reviewed by an office
    /// above and published with the feedback (the case is completed), and only when that feedback came after the
    /// report joined the case — as with <see cref="Heard"/>, a merged report never learns what the case found before
    /// it arrived.</summary>
    public static PublicResult? PublishedResult(ReportRecord report, CaseRecord caseRecord) =>
        caseRecord.PublicStatus == PublicStatus.Completed.Code()
        && caseRecord.ReviewedAt is not null
        && caseRecord.FeedbackAt is { } published
        && (report.JoinedAt is not { } joined || published >= joined)
            ? PublicResult.Of(caseRecord.Result, caseRecord.ResultAgency)
            : null;

    /// <summary>Where protection stands for the reporter of a report: null unless they asked for it themselves (another
    /// reporter of the case never learns that someone did); <c>acknowledged</c> once staff acted on the case's
    /// request after theirs arrived, <c>requested</c> until then.</summary>
    public static PublicProtection? PublishedProtection(ReportRecord report, CaseRecord caseRecord) =>
        report.ProtectionRequestedAt is not { } asked ? null
        : caseRecord.ProtectionAcknowledgedAt is { } acknowledged && acknowledged >= asked
            ? new PublicProtection(PublicProtection.Acknowledged, acknowledged)
        : new PublicProtection(PublicProtection.Requested, asked);

    /// <summary>Where a reporter's reward claim stands for them: <c>claimed</c> until two people decided it, then
    /// <c>granted</c> with the amount or <c>refused</c> with the reason; null without a claim. Never the payee or the
    /// account.</summary>
    public static PublicReward? PublishedReward(RewardClaimRecord? claim) =>
        claim is null ? null
        : claim is { State: PublicReward.Granted or PublicReward.Refused, DecidedAt: { } decided }
            ? new PublicReward(claim.State, decided, claim.Amount, claim.Reason)
        : new PublicReward(PublicReward.Claimed, claim.ClaimedAt);

    /// <summary>Queues reports for the next status bundle (once each, however often they change before it
    /// goes).</summary>
    public async Task QueueAsync(
        IReadOnlyCollection<Guid> reportIds,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (reportIds.Count == 0)
        {
            return;
        }

        var queued = (
            await db
                .PendingStatuses.Where(p => reportIds.Contains(p.ReportId))
                .Select(p => p.ReportId)
                .ToListAsync(cancellationToken)
        )
            .Concat(db.PendingStatuses.Local.Select(p => p.ReportId))
            .ToHashSet();
        foreach (var id in reportIds.Where(id => !queued.Contains(id)))
        {
            db.PendingStatuses.Add(new PendingStatus { ReportId = id, Since = now });
        }
    }
}
