using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;

namespace Jebo.Casework.Queues;

/// <summary>The work queues of an office, always within its jurisdiction: supervised cases, cases with a deadline due
/// soon, overdue cases, and cases escalated to it (or to an office below it) because a deadline lapsed.</summary>
public sealed class CaseQueues(CaseQueries queries, Jurisdiction jurisdiction, CaseClock clock, TimeProvider time)
{
    public const string Supervision = "supervision";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";
    public const string Escalated = "escalated";

    public static readonly IReadOnlyList<string> All = [Supervision, DueSoon, Overdue, Escalated];

    /// <summary>One page of the named queue, or null for an unknown queue name.</summary>
    public async Task<CasePage?> ReadAsync(StaffPrincipal staff, string queue, int page, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cases = queries.Visible(staff);
        IQueryable<CaseRecord>? ordered = queue switch
        {
            Supervision => cases.Where(c => c.Supervised && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged)
                .OrderBy(c => c.NextDueAt == null).ThenBy(c => c.NextDueAt).ThenBy(c => c.Id),
            DueSoon => DueSoonQuery(cases, now).OrderBy(c => c.NextDueAt).ThenBy(c => c.Id),
            Overdue => cases.Where(c => c.NextDueAt != null && c.NextDueAt <= now).OrderBy(c => c.NextDueAt).ThenBy(c => c.Id),
            Escalated => EscalatedQuery(cases, staff).OrderBy(c => c.EscalatedAt).ThenBy(c => c.Id),
            _ => null,
        };
        if (ordered is null)
        {
            return null;
        }

        var result = await CaseQueries.PageAsync(ordered, page, cancellationToken);
        await queries.RecordListingAsync(staff, "queue:" + queue, new { page }, result.Total, cancellationToken);
        return result;
    }

    private IQueryable<CaseRecord> DueSoonQuery(IQueryable<CaseRecord> cases, DateTimeOffset now)
    {
        var until = clock.DueSoonUntil(now);
        return cases.Where(c => c.NextDueAt != null && c.NextDueAt > now && c.NextDueAt <= until);
    }

    private IQueryable<CaseRecord> EscalatedQuery(IQueryable<CaseRecord> cases, StaffPrincipal staff)
    {
        // Escalated to the caller's office or below it: the office that has to act on the lapse, not the lapsed office.
        var offices = jurisdiction.Offices(staff);
        return cases.Where(c => c.EscalatedTo != null && offices.Contains(c.EscalatedTo));
    }
}
