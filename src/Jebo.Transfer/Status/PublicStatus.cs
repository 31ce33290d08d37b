namespace Jebo.Transfer.Status;

/// <summary>The status a reporter sees; the only case facts that ever leave the casework zone.</summary>
public enum PublicStatus
{
    Received,
    Accepted,
    NotAccepted,
    InVerification,
    Completed,
}

/// <summary>A report's public state in a status bundle: status, time, and messages encrypted to the receipt; once a
/// reviewed result is published, that result (<see cref="PublicResult"/>) encrypted to the receipt too. A record
/// without <paramref name="Result"/> (any written before it existed) reads as no result. For a reporter who asked for
/// protection, <paramref name="Protection"/> says where that request stands (<see cref="PublicProtection"/>),
/// encrypted to the receipt as well; absent otherwise. For a reporter who claimed a reward, <paramref name="Reward"/>
/// says where the claim stands (<see cref="PublicReward"/>), encrypted to the receipt; absent otherwise.</summary>
public sealed record StatusRecord(
    PublicStatus Status,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatusMessage> Messages,
    byte[]? Result = null,
    byte[]? Protection = null,
    byte[]? Reward = null
)
{
    /// <summary>At most this many messages in one record: casework sends a report's newest ones, and intake refuses a
    /// bundle with more (so one case with endless messages can never make the bundle that carries every other
    /// reporter's status unacceptable).</summary>
    public const int MaxMessages = 1_000;

    /// <summary>At most this many bytes in one encrypted message.</summary>
    public const int MaxMessageBytes = 64 * 1024;
}

/// <summary>A message from the office, encrypted with <see cref="Feedback.FeedbackCipher"/>.</summary>
public sealed record StatusMessage(DateTimeOffset At, byte[] Ciphertext);

public static class PublicStatusCodes
{
    /// <summary>The code the API and the pages use (<c>not-accepted</c>, <c>in-verification</c>, ...).</summary>
    public static string Code(this PublicStatus status) =>
        status switch
        {
            PublicStatus.Received => "received",
            PublicStatus.Accepted => "accepted",
            PublicStatus.NotAccepted => "not-accepted",
            PublicStatus.InVerification => "in-verification",
            PublicStatus.Completed => "completed",
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };

    /// <summary>The status a code names, or null for a code this build does not know.</summary>
    public static PublicStatus? Parse(string code) =>
        Enum.GetValues<PublicStatus>().Cast<PublicStatus?>().FirstOrDefault(s => s!.Value.Code() == code);
}
