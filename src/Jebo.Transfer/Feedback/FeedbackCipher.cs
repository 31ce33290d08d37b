using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jebo.Transfer.Reports;
using NSec.Cryptography;

namespace Jebo.Transfer.Feedback;

/// <summary>
/// Encrypts a message from an office to a reporter under the reporter's feedback key, which only the receipt can
/// derive. Layout: <c>0x01 | nonce (24) | XChaCha20-Poly1305 ciphertext of the UTF-8 text</c>; the report id is
/// authenticated as associated data, so a message cannot be moved to another report, and so is what the text is
/// (<see cref="FeedbackPurpose"/>), so an office's message can never be shown as the result or as the reporter's own
/// words.
/// </summary>
/// <remarks>
/// Security: casework learns the feedback key only from inside the sealed report; intake stores messages encrypted
/// and can read one only while the reporter presents the receipt in a status request.
/// </remarks>
public static class FeedbackCipher
{
    public const int KeyLength = 32;
    private const byte Version = 1;
    private const int NonceLength = 24;

    public static byte[] Encrypt(
        ReadOnlySpan<byte> feedbackKey,
        Guid reportId,
        string text,
        FeedbackPurpose purpose = FeedbackPurpose.Message
    )
    {
        using var key = Import(feedbackKey);
        var plaintext = Encoding.UTF8.GetBytes(text);
        var output = new byte[1 + NonceLength + plaintext.Length + AeadAlgorithm.XChaCha20Poly1305.TagSize];
        output[0] = Version;
        RandomNumberGenerator.Fill(output.AsSpan(1, NonceLength));
        var nonce = output.AsSpan(1, NonceLength);
        var sealedText = output.AsSpan(1 + NonceLength);
        AeadAlgorithm.XChaCha20Poly1305.Encrypt(key, nonce, AssociatedData(reportId, purpose), plaintext, sealedText);
        return output;
    }

    /// <summary>Decrypts a message, or returns null when the key is wrong or the message was altered.</summary>
    public static string? Decrypt(
        ReadOnlySpan<byte> feedbackKey,
        Guid reportId,
        ReadOnlySpan<byte> message,
        FeedbackPurpose purpose = FeedbackPurpose.Message
    )
    {
        if (message.Length < 1 + NonceLength + AeadAlgorithm.XChaCha20Poly1305.TagSize || message[0] != Version)
        {
            return null;
        }

        using var key = Import(feedbackKey);
        var plaintext = new byte[message.Length - 1 - NonceLength - AeadAlgorithm.XChaCha20Poly1305.TagSize];
        var nonce = message.Slice(1, NonceLength);
        var sealedText = message[(1 + NonceLength)..];
        var associated = AssociatedData(reportId, purpose);
        return AeadAlgorithm.XChaCha20Poly1305.Decrypt(key, nonce, associated, sealedText, plaintext)
            ? Encoding.UTF8.GetString(plaintext)
            : null;
    }

    /// <summary>Encrypts a value as its transfer JSON (<see cref="TransferJson"/>).</summary>
    public static byte[] EncryptJson<T>(
        ReadOnlySpan<byte> feedbackKey,
        Guid reportId,
        T value,
        FeedbackPurpose purpose
    ) => Encrypt(feedbackKey, reportId, JsonSerializer.Serialize(value, TransferJson.Options), purpose);

    /// <summary>The value encrypted by <see cref="EncryptJson{T}"/>, or null when it does not open with this key for
    /// this purpose or is not such a value.</summary>
    public static T? DecryptJson<T>(
        ReadOnlySpan<byte> feedbackKey,
        Guid reportId,
        ReadOnlySpan<byte> message,
        FeedbackPurpose purpose
    )
        where T : class
    {
        if (Decrypt(feedbackKey, reportId, message, purpose) is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, TransferJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The report id, then for anything but an office's message (whose layout predates the others) the
    /// purpose's label.</summary>
    private static byte[] AssociatedData(Guid reportId, FeedbackPurpose purpose) =>
        purpose switch
        {
            FeedbackPurpose.Message => reportId.ToByteArray(),
            FeedbackPurpose.Result => [.. reportId.ToByteArray(), .. "jebo/feedback-result/v1"u8],
            FeedbackPurpose.FollowUp => [.. reportId.ToByteArray(), .. "jebo/feedback-followup/v1"u8],
            FeedbackPurpose.Protection => [.. reportId.ToByteArray(), .. "jebo/feedback-protection/v1"u8],
            FeedbackPurpose.Reward => [.. reportId.ToByteArray(), .. "jebo/feedback-reward/v1"u8],
            _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
        };

    private static Key Import(ReadOnlySpan<byte> feedbackKey) =>
        Key.Import(AeadAlgorithm.XChaCha20Poly1305, feedbackKey, KeyBlobFormat.RawSymmetricKey);
}
