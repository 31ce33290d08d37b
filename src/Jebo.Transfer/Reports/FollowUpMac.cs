using System.Security.Cryptography;
using System.Text.Json;

namespace Jebo.Transfer.Reports;

/// <summary>
/// Binds a follow-up to the receipt of its report: HMAC-SHA256, under a key derived (HKDF-SHA256, info
/// <c>jebo/followup-mac/v1</c>) from the report's feedback key, over the follow-up's ids, time and text as a JSON
/// array. Intake computes it while the reporter presents the receipt; casework checks it with the feedback key that
/// arrived inside the sealed report.
/// </summary>
/// <remarks>Security: intake's bundle signature says only that intake sent a follow-up. The feedback key comes from the
/// receipt alone, which intake never stores, so a compromised intake cannot make a valid MAC for a past report whose
/// receipt it does not hold, and cannot plant words in that reporter's name.</remarks>
public static class FollowUpMac
{
    public const int Length = 32;

    private static readonly byte[] Info = "jebo/followup-mac/v1"u8.ToArray();

    public static byte[] Compute(
        ReadOnlySpan<byte> feedbackKey,
        Guid followUpId,
        Guid reportId,
        DateTimeOffset receivedAt,
        string text
    ) => Compute(feedbackKey, [followUpId, reportId, receivedAt.ToUnixTimeMilliseconds(), text]);

    /// <summary>The MAC of a follow-up of any version: version 3 covers the protection request and the contact
    /// details too, so a compromised intake can neither raise a false alarm nor plant a phone number in a reporter's
    /// name; version 4 covers its files as well, each by id and header hash, so none can be added or swapped; version 5
    /// covers the reward claim too, so it cannot redirect a reporter's reward to its own account.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> feedbackKey, SealedFollowUpPlaintext followUp)
    {
        if (followUp.Version < SealedFollowUpPlaintext.RequestsVersion)
        {
            return Compute(feedbackKey, followUp.FollowUpId, followUp.ReportId, followUp.ReceivedAt, followUp.Text);
        }

        object?[] fields =
        [
            followUp.FollowUpId,
            followUp.ReportId,
            followUp.ReceivedAt.ToUnixTimeMilliseconds(),
            followUp.Text,
            followUp.Protection,
            followUp.Contact?.Name,
            followUp.Contact?.Phone,
            followUp.Contact?.ContactConsent,
        ];
        if (followUp.Version < SealedFollowUpPlaintext.AttachmentsVersion)
        {
            return Compute(feedbackKey, fields);
        }

        object?[] withFiles =
        [
            .. fields,
            (followUp.Attachments ?? [])
                .Select(a => new object[] { a.Id, Convert.ToHexStringLower(a.HeaderHash) })
                .ToArray(),
        ];
        return followUp.Version < SealedFollowUpPlaintext.RewardVersion
            ? Compute(feedbackKey, withFiles)
            : Compute(
                feedbackKey,
                [
                    .. withFiles,
                    followUp.Reward?.Name,
                    followUp.Reward?.Phone,
                    followUp.Reward?.Bank,
                    followUp.Reward?.Account,
                ]
            );
    }

    private static byte[] Compute(ReadOnlySpan<byte> feedbackKey, object?[] fields)
    {
        Span<byte> key = stackalloc byte[32];
        try
        {
            HKDF.Expand(HashAlgorithmName.SHA256, feedbackKey, key, Info);
            return HMACSHA256.HashData(key, JsonSerializer.SerializeToUtf8Bytes(fields));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Whether the follow-up carries its MAC under the report's feedback key (compared in constant
    /// time).</summary>
    public static bool Verifies(ReadOnlySpan<byte> feedbackKey, SealedFollowUpPlaintext followUp) =>
        followUp.Mac is { Length: Length } mac
        && CryptographicOperations.FixedTimeEquals(mac, Compute(feedbackKey, followUp));
}
