namespace Jebo.Transfer.Feedback;

/// <summary>What a text encrypted to a reporter's feedback key is; bound into its associated data
/// (<see cref="FeedbackCipher"/>).</summary>
public enum FeedbackPurpose
{
    /// <summary>A message from the office.</summary>
    Message,

    /// <summary>The published result (<see cref="Status.PublicResult"/>).</summary>
    Result,

    /// <summary>The reporter's own follow-up, as intake keeps a copy of it for the status page.</summary>
    FollowUp,

    /// <summary>Where the reporter's request for protection stands (<see cref="Status.PublicProtection"/>).</summary>
    Protection,

    /// <summary>Where the reporter's reward claim stands (<see cref="Status.PublicReward"/>).</summary>
    Reward,
}
