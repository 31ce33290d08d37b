using System.Security.Cryptography;
using System.Text;
using Jebo.Transfer.Feedback;

namespace Jebo.Intake.Receipts;

/// <summary>
/// Derives from a receipt the two values intake works with: the lookup id it indexes reports by, and the feedback
/// key messages to the reporter are encrypted with.
/// </summary>
/// <remarks>
/// Security: the lookup id is HMAC-SHA256 under the intake pepper, a secret that never leaves the intake zone, so a
/// stolen database alone cannot be searched with candidate receipts. The feedback key is HKDF-SHA256 of the receipt
/// alone: casework, which never sees the receipt, receives the key inside the sealed report, and intake can
/// recompute it only while a reporter presents the receipt.
/// </remarks>
public sealed class ReceiptKeys(byte[] pepper)
{
    public const int PepperLength = 32;
    public const int LookupIdLength = 32;

    private static readonly byte[] LookupLabel = "jebo/receipt-lookup/v1:"u8.ToArray();
    private static readonly byte[] FeedbackSalt = "jebo/receipt-feedback/v1"u8.ToArray();

    private readonly byte[] pepper =
        pepper.Length == PepperLength
            ? pepper
            : throw new ArgumentException($"the pepper must be {PepperLength} bytes", nameof(pepper));

    public byte[] LookupId(Receipt receipt)
    {
        var input = new byte[LookupLabel.Length + Receipt.Length];
        LookupLabel.CopyTo(input, 0);
        Encoding.ASCII.GetBytes(receipt.Canonical, input.AsSpan(LookupLabel.Length));
        return HMACSHA256.HashData(pepper, input);
    }

    public static byte[] FeedbackKey(Receipt receipt) =>
        HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            Encoding.ASCII.GetBytes(receipt.Canonical),
            FeedbackCipher.KeyLength,
            FeedbackSalt
        );
}
