using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Screening;
using Jebo.Screening.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>What a case shows of its screening priority, the out-of-scope suggestion and a repetition flag, in the
/// reader's language.</summary>
public static class CaseTriage
{
    /// <summary>The case's triage; the reports' reasons only for <paramref name="reportIds"/> (empty for a reader who
    /// sees no content).</summary>
    public static async Task<TriageView> ViewAsync(
        CaseworkDb db,
        CaseRecord c,
        IReadOnlyList<Guid> reportIds,
        CancellationToken cancellationToken
    )
    {
        var ids = reportIds.ToList();
        var stored = await db
            .ReportScreenings.AsNoTracking()
            .Where(s => ids.Contains(s.ReportId) && s.TriageReasons != null)
            .Select(s => new { s.ReportId, s.TriageReasons })
            .ToListAsync(cancellationToken);
        var reasons = stored
            .OrderBy(s => ids.IndexOf(s.ReportId))
            .SelectMany(s =>
                ScreeningPriorities
                    .ReasonsOf(s.TriageReasons)
                    .Select(r => new TriageReasonView(s.ReportId, r.Code, r.Values, TriageText.Reason(r)))
            )
            .ToList();
        return new TriageView(
            c.ScreeningPriority ?? -1,
            TriageText.Parts(c.ScreeningPriority ?? -1),
            TriageText.PartsText(c.ScreeningPriority ?? -1),
            Suggests(c)
                ? new SuggestionView(CaseAction.Reject, TriageReason.OutOfScope, TriageText.Suggestion())
                : null,
            reasons
        );
    }

    /// <summary>The suggestion stands while the case waits to be accepted or not; once a person decided, it is
    /// history.</summary>
    public static bool Suggests(CaseRecord c) =>
        c.OutOfScopeSuggestedAt is not null && c.Status is CaseStatus.Received or CaseStatus.Screened;

    public static RepetitionView? Repetition(CaseRecord c, RepetitionThresholds thresholds) =>
        c.RepetitionFlaggedAt is { } at && c.RepetitionKind is { } kind
            ? new RepetitionView(
                kind,
                c.RepetitionCount ?? 0,
                at,
                TriageText.Repetition(kind, c.RepetitionCount ?? 0, thresholds)
            )
            : null;
}
