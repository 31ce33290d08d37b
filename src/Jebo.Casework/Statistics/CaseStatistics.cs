using System.Linq.Expressions;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Statistics;

/// <summary>Counts for <c>GET /api/v1/stats</c>, within the caller's jurisdiction.</summary>
public sealed record CaseStats(
    int Total,
    DateTimeOffset AsOf,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByOffice,
    IReadOnlyDictionary<string, int> ByRegion,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyDictionary<string, int> ByOutcome,
    IReadOnlyDictionary<string, int> ByRejectionReason,
    IReadOnlyDictionary<string, DeadlineCompliance> Deadlines,
    int Supervised,
    int Escalated
);

/// <summary>How one kind of deadline was kept: met in time, met late, still running in time, and running
/// overdue.</summary>
public sealed record DeadlineCompliance(int MetOnTime, int MetLate, int Running, int Overdue)
{
    /// <summary>Share of decided deadlines (met, or lapsed) that were met in time; null when none is decided
    /// yet.</summary>
    public double? Rate =>
        MetOnTime + MetLate + Overdue is var decided && decided == 0
            ? null
            : Math.Round((double)MetOnTime / decided, 4);
}

/// <summary>Statistics by status, office, region, category, outcome and deadline compliance, computed by the database
/// over the cases the caller may see (<see cref="CaseQueries.Visible"/>): the same jurisdiction as every other
/// read.</summary>
public sealed class CaseStatistics(CaseQueries queries, Deadlines.DeadlineCalendar calendar, TimeProvider time)
{
    public async Task<CaseStats> ComputeAsync(
        StaffPrincipal staff,
        DateOnly? from,
        DateOnly? to,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        var cases = queries.Visible(staff);
        if (from is { } first)
        {
            var start = calendar.StartOf(first);
            cases = cases.Where(c => c.ReceivedAt >= start);
        }

        if (to is { } last)
        {
            var end = calendar.EndOf(last);
            cases = cases.Where(c => c.ReceivedAt < end);
        }

        var deadlines = new Dictionary<string, DeadlineCompliance>(StringComparer.Ordinal)
        {
            [DeadlineKind.Contact] = await ComplianceAsync(
                cases.Where(c => c.HasContact && c.ContactDueAt != null),
                c => c.ContactDueAt,
                c => c.ContactedAt,
                c => c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged,
                now,
                cancellationToken
            ),
            [DeadlineKind.Acceptance] = await ComplianceAsync(
                cases.Where(c => c.AcceptanceDueAt != null),
                c => c.AcceptanceDueAt,
                c => c.DecidedAt,
                c => c.Status == CaseStatus.Received || c.Status == CaseStatus.Screened,
                now,
                cancellationToken
            ),
            [DeadlineKind.Verification] = await ComplianceAsync(
                cases.Where(c => c.VerificationDueAt != null),
                c => c.VerificationDueAt,
                c => c.ResultAt,
                c =>
                    c.Status == CaseStatus.Accepted
                    || c.Status == CaseStatus.Assigned
                    || c.Status == CaseStatus.InVerification,
                now,
                cancellationToken
            ),
            [DeadlineKind.Feedback] = await ComplianceAsync(
                cases.Where(c => c.FeedbackDueAt != null),
                c => c.FeedbackDueAt,
                c => c.FeedbackAt,
                c => c.Status == CaseStatus.ResultRecorded || c.Status == CaseStatus.Reviewed,
                now,
                cancellationToken
            ),
            [DeadlineKind.Progress] = await ComplianceAsync(
                cases.Where(c => c.Supervised && c.ProgressDueAt != null),
                c => c.ProgressDueAt,
                c => c.ProgressMetAt,
                c => c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged,
                now,
                cancellationToken
            ),
        };
        return new CaseStats(
            await cases.CountAsync(cancellationToken),
            now,
            from,
            to,
            await CountByAsync(cases, c => c.Status, cancellationToken),
            await CountByAsync(cases, c => c.OfficeCode, cancellationToken),
            await CountByAsync(cases, c => c.Region, cancellationToken),
            await CountByAsync(cases, c => c.Category, cancellationToken),
            await CountByAsync(cases.Where(c => c.Result != null), c => c.Result!, cancellationToken),
            await CountByAsync(cases.Where(c => c.RejectionReason != null), c => c.RejectionReason!, cancellationToken),
            deadlines,
            await cases.CountAsync(
                c => c.Supervised && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged,
                cancellationToken
            ),
            await cases.CountAsync(c => c.EscalatedTo != null, cancellationToken)
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

    /// <summary>Four counts for one kind of deadline, each a query the database answers with an index or a
    /// scan.</summary>
    private static async Task<DeadlineCompliance> ComplianceAsync(
        IQueryable<CaseRecord> withDeadline,
        Expression<Func<CaseRecord, DateTimeOffset?>> due,
        Expression<Func<CaseRecord, DateTimeOffset?>> met,
        Expression<Func<CaseRecord, bool>> runs,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var metQuery = withDeadline.Where(Not(IsNull(met)));
        var open = withDeadline.Where(IsNull(met)).Where(runs);
        var metOnTime = await metQuery.CountAsync(Compare(met, due, Expression.LessThan), cancellationToken);
        var metAll = await metQuery.CountAsync(cancellationToken);
        var overdue = await open.CountAsync(CompareTo(due, now, Expression.LessThanOrEqual), cancellationToken);
        var running = await open.CountAsync(cancellationToken) - overdue;
        return new DeadlineCompliance(metOnTime, metAll - metOnTime, running, overdue);
    }

    private static Expression<Func<CaseRecord, bool>> IsNull(Expression<Func<CaseRecord, DateTimeOffset?>> field) =>
        Expression.Lambda<Func<CaseRecord, bool>>(
            Expression.Equal(field.Body, Expression.Constant(null, typeof(DateTimeOffset?))),
            field.Parameters
        );

    private static Expression<Func<CaseRecord, bool>> Not(Expression<Func<CaseRecord, bool>> predicate) =>
        Expression.Lambda<Func<CaseRecord, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private static Expression<Func<CaseRecord, bool>> Compare(
        Expression<Func<CaseRecord, DateTimeOffset?>> left,
        Expression<Func<CaseRecord, DateTimeOffset?>> right,
        Func<Expression, Expression, BinaryExpression> op
    )
    {
        var parameter = left.Parameters[0];
        var rightBody = new Rebind(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<CaseRecord, bool>>(op(left.Body, rightBody), parameter);
    }

    private static Expression<Func<CaseRecord, bool>> CompareTo(
        Expression<Func<CaseRecord, DateTimeOffset?>> field,
        DateTimeOffset value,
        Func<Expression, Expression, BinaryExpression> op
    )
    {
        // A captured value, not a constant, so the database sees a parameter converted like the column.
        Expression<Func<DateTimeOffset?>> captured = () => value;
        return Expression.Lambda<Func<CaseRecord, bool>>(op(field.Body, captured.Body), field.Parameters);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == from ? to : base.VisitParameter(node);
    }
}
