using Jebo.Transfer.Feedback;

namespace Jebo.Transfer.Status;

/// <summary>What verification found, as casework records it and the reporter reads it: the one place results are
/// defined. <paramref name="Agency"/> names the kind of body a <c>referred</c> case went to, and only then.</summary>
public sealed record PublicResult(string Result, string? Agency = null)
{
    public const string Substantiated = "substantiated";
    public const string Partly = "partly";
    public const string Unsubstantiated = "unsubstantiated";
    public const string Referred = "referred";

    public static readonly IReadOnlyList<string> All = [Substantiated, Partly, Unsubstantiated, Referred];

    /// <summary>The kinds of body a case can be referred to.</summary>
    public static readonly IReadOnlyList<string> Agencies = ["prosecution", "police", "discipline", "other"];

    /// <summary>A result from its stored parts, or null when they do not make one (no result, an unknown code, a
    /// referral without a known body or a body without a referral).</summary>
    public static PublicResult? Of(string? result, string? agency) =>
        result is not null
        && All.Contains(result)
        && (result == Referred ? agency is not null && Agencies.Contains(agency) : agency is null)
            ? new PublicResult(result, agency)
            : null;

    /// <summary>The result encrypted to the reporter's feedback key, as a status record carries it.</summary>
    /// <remarks>Security: like the office's messages, intake keeps it encrypted and reads it only while the reporter
    /// presents the receipt, so a copy of intake's database never tells which reports were found true.</remarks>
    public byte[] Encrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId) =>
        FeedbackCipher.EncryptJson(feedbackKey, reportId, this, FeedbackPurpose.Result);

    /// <summary>The result a status record carries, or null when it does not open with this key or is not one this
    /// build knows.</summary>
    public static PublicResult? Decrypt(ReadOnlySpan<byte> feedbackKey, Guid reportId, ReadOnlySpan<byte> encrypted) =>
        FeedbackCipher.DecryptJson<PublicResult>(feedbackKey, reportId, encrypted, FeedbackPurpose.Result) is { } read
            ? Of(read.Result, read.Agency)
            : null;
}
