using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Queues;

/// <summary>The work queues of an office, always within its jurisdiction: supervised cases, cases with a deadline due
/// soon, overdue cases, cases escalated to it (or to an office below it) because a deadline lapsed, urgent cases,
/// whose reporter asked for protection, disputed results it re-verifies, cases holding follow-ups from reporters that
/// nobody in the office holding the case has read yet, and reward claims waiting for a decision.</summary>
public sealed class CaseQueues(
    CaseQueries queries,
    Jurisdiction jurisdiction,
    CaseClock clock,
    TimeProvider time,
    CaseworkDb db,
    RelatedCaseDisclosure disclosure
)
{
    public const string Supervision = "supervision";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";
    public const string Escalated = "escalated";
    public const string Urgent = "urgent";

    /// <summary>Disputed results the office re-verifies (a reporter called back in the monthly sample disputed
    /// them).</summary>
    public const string Reverification = "reverification";

    /// <summary>Cases holding a reporter's follow-up unread by the office holding them, the longest waiting first
    /// (<see cref="CaseRecord.FollowUpsUnreadSince"/>; read by opening the case,
    /// <see cref="CasePermissions.ReadsFollowUpsFor"/>).</summary>
    public const string FollowUps = "follow-ups";

    /// <summary>Reporters' reward claims waiting for <c>decide-reward</c>, the oldest first.</summary>
    public const string Rewards = "rewards";

    /// <summary>Pairs of related cases held in different provinces, neither joined nor dismissed: those an office
    /// asked to join first, then the most alike. Only the national office sees both cases of a pair, so only it
    /// reads any (<see cref="RelatedCaseDisclosure"/>).</summary>
    public const string CrossProvince = "cross-province";

    /// <summary>Pairs of cases screening calls near-duplicates (<see cref="CaseRelation.NearDuplicate"/>) that the
    /// reader sees both of, neither merged, closed nor dismissed, the most alike first: proposals to merge (the
    /// <c>merge</c> action, under its rules) or to dismiss (<c>dismiss-duplicate</c>, after which the pair is not
    /// proposed again). Never merged without a person's action.</summary>
    public const string MergeProposals = "merge-proposals";

    /// <summary>Queues that hold pairs, not cases.</summary>
    public static bool HoldsPairs(string queue) => queue is CrossProvince or MergeProposals;

    /// <summary>Pairs a page of the <see cref="CrossProvince"/> queue holds (two cases each: a case page's
    /// worth).</summary>
    public const int PairsPageSize = CaseQueries.PageSize / 2;

    /// <summary>Cases screened and waiting for a person to accept them or not: the highest screening priority first
    /// (in scope 4, urgent 2, complete 1; <c>Jebo.Screening.Scoring.Triage</c>), then the acceptance deadline
    /// nearest, then the case id; those suggested out of scope are marked, never decided. A case is listed once
    /// screening has judged it (in the same import round).</summary>
    public const string Screening = "screening";

    /// <summary>Cases flagged as possible malicious repetition (<c>Screening/RepetitionWatch</c>), the oldest flag
    /// first, until a person judges them genuine or does not accept them.</summary>
    public const string Repetition = "repetition";

    public static readonly IReadOnlyList<string> All =
    [
        Screening,
        Repetition,
        Supervision,
        DueSoon,
        Overdue,
        Escalated,
        Urgent,
        Reverification,
        FollowUps,
        Rewards,
        CrossProvince,
        MergeProposals,
    ];

    /// <summary>One page of the named queue, or null for an unknown queue name.</summary>
    public async Task<CasePage?> ReadAsync(
        StaffPrincipal staff,
        string queue,
        int page,
        CancellationToken cancellationToken
    )
    {
        if (HoldsPairs(queue))
        {
            return await PairsAsync(staff, queue, page, cancellationToken);
        }

        var now = time.GetUtcNow();
        var cases = queries.Visible(staff);
        var members = Members(cases, queue, now, clock.DueSoonUntil(now), jurisdiction.Offices(staff));
        IQueryable<CaseRecord>? ordered = queue switch
        {
            Supervision => members!.OrderBy(c => c.NextDueAt == null).ThenBy(c => c.NextDueAt).ThenBy(c => c.Id),
            DueSoon or Overdue => members!.OrderBy(c => c.NextDueAt).ThenBy(c => c.Id),
            Escalated => members!.OrderBy(c => c.EscalatedAt).ThenBy(c => c.Id),
            // Requests still waiting first, the one due soonest at the top.
            Urgent => members!
                .OrderBy(c => c.ProtectionAcknowledgedAt != null)
                .ThenBy(c => c.ProtectionDueAt)
                .ThenBy(c => c.Id),
            Reverification => members!.OrderBy(c => c.DisputedAt).ThenBy(c => c.Id),
            FollowUps => members!.OrderBy(c => c.FollowUpsUnreadSince).ThenBy(c => c.Id),
            Rewards => members!.OrderBy(c => c.RewardClaimedAt).ThenBy(c => c.Id),
            // The index (status, priority, acceptance deadline) reads this order straight.
            Screening => members!
                .OrderByDescending(c => c.ScreeningPriority)
                .ThenBy(c => c.AcceptanceDueAt)
                .ThenBy(c => c.Id),
            Repetition => members!.OrderBy(c => c.RepetitionFlaggedAt).ThenBy(c => c.Id),
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

    /// <summary>One page of a queue of pairs that <paramref name="staff"/> sees both cases of, neither dismissed, nor
    /// merged (joined) or closed: for <see cref="CrossProvince"/> the pairs of related cases in different provinces
    /// (which provinces two cases lie in is the office tree's to say, so the pairs are filtered here rather than in
    /// the database; there are few, screening records only those found across provinces); for
    /// <see cref="MergeProposals"/> the near-duplicates.</summary>
    /// <remarks>Security: a pair is listed only when the reader sees both of its cases, so neither the queue nor the
    /// relation id it gives lets an office learn of a case outside its jurisdiction.</remarks>
    private async Task<CasePage> PairsAsync(
        StaffPrincipal staff,
        string queue,
        int page,
        CancellationToken cancellationToken
    )
    {
        page = Math.Clamp(page, 1, 1_000_000);
        var open = queries.Visible(staff).Where(c => c.Status != CaseStatus.Merged && c.Status != CaseStatus.Closed);
        var proposals = queue == MergeProposals;
        var rows = await (
            from r in db.CaseRelations.AsNoTracking()
            where r.DismissedAt == null && (!proposals || r.NearDuplicate)
            join a in open on r.CaseId equals a.Id
            join b in open on r.RelatedCaseId equals b.Id
            select new
            {
                Relation = r,
                First = a.OfficeCode,
                Second = b.OfficeCode,
            }
        ).ToListAsync(cancellationToken);
        var pairs = rows.Where(x => proposals || disclosure.CrossProvince(x.First, x.Second))
            .OrderBy(x => x.Relation.JoinAskedAt == null)
            .ThenBy(x => x.Relation.JoinAskedAt)
            .ThenByDescending(x => x.Relation.Similarity)
            .ThenBy(x => x.Relation.FoundAt)
            .ThenBy(x => x.Relation.Id)
            .ToList();
        var shown = pairs
            .Skip((page - 1) * PairsPageSize)
            .Take(PairsPageSize)
            .Select(x => new RelationPairView(
                x.Relation.Id,
                x.Relation.CaseId,
                x.First,
                x.Relation.RelatedCaseId,
                x.Second,
                Math.Round(x.Relation.Similarity, 2),
                x.Relation.FoundAt,
                x.Relation.JoinAskedAt is { } at
                    ? new JoinRequestView(at, x.Relation.JoinAskedBy, x.Relation.JoinAskedOffice, x.Relation.JoinReason)
                    : null
            )
            {
                NearDuplicate = x.Relation.NearDuplicate,
                Reasons = RelationReasons.Read(x.Relation.Reasons),
            })
            .ToList();
        var ids = shown.SelectMany(p => new[] { p.CaseId, p.RelatedCaseId }).Distinct().ToList();
        var cases = await CaseQueries.PageAsync(
            queries.Visible(staff).Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id),
            1,
            cancellationToken
        );
        var result = new CasePage(cases.Items, pairs.Count, page, PairsPageSize) { Relations = shown };
        await queries.RecordListingAsync(staff, "queue:" + queue, new { page }, pairs.Count, cancellationToken);
        return result;
    }

    /// <summary>The cases in the named queue, unordered, or null for an unknown name. Escalated cases count when
    /// escalated to one of <paramref name="escalatedTo"/> (the office that has to act on the lapse, not the lapsed
    /// office), or anywhere when it is null, as the country-wide metrics count them.</summary>
    public static IQueryable<CaseRecord>? Members(
        IQueryable<CaseRecord> cases,
        string queue,
        DateTimeOffset now,
        DateTimeOffset dueSoonUntil,
        IReadOnlyList<string>? escalatedTo
    ) =>
        queue switch
        {
            Supervision => cases.Where(c =>
                c.Supervised && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged
            ),
            DueSoon => cases.Where(c => c.NextDueAt != null && c.NextDueAt > now && c.NextDueAt <= dueSoonUntil),
            Overdue => cases.Where(c => c.NextDueAt != null && c.NextDueAt <= now),
            Escalated => escalatedTo is null
                ? cases.Where(c => c.EscalatedTo != null)
                : cases.Where(c => c.EscalatedTo != null && escalatedTo.Contains(c.EscalatedTo)),
            Urgent => cases.Where(c => c.Urgent && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged),
            Reverification => escalatedTo is null
                ? cases.Where(c => c.ReverifyOffice != null)
                : cases.Where(c => c.ReverifyOffice != null && escalatedTo.Contains(c.ReverifyOffice)),
            // Closed cases too: a reporter may write after the end, and someone must read it.
            FollowUps => cases.Where(c => c.FollowUpsUnreadSince != null && c.Status != CaseStatus.Merged),
            Rewards => cases.Where(c => c.RewardClaimedAt != null),
            Screening => cases.Where(c => c.Status == CaseStatus.Screened && c.ScreeningPriority != null),
            Repetition => cases.Where(c =>
                c.RepetitionFlaggedAt != null
                && c.Status != CaseStatus.Closed
                && c.Status != CaseStatus.Merged
                && c.Status != CaseStatus.NotAccepted
            ),
            _ => null,
        };
}
