using Jebo.Casework.Lifecycle;

namespace Jebo.Casework.Cases;

/// <summary>Which part applies which action: the one switch from an action's name to the code that checks and takes it.
/// </summary>
public sealed class CaseSteps(
    CaseTransitions transitions,
    CaseAssignment assignment,
    CaseMessaging messaging,
    CaseMergeSteps merges,
    CaseRevert revert,
    CaseOversight oversight,
    CaseRewards rewards,
    CaseRelationSteps relations
)
{
    /// <summary>Checks the step and, when <paramref name="apply"/>, applies it. Steps that end or hide a clue check
    /// first without changing anything, so a request is refused for the same reasons the step itself would
    /// be.</summary>
    public async Task<CaseActionOutcome?> RunAsync(CaseStep step, bool apply, CancellationToken cancellationToken) =>
        step.Request.Action switch
        {
            CaseAction.Accept => transitions.Accept(step),
            CaseAction.Reject => apply ? CaseTransitions.Reject(step) : null,
            CaseAction.Assign => await assignment.AssignAsync(step, cancellationToken),
            CaseAction.Transfer => await assignment.TransferAsync(step, cancellationToken),
            CaseAction.StartVerification => transitions.StartVerification(step),
            CaseAction.RecordContact => await messaging.RecordContactAsync(step, cancellationToken),
            CaseAction.AcknowledgeProtection => await messaging.AcknowledgeProtectionAsync(step, cancellationToken),
            CaseAction.RecordResult => transitions.RecordResult(step) ?? Settled(step),
            CaseAction.Review => CaseTransitions.Review(step),
            CaseAction.PublishStatus => await messaging.PublishStatusAsync(step, cancellationToken),
            CaseAction.Merge => await merges.MergeAsync(step, apply, cancellationToken),
            CaseAction.Unmerge => await merges.UnmergeAsync(step, apply, cancellationToken),
            CaseAction.Supervise => transitions.Supervise(step) ?? Leveled(step),
            CaseAction.Close => CaseTransitions.Close(step),
            CaseAction.Reopen => transitions.Reopen(step),
            CaseAction.Revert => await revert.RevertAsync(step, apply, cancellationToken),
            CaseAction.RecordCallback => await oversight.RecordCallbackAsync(step, cancellationToken),
            CaseAction.ReportProgress => CaseOversight.ReportProgress(step),
            CaseAction.ConcludeSupervision => CaseOversight.ConcludeSupervision(step),
            CaseAction.Note => messaging.Note(step),
            CaseAction.Reclassify => await assignment.ReclassifyAsync(step, cancellationToken),
            CaseAction.Refer => apply ? CaseTransitions.Refer(step) : null,
            CaseAction.DecideReward => await rewards.DecideAsync(step, apply, cancellationToken),
            CaseAction.AskJoin => await relations.AskJoinAsync(step, cancellationToken),
            CaseAction.DismissRelated => await relations.DismissAsync(step, cancellationToken),
            CaseAction.DismissDuplicate => await relations.DismissDuplicateAsync(step, cancellationToken),
            _ => throw new InvalidOperationException($"no handler for {step.Request.Action}"),
        };

    private CaseActionOutcome? Settled(CaseStep step)
    {
        oversight.SettleReverification(step);
        return null;
    }

    private static CaseActionOutcome? Leveled(CaseStep step)
    {
        CaseOversight.SetLevel(step);
        return null;
    }
}
