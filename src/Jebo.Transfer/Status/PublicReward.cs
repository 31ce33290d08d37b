using Jebo.Transfer.Feedback;

namespace Jebo.Transfer.Status;

/// <summary>Where a reporter's reward claim stands, as the reporter reads it: <c>claimed</c> (received, waiting for
/// two people to decide), <c>granted</c> with <paramref name="Amount"/> (in won) or <c>refused</c> with
/// <paramref name="Reason"/>, since <paramref name="At"/>. The one place the states are defined.</summary>
public sealed record PublicReward(string State, DateTimeOffset At, long? Amount = null, string? Reason = null)
{
    public const string Claimed = "claimed";
    public const string Granted = "granted";
    public const string Refused = "refused";

    public static readonly IReadOnlyList<string> All = [Claimed, Granted, Refused];

    /// <summary>Whether the claim was decided (granted or refused).</summary>
    public bool IsDecided => State is Granted or Refused;

    /// <summary>The state encrypted to the reporter's feedback key, as a status record carries it.</summary>
    /// <remarks>Security: that a reporter was paid, and how much, says their report was true and who may hold money
    /// for it; intake keeps it encrypted and reads it only while the reporter presents the receipt, like the
    /// result.</remarks>
    public byte[] Encrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId) =>
        FeedbackCipher.EncryptJson(feedbackKey, reportId, this, FeedbackPurpose.Reward);

    /// <summary>The state, or null when it does not open with this key or names a state this build does not
    /// know.</summary>
    public static PublicReward? Decrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId, ReadOnlySpan<byte> encrypted) =>
        FeedbackCipher.DecryptJson<PublicReward>(feedbackKey, reportId, encrypted, FeedbackPurpose.Reward)
            is { State: not null } read
        && All.Contains(read.State)
            ? read
            : null;

    /// <summary>The later of two states; a decision outranks a claim made at the same moment.</summary>
    public static PublicReward? Latest(PublicReward? a, PublicReward? b) =>
        a is null ? b
        : b is null ? a
        : b.At > a.At || (b.At == a.At && b.IsDecided) ? b
        : a;
}
