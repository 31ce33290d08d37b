using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;

namespace Jebo.Casework.Deadlines;

/// <summary>The deadlines a case can run against.</summary>
public static class DeadlineKind
{
    public const string Contact = "contact";
    public const string Acceptance = "acceptance";
    public const string Verification = "verification";
    public const string Feedback = "feedback";
    public const string Progress = "progress";
    public const string Protection = "protection";

    public static readonly IReadOnlyList<string> All =
    [
        Contact,
        Acceptance,
        Verification,
        Feedback,
        Progress,
        Protection,
    ];
}

/// <summary>How a deadline stands: <c>met</c>, <c>met-late</c>, <c>open</c>, <c>due-soon</c>, <c>overdue</c>, or
/// <c>stopped</c> (unmet, but the case moved on so it no longer runs, e.g. merged).</summary>
public sealed record DeadlineView(
    string Kind,
    DateTimeOffset DueAt,
    DateOnly LastDay,
    DateTimeOffset? MetAt,
    string State
);

/// <summary>
/// Each case's clock: starts, stops and reads its deadlines, and keeps <see cref="CaseRecord.NextDueAt"/> (the
/// earliest open one) current so the due-soon and overdue queues are one indexed range query.
/// </summary>
public sealed class CaseClock(DeadlineOptions options, DeadlineCalendar calendar)
{
    public DeadlineOptions Options => options;

    public DeadlineCalendar Calendar => calendar;

    /// <summary>Starts the clocks of a newly received case.</summary>
    public void StartReceived(CaseRecord caseRecord)
    {
        caseRecord.AcceptanceDueAt = calendar.DueAt(caseRecord.ReceivedAt, options.AcceptanceDays);
        caseRecord.ContactDueAt = caseRecord.HasContact ? ContactDueFor(caseRecord.ReceivedAt) : null;
        Recompute(caseRecord);
    }

    /// <summary>When a reporter who left a name or contact, received at <paramref name="receivedAt"/>, must be
    /// contacted by.</summary>
    public DateTimeOffset ContactDueFor(DateTimeOffset receivedAt) => calendar.DueAt(receivedAt, options.ContactDays);

    public DateTimeOffset AcceptanceDueFrom(DateTimeOffset start) => calendar.DueAt(start, options.AcceptanceDays);

    public DateTimeOffset VerificationDueFrom(DateTimeOffset start) => calendar.DueAt(start, options.VerificationDays);

    public DateTimeOffset FeedbackDueFrom(DateTimeOffset start) => calendar.DueAt(start, options.FeedbackDays);

    /// <summary>Marks the case urgent for a request for protection made at <paramref name="at"/>, and starts its
    /// deadline unless an earlier request still waits (its earlier deadline stands) or staff acknowledged the case's
    /// protection since (the request was answered before it arrived). Returns whether a new deadline started.</summary>
    public bool StartProtection(CaseRecord caseRecord, DateTimeOffset at)
    {
        caseRecord.Urgent = true;
        if (caseRecord.ScreeningPriority is { } priority)
        {
            // A reporter asking for protection makes the case urgent in the screening queue too.
            caseRecord.ScreeningPriority = priority | (int)Jebo.Screening.Scoring.TriageParts.Urgent;
        }
        var waiting = caseRecord.ProtectionRequestedAt is not null && caseRecord.ProtectionAcknowledgedAt is null;
        if (waiting || caseRecord.ProtectionAcknowledgedAt >= at)
        {
            return false;
        }

        caseRecord.ProtectionRequestedAt = at;
        caseRecord.ProtectionDueAt = at.AddHours(options.ProtectionHours);
        caseRecord.ProtectionAcknowledgedAt = null;
        Recompute(caseRecord);
        return true;
    }

    /// <summary>A case merged into another stops running its deadlines: a reporter's request for protection still
    /// waiting in it goes with the reports, so the case holding them now is urgent and must act on it by the same time
    /// (the earlier time, when that case waits on one of its own). Returns whether a waiting request was carried.
    /// </summary>
    public static bool CarryProtection(CaseRecord from, CaseRecord to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        to.Urgent |= from.Urgent;
        if (from.ProtectionRequestedAt is not { } requested || from.ProtectionAcknowledgedAt is not null)
        {
            return false;
        }

        var waiting = to.ProtectionRequestedAt is not null && to.ProtectionAcknowledgedAt is null;
        to.ProtectionRequestedAt =
            waiting && to.ProtectionRequestedAt < requested ? to.ProtectionRequestedAt : requested;
        to.ProtectionDueAt =
            waiting && to.ProtectionDueAt < from.ProtectionDueAt ? to.ProtectionDueAt : from.ProtectionDueAt;
        to.ProtectionAcknowledgedAt = null;
        return true;
    }

    /// <summary>Every deadline of the case that has a due time: its kind, due time, when it was met, and whether it
    /// still runs in the case's state.</summary>
    public static IEnumerable<(string Kind, DateTimeOffset DueAt, DateTimeOffset? MetAt, bool Runs)> Deadlines(
        CaseRecord c
    )
    {
        var open = CaseStatus.IsOpen(c.Status);
        if (c.HasContact && c.ContactDueAt is { } contact)
        {
            yield return (DeadlineKind.Contact, contact, c.ContactedAt, open);
        }

        if (c.AcceptanceDueAt is { } acceptance)
        {
            yield return (
                DeadlineKind.Acceptance,
                acceptance,
                c.DecidedAt,
                c.Status is CaseStatus.Received or CaseStatus.Screened
            );
        }

        if (c.VerificationDueAt is { } verification)
        {
            yield return (
                DeadlineKind.Verification,
                verification,
                c.ResultAt,
                c.Status is CaseStatus.Accepted or CaseStatus.Assigned or CaseStatus.InVerification
            );
        }

        if (c.FeedbackDueAt is { } feedback)
        {
            yield return (
                DeadlineKind.Feedback,
                feedback,
                c.FeedbackAt,
                c.Status is CaseStatus.ResultRecorded or CaseStatus.Reviewed
            );
        }

        if (c.Supervised && c.ProgressDueAt is { } progress)
        {
            yield return (DeadlineKind.Progress, progress, c.ProgressMetAt, open);
        }

        if (c.ProtectionDueAt is { } protection)
        {
            yield return (DeadlineKind.Protection, protection, c.ProtectionAcknowledgedAt, open);
        }
    }

    /// <summary>Sets <see cref="CaseRecord.NextDueAt"/> and its kind to the earliest deadline still running and
    /// unmet.</summary>
    public static void Recompute(CaseRecord caseRecord)
    {
        var next = Deadlines(caseRecord).Where(d => d.Runs && d.MetAt is null).OrderBy(d => d.DueAt).FirstOrDefault();
        caseRecord.NextDueAt = next.Kind is null ? null : next.DueAt;
        caseRecord.NextDueKind = next.Kind;
    }

    /// <summary>The end of the due-soon window seen from <paramref name="now"/>: the end of the day
    /// <see cref="DeadlineOptions.DueSoonDays"/> days ahead.</summary>
    public DateTimeOffset DueSoonUntil(DateTimeOffset now) =>
        calendar.EndOf(calendar.DateOf(now).AddDays(options.DueSoonDays));

    /// <summary>The case's clock as the case page shows it.</summary>
    public IReadOnlyList<DeadlineView> Views(CaseRecord caseRecord, DateTimeOffset now)
    {
        var soon = DueSoonUntil(now);
        return
        [
            .. Deadlines(caseRecord)
                .Select(d => new DeadlineView(
                    d.Kind,
                    d.DueAt,
                    calendar.LastDay(d.DueAt),
                    d.MetAt,
                    d.MetAt is { } met ? (met < d.DueAt ? "met" : "met-late")
                        : !d.Runs ? "stopped"
                        : now >= d.DueAt ? "overdue"
                        : d.DueAt <= soon ? "due-soon"
                        : "open"
                )),
        ];
    }
}
