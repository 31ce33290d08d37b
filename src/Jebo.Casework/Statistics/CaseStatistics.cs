using System.Globalization;
using System.Linq.Expressions;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Statistics;

/// <summary>Counts for <c>GET /api/v1/stats</c> and the statistics page, within the caller's jurisdiction and the
/// filter. Merged cases are left out of every count (their reports count in the case holding them) and counted apart
/// in <see cref="Merged"/>.</summary>
public sealed record CaseStats(
    int Total,
    DateTimeOffset AsOf,
    DateOnly? From,
    DateOnly? To,
    string? Office,
    string? Category,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByOffice,
    IReadOnlyDictionary<string, int> ByRegion,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyDictionary<string, int> ByOutcome,
    IReadOnlyDictionary<string, int> ByRejectionReason,
    IReadOnlyDictionary<string, int> BySource,
    IReadOnlyDictionary<string, DeadlineCompliance> Deadlines,
    int Supervised,
    int Escalated,
    int Merged,
    IReadOnlyList<MonthStats> Months,
    IReadOnlyList<OfficeStats> Offices,
    RateStats Rates,
    IReadOnlyList<StageTime> Stages,
    ReporterStats Reporters,
    SatisfactionStats Satisfaction
);

/// <summary>The cases received in one month of the platform's calendar (<c>YYYY-MM</c>), and what became of
/// them.</summary>
public sealed record MonthStats(string Month, int Received, int Accepted, int NotAccepted, int Confirmed, int Closed);

/// <summary>One office of the breakdown: an office directly below the scope's office with every office below it, or
/// the scope's office itself with its own cases only.</summary>
public sealed record OfficeStats(
    string Office,
    bool WithOfficesBelow,
    int Total,
    int Accepted,
    int NotAccepted,
    int Closed,
    IReadOnlyDictionary<string, DeadlineCompliance> Deadlines
);

/// <summary><paramref name="Count"/> of <paramref name="Of"/>, and the share; null when there is nothing to share
/// out.</summary>
public sealed record Rate(int Count, int Of)
{
    public double? Share => Of == 0 ? null : Math.Round((double)Count / Of, 4);
}

/// <summary>Accepted among the decided, closed among all, confirmed (substantiated or partly) among the
/// results.</summary>
public sealed record RateStats(Rate Acceptance, Rate Closure, Rate Confirmation);

/// <summary>How long the cases that went through one stage took, in days.</summary>
public sealed record StageTime(string Stage, int Cases, double? MeanDays, double? MedianDays);

/// <summary>Reports by whether their reporter gave a name or contact (with the report or later).</summary>
public sealed record ReporterStats(int Anonymous, int Named);

/// <summary>The monthly callbacks of the filtered cases in the period's months: drawn, called, reached, the
/// satisfaction heard (1–5) and disputes.</summary>
public sealed record SatisfactionStats(
    int Sampled,
    int Called,
    int Reached,
    int Responses,
    double? Mean,
    int Disputes,
    IReadOnlyDictionary<string, int> ByScore
)
{
    public Rate Reach => new(Reached, Called);
}

/// <summary>How one kind of deadline was kept: met in time, met late, still running in time, and running
/// overdue.</summary>
public sealed record DeadlineCompliance(int MetOnTime, int MetLate, int Running, int Overdue)
{
    public static readonly DeadlineCompliance None = new(0, 0, 0, 0);

    /// <summary>Share of decided deadlines (met, or lapsed) that were met in time; null when none is decided
    /// yet.</summary>
    public double? Rate =>
        MetOnTime + MetLate + Overdue is var decided && decided == 0
            ? null
            : Math.Round((double)MetOnTime / decided, 4);

    public DeadlineCompliance Add(DeadlineOutcome outcome) =>
        outcome switch
        {
            DeadlineOutcome.MetOnTime => this with { MetOnTime = MetOnTime + 1 },
            DeadlineOutcome.MetLate => this with { MetLate = MetLate + 1 },
            DeadlineOutcome.Running => this with { Running = Running + 1 },
            DeadlineOutcome.Overdue => this with { Overdue = Overdue + 1 },
            _ => this,
        };
}

/// <summary>What the statistics ask for: days of receipt (both included, the platform's calendar), an office of the
/// caller's jurisdiction (with the offices below it) and a category; each null for all.</summary>
public sealed record StatsFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    string? Office = null,
    string? Category = null
);

/// <summary>Statistics by status, office, region, category, outcome, deadline compliance, month, stage and callback,
/// over the cases the caller may see (<see cref="CaseQueries.Visible"/>): the same jurisdiction as every other read.
/// Counts by a column are answered by the database; what needs the calendar or each case's deadlines (months,
/// compliance, time per stage) is worked out from one projection of the filtered cases.</summary>
public sealed class CaseStatistics(
    CaseworkDb db,
    CaseQueries queries,
    OfficeTree offices,
    DeadlineCalendar calendar,
    PlatformTimeZone zone,
    TimeProvider time
)
{
    /// <summary>The deadlines the breakdown per office and the ledger judge (progress is the supervisor's, counted in
    /// the totals only).</summary>
    public static readonly IReadOnlyList<string> OfficeDeadlines =
    [
        DeadlineKind.Contact,
        DeadlineKind.Acceptance,
        DeadlineKind.Verification,
        DeadlineKind.Feedback,
    ];

    public static readonly IReadOnlyList<string> StageNames =
    [
        "acceptance",
        "verification",
        "review",
        "feedback",
        "closure",
    ];

    /// <summary>The cases the caller may see that pass the filter, merged ones included; the office must lie within
    /// the caller's jurisdiction (the caller checks, see <see cref="Jurisdiction.Covers"/>).</summary>
    public IQueryable<CaseRecord> Scope(StaffPrincipal staff, StatsFilter filter, bool period = true)
    {
        var cases = queries.Visible(staff);
        if (filter.Office is { } office)
        {
            var subtree = offices.Subtree(office);
            cases = cases.Where(c => subtree.Contains(c.OfficeCode));
        }

        if (filter.Category is { } category)
        {
            cases = cases.Where(c => c.Category == category);
        }

        if (period && filter.From is { } first)
        {
            var start = calendar.StartOf(first);
            cases = cases.Where(c => c.ReceivedAt >= start);
        }

        if (period && filter.To is { } last)
        {
            var end = calendar.EndOf(last);
            cases = cases.Where(c => c.ReceivedAt < end);
        }

        return cases;
    }

    public async Task<CaseStats> ComputeAsync(
        StaffPrincipal staff,
        StatsFilter filter,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        var all = Scope(staff, filter);
        var cases = all.Where(c => c.Status != CaseStatus.Merged);
        var rows = await cases.Select(CaseFigures.Projection).ToListAsync(cancellationToken);
        var root = filter.Office ?? staff.OfficeCode;
        var reporters = await db
            .Reports.AsNoTracking()
            .Where(r => cases.Any(c => c.Id == r.CaseId))
            .GroupBy(r => r.HasIdentity)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new CaseStats(
            rows.Count,
            now,
            filter.From,
            filter.To,
            filter.Office,
            filter.Category,
            await CountByAsync(cases, c => c.Status, cancellationToken),
            await CountByAsync(cases, c => c.OfficeCode, cancellationToken),
            await CountByAsync(cases, c => c.Region, cancellationToken),
            await CountByAsync(cases, c => c.Category, cancellationToken),
            await CountByAsync(cases.Where(c => c.Result != null), c => c.Result!, cancellationToken),
            await CountByAsync(cases.Where(c => c.RejectionReason != null), c => c.RejectionReason!, cancellationToken),
            await CountByAsync(cases, c => c.Source, cancellationToken),
            Compliance(rows, [.. OfficeDeadlines, DeadlineKind.Progress], now),
            rows.Count(r => r.Supervised && CaseStatus.IsOpen(r.Status)),
            await cases.CountAsync(c => c.EscalatedTo != null, cancellationToken),
            await all.CountAsync(c => c.Status == CaseStatus.Merged, cancellationToken),
            Months(rows, filter),
            Breakdown(rows, root, now),
            new RateStats(
                new Rate(rows.Count(r => r.AcceptedAt != null), rows.Count(r => r.DecidedAt != null)),
                new Rate(rows.Count(r => r.ClosedAt != null), rows.Count),
                new Rate(rows.Count(r => CaseFigures.Confirms(r.Result)), rows.Count(r => r.Result != null))
            ),
            Stages(rows),
            new ReporterStats(
                reporters.Where(r => !r.Key).Sum(r => r.Count),
                reporters.Where(r => r.Key).Sum(r => r.Count)
            ),
            await SatisfactionAsync(staff, filter, cancellationToken)
        );
    }

    private static Dictionary<string, DeadlineCompliance> Compliance(
        IEnumerable<CaseFigures> rows,
        IEnumerable<string> kinds,
        DateTimeOffset now
    )
    {
        var compliance = kinds.ToDictionary(k => k, _ => DeadlineCompliance.None, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var kind in compliance.Keys.ToList())
            {
                compliance[kind] = compliance[kind].Add(row.Outcome(kind, now));
            }
        }

        return compliance;
    }

    /// <summary>Every month from the first to the last (of the period when one is given, else of the cases), gaps
    /// included so a chart shows them; at most ten years back from the last.</summary>
    private List<MonthStats> Months(IReadOnlyList<CaseFigures> rows, StatsFilter filter)
    {
        var byMonth = rows.GroupBy(r => MonthOf(zone.DateOf(r.ReceivedAt))).ToDictionary(g => g.Key, g => g.ToList());
        if (byMonth.Count == 0 && (filter.From is null || filter.To is null))
        {
            return [];
        }

        var first = filter.From is { } from ? MonthOf(from) : byMonth.Keys.Min();
        var last = filter.To is { } to ? MonthOf(to) : byMonth.Keys.Max();
        first = first < last.AddYears(-10) ? last.AddYears(-10).AddMonths(1) : first;
        var months = new List<MonthStats>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var these = byMonth.GetValueOrDefault(month) ?? [];
            months.Add(
                new MonthStats(
                    month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    these.Count,
                    these.Count(r => r.AcceptedAt != null),
                    these.Count(r => r.DecidedAt != null && r.AcceptedAt == null),
                    these.Count(r => CaseFigures.Confirms(r.Result)),
                    these.Count(r => r.ClosedAt != null)
                )
            );
        }

        return months;
    }

    private static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>One entry per office directly below <paramref name="root"/> that holds a case (its subtree summed),
    /// and <paramref name="root"/> itself for its own cases.</summary>
    private List<OfficeStats> Breakdown(IReadOnlyList<CaseFigures> rows, string root, DateTimeOffset now)
    {
        var groups = rows.GroupBy(r => BranchOf(r.Office, root), StringComparer.Ordinal)
            .OrderBy(g => g.Key == root ? 0 : 1)
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        return
        [
            .. groups.Select(g => new OfficeStats(
                g.Key,
                g.Key != root,
                g.Count(),
                g.Count(r => r.AcceptedAt != null),
                g.Count(r => r.DecidedAt != null && r.AcceptedAt == null),
                g.Count(r => r.ClosedAt != null),
                Compliance(g, OfficeDeadlines, now)
            )),
        ];
    }

    /// <summary>The office directly below <paramref name="root"/> on the way to <paramref name="office"/>, or the root
    /// itself.</summary>
    private string BranchOf(string office, string root)
    {
        var at = office;
        while (offices.ParentOf(at) is { } parent && parent != root)
        {
            at = parent;
        }

        return offices.ParentOf(at) == root ? at : root;
    }

    private static List<StageTime> Stages(IReadOnlyList<CaseFigures> rows)
    {
        StageTime Stage(string name, Func<CaseFigures, (DateTimeOffset? Start, DateTimeOffset? End)> span)
        {
            var days = rows.Select(span)
                .Where(s => s.Start is not null && s.End is not null)
                .Select(s => Math.Max(0, (s.End!.Value - s.Start!.Value).TotalDays))
                .Order()
                .ToList();
            if (days.Count == 0)
            {
                return new StageTime(name, 0, null, null);
            }

            var median =
                days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
            return new StageTime(name, days.Count, Math.Round(days.Average(), 1), Math.Round(median, 1));
        }

        return
        [
            Stage(StageNames[0], r => (r.ReceivedAt, r.DecidedAt)),
            Stage(StageNames[1], r => (r.AcceptedAt, r.ResultAt)),
            Stage(StageNames[2], r => (r.ResultAt, r.ReviewedAt)),
            Stage(StageNames[3], r => (r.ReviewedAt, r.FeedbackAt)),
            Stage(StageNames[4], r => (r.ReceivedAt, r.ClosedAt)),
        ];
    }

    /// <summary>The callbacks of the filtered cases (whenever received) drawn for the months of the period.</summary>
    private async Task<SatisfactionStats> SatisfactionAsync(
        StaffPrincipal staff,
        StatsFilter filter,
        CancellationToken cancellationToken
    )
    {
        var cases = Scope(staff, filter, period: false);
        // Months as YYYY-MM compare in order as text; a sample is small enough to filter here.
        var first = filter.From?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "";
        var last = filter.To?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "9999-12";
        var calls = (
            await db
                .CallbackSamples.AsNoTracking()
                .Where(s => cases.Any(c => c.Id == s.CaseId))
                .Select(s => new
                {
                    s.Month,
                    s.ContactedAt,
                    s.Reached,
                    s.Satisfaction,
                    s.Disputes,
                })
                .ToListAsync(cancellationToken)
        ).Where(s => string.CompareOrdinal(s.Month, first) >= 0 && string.CompareOrdinal(s.Month, last) <= 0).ToList();
        var scores = calls.Where(c => c.Satisfaction is not null).Select(c => c.Satisfaction!.Value).ToList();
        return new SatisfactionStats(
            calls.Count,
            calls.Count(c => c.ContactedAt != null),
            calls.Count(c => c.Reached == true),
            scores.Count,
            scores.Count == 0 ? null : Math.Round(scores.Average(), 2),
            calls.Count(c => c.Disputes == true),
            Enumerable
                .Range(1, 5)
                .ToDictionary(
                    s => s.ToString(CultureInfo.InvariantCulture),
                    s => scores.Count(x => x == s),
                    StringComparer.Ordinal
                )
        );
    }

    private static async Task<IReadOnlyDictionary<string, int>> CountByAsync(
        IQueryable<CaseRecord> cases,
        Expression<Func<CaseRecord, string>> key,
        CancellationToken cancellationToken
    )
    {
        var rows = await cases
            .GroupBy(key)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new SortedDictionary<string, int>(
            rows.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal),
            StringComparer.Ordinal
        );
    }
}
