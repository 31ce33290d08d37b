using Jebo.Transfer.Feedback;

namespace Jebo.Intake.FollowUps;

/// <summary>The reporter's own copy of a follow-up: its exact time, its words, whether it asked for protection, the
/// names of the files it carried and whether it claimed a reward (never where to pay it), encrypted to the
/// receipt-derived feedback key beside the copy sealed to casework, so the status page can show the whole conversation,
/// that a request for protection arrived and that a claim was made.</summary>
/// <remarks>Security: intake holds the key only while the reporter presents the receipt, so after the request its
/// database keeps nothing readable of the words; the exact time travels inside the encryption too, while the row keeps
/// only the hour, as a report does (<see cref="Data.StoredTime"/>).</remarks>
public sealed record FollowUpCopy(
    DateTimeOffset At,
    string Text,
    bool Protection = false,
    IReadOnlyList<string>? Files = null,
    bool Reward = false
)
{
    public byte[] Encrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId) =>
        FeedbackCipher.EncryptJson(feedbackKey, reportId, this, FeedbackPurpose.FollowUp);

    /// <summary>The copy, or null when it does not open with this key or is not a copy.</summary>
    public static FollowUpCopy? Decrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId, ReadOnlySpan<byte> encrypted) =>
        FeedbackCipher.DecryptJson<FollowUpCopy>(feedbackKey, reportId, encrypted, FeedbackPurpose.FollowUp)
            is { Text: not null } copy
            ? copy
            : null;
}
