using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Rewards;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary><c>decide-reward</c>: the decision on the case's oldest waiting reward claim, grant with an amount or
/// refuse with a reason. It is a step under the double check (<c>Staff/FourEyes.Gated</c>): asked for by one person,
/// checked then, and applied only when a second person above confirms it with <c>review</c>, checked again then. The
/// reporter reads the decision on the status page (<see cref="StatusPublication.PublishedReward"/>).</summary>
public sealed class CaseRewards(CaseworkDb db, CaseworkOptions options, StatusPublication publication)
{
    public async Task<CaseActionOutcome?> DecideAsync(CaseStep step, bool apply, CancellationToken cancellationToken)
    {
        var c = step.Case;
        var claim = await db
            .RewardClaims.Where(r => r.CaseId == c.Id && r.State == PublicReward.Claimed)
            .OrderBy(r => r.ClaimedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (claim is null)
        {
            return step.Conflict(Refusals.Text("Refusal.NoRewardClaim"));
        }

        var request = step.Request;
        var grant = request.Decision == CaseAction.RewardGrant;
        if (grant)
        {
            if (RewardRules.CaseRefusal(c) is { } refusal)
            {
                return step.Conflict(refusal);
            }

            RewardRules rules;
            try
            {
                rules = RewardRules.Read(options.RewardsFile);
            }
            catch (RewardRulesException e)
            {
                return step.Conflict(Refusals.Text("Refusal.RewardRulesUnreadable", e.Message));
            }

            if (rules.AmountRefusal(c.Category, request.Amount!.Value) is { } outside)
            {
                return CaseActionOutcome.Field("amount", outside);
            }
        }

        step.Details["claim"] = claim.Id;
        step.Details["reportId"] = claim.ReportId;
        if (!apply)
        {
            return null;
        }

        claim.State = grant ? PublicReward.Granted : PublicReward.Refused;
        claim.Amount = grant ? request.Amount : null;
        claim.Reason = grant ? null : request.Reason;
        claim.ProposedBy = step.Details.GetValueOrDefault("requestedBy") as string;
        claim.ProposedOffice = step.Details.GetValueOrDefault("requestedOffice") as string;
        (claim.DecidedBy, claim.DecidedOffice, claim.DecidedAt) = (step.Staff.Login, step.Staff.OfficeCode, step.Now);
        step.Details["decision"] = request.Decision;
        step.Details["amount"] = claim.Amount;
        c.RewardClaimedAt = await db
            .RewardClaims.Where(r => r.CaseId == c.Id && r.State == PublicReward.Claimed && r.Id != claim.Id)
            .OrderBy(r => r.ClaimedAt)
            .Select(r => (DateTimeOffset?)r.ClaimedAt)
            .FirstOrDefaultAsync(cancellationToken);
        await publication.QueueAsync([claim.ReportId], step.Now, cancellationToken);
        return null;
    }
}
