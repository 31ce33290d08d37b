using Jebo.Transfer.Feedback;

namespace Jebo.Transfer.Status;

/// <summary>Where a reporter's request for protection stands, as the reporter reads it: <c>requested</c> (received,
/// waiting for staff) or <c>acknowledged</c> (staff acted on it), since <paramref name="At"/>. The one place the states
/// are defined.</summary>
public sealed record PublicProtection(string State, DateTimeOffset At)
{
    public const string Requested = "requested";
    public const string Acknowledged = "acknowledged";

    public static readonly IReadOnlyList<string> All = [Requested, Acknowledged];

    /// <summary>The state encrypted to the reporter's feedback key, as intake keeps it and a status record carries
    /// it.</summary>
    /// <remarks>Security: whether a reporter asked for protection says they are threatened; intake keeps it encrypted
    /// and reads it only while the reporter presents the receipt, like the result.</remarks>
    public byte[] Encrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId) =>
        FeedbackCipher.EncryptJson(feedbackKey, reportId, this, FeedbackPurpose.Protection);

    /// <summary>The state, or null when it does not open with this key or names a state this build does not
    /// know.</summary>
    public static PublicProtection? Decrypt(
        ReadOnlySpan<byte> feedbackKey,
        Guid reportId,
        ReadOnlySpan<byte> encrypted
    ) =>
        FeedbackCipher.DecryptJson<PublicProtection>(feedbackKey, reportId, encrypted, FeedbackPurpose.Protection)
            is { State: not null } read
        && All.Contains(read.State)
            ? read
            : null;

    /// <summary>The later of two states (a request made after an acknowledgement is waiting again).</summary>
    public static PublicProtection? Latest(PublicProtection? a, PublicProtection? b) =>
        a is null ? b
        : b is null ? a
        : b.At > a.At || (b.At == a.At && b.State == Acknowledged) ? b
        : a;
}
