using Jebo.Transfer.Status;

namespace Jebo.Intake.Status;

/// <summary>Whether a reporter may claim a reward now (<c>POST /api/v1/rewards</c> and the status page alike): only
/// once the published result is <c>substantiated</c>, and only once per report. The one place intake decides it; the
/// answer to a refusal is 409 with the problem this names.</summary>
/// <remarks>Security: intake cannot know a case's result except from what casework published to the receipt, and it
/// reads that only while the reporter presents the receipt (<see cref="StatusLookup"/>). Casework publishes a result
/// only after an office above reviewed it (<c>StatusPublication.PublishedResult</c>), so a result present in the status
/// is a reviewed one. A copy of intake's database therefore cannot tell which reports may claim, and a claim a
/// compromised intake let through early still meets casework's own rule before anyone is paid
/// (<c>Jebo.Casework.Rewards.RewardRules</c>).</remarks>
public static class RewardEligibility
{
    /// <summary>The problem a claim before a substantiated, reviewed result answers with.</summary>
    public const string NotYet = "reward-not-yet";

    /// <summary>The problem a second claim for the same report answers with.</summary>
    public const string AlreadyClaimed = "reward-claimed";

    /// <summary>Why the reporter of <paramref name="view"/> may not claim a reward now (a problem code), or null when
    /// they may.</summary>
    public static string? Refusal(StatusView view) =>
        view.Result?.Result != PublicResult.Substantiated ? NotYet
        : view.Reward is not null ? AlreadyClaimed
        : null;
}
