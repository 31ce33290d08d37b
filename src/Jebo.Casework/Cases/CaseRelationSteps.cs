using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The steps on a relation between provinces (<see cref="CaseRelation"/>): an office holding one of the cases
/// asks the national office to join them (<c>ask-join</c>, which puts the pair at the top of the
/// <c>cross-province</c> queue), or the national office dismisses the relation (<c>dismiss-related</c>, which takes it
/// off the queue). The national office joins a pair with <c>merge</c>, under the double check.</summary>
/// <remarks>Security: the relation is named by its own id, and a person may name only a relation of the case they act
/// on that <see cref="RelatedCaseDisclosure"/> lets them learn of; the trail of the case, which its office reads,
/// records the relation and the other office, never the other case.</remarks>
public sealed class CaseRelationSteps(CaseworkDb db, RelatedCaseDisclosure disclosure)
{
    public async Task<CaseActionOutcome?> AskJoinAsync(CaseStep s, CancellationToken cancellationToken)
    {
        if (await FindAsync(s, cancellationToken) is not { } found)
        {
            return CaseActionOutcome.Field("relation", Refusals.Text("Refusal.NoRelation"));
        }

        var (relation, otherOffice) = found;
        s.Details["relation"] = relation.Id;
        s.Details["office"] = otherOffice;
        if (relation.JoinAskedAt is null)
        {
            // The first request keeps the pair's place at the top; a later one is in the trail.
            relation.JoinAskedAt = s.Now;
            relation.JoinAskedBy = s.Staff.Login;
            relation.JoinAskedOffice = s.Staff.OfficeCode;
            relation.JoinReason = s.Request.Reason;
        }

        return null;
    }

    public async Task<CaseActionOutcome?> DismissAsync(CaseStep s, CancellationToken cancellationToken)
    {
        if (await FindAsync(s, cancellationToken) is not { } found)
        {
            return CaseActionOutcome.Field("relation", Refusals.Text("Refusal.NoRelation"));
        }

        found.Relation.DismissedAt = s.Now;
        found.Relation.DismissedBy = s.Staff.Login;
        s.Details["relation"] = found.Relation.Id;
        s.Details["office"] = found.OtherOffice;
        return null;
    }

    /// <summary>Dismisses a merge proposal (<c>dismiss-duplicate</c>): the pair leaves the <c>merge-proposals</c>
    /// queue, and the <c>cross-province</c> queue if it is there, and screening does not propose it again.</summary>
    /// <remarks>Security: only a person who sees both cases in full may, so that the relation id cannot be used to
    /// probe for a case outside their jurisdiction; a relation they may not act on is refused as one that does not
    /// exist. The trail names the relation, never the other case: the trail's readers may not see it.</remarks>
    public async Task<CaseActionOutcome?> DismissDuplicateAsync(CaseStep s, CancellationToken cancellationToken)
    {
        if (
            await FindAsync(s, cancellationToken) is not { } found
            || !found.Relation.NearDuplicate
            || disclosure.Showing(s.Staff, s.Case.OfficeCode, found.OtherOffice) != RelatedShowing.Full
        )
        {
            return CaseActionOutcome.Field("relation", Refusals.Text("Refusal.NoRelation"));
        }

        found.Relation.DismissedAt = s.Now;
        found.Relation.DismissedBy = s.Staff.Login;
        s.Details["relation"] = found.Relation.Id;
        return null;
    }

    /// <summary>The relation the step names, when it is one of this case's, not dismissed, its other case not merged,
    /// and the person may learn of it; with the office holding the other case.</summary>
    private async Task<(CaseRelation Relation, string OtherOffice)?> FindAsync(
        CaseStep s,
        CancellationToken cancellationToken
    )
    {
        var id = s.Case.Id;
        var relation = await db.CaseRelations.FirstOrDefaultAsync(
            r => r.Id == s.Request.Relation && (r.CaseId == id || r.RelatedCaseId == id) && r.DismissedAt == null,
            cancellationToken
        );
        if (relation is null)
        {
            return null;
        }

        var otherId = relation.CaseId == id ? relation.RelatedCaseId : relation.CaseId;
        var other = await db
            .Cases.AsNoTracking()
            .Where(c => c.Id == otherId && c.Status != CaseStatus.Merged)
            .Select(c => c.OfficeCode)
            .FirstOrDefaultAsync(cancellationToken);
        return other is null || disclosure.Showing(s.Staff, s.Case.OfficeCode, other) == RelatedShowing.Nothing
            ? null
            : (relation, other);
    }
}
