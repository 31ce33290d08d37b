using System.Security.Cryptography;
using System.Text;
using Jebo.Transfer.Feedback;

namespace Jebo.Transfer.Receipts;

/// <summary>
/// What either zone derives from a receipt without any secret of its own: the feedback key messages to the reporter
/// are encrypted with, and the registration a hand-entered clue's receipt travels to intake as.
/// </summary>
/// <remarks>
/// Security: intake derives both while a reporter presents the receipt, casework only at the moment it issues a
/// receipt for a clue entered by hand (<c>Casework/Transfer/ClueEntry</c>); neither keeps the receipt. The feedback
/// key is HKDF-SHA256 of the receipt; the registration is a labelled SHA-256 of it, a different function, so knowing
/// one tells nothing of the other. Both are only as strong as the receipt's <see cref="Receipt.Bits"/> random bits:
/// 2^100 candidates make a search of either from a stolen database hopeless, which is why the registration needs no
/// pepper (docs/threat-model.md). Intake's own lookup id is keyed by its pepper (<c>Intake/Receipts/ReceiptKeys</c>).
/// </remarks>
public static class ReceiptDerivation
{
    public const int RegistrationLength = 32;

    private static readonly byte[] FeedbackSalt = "jebo/receipt-feedback/v1"u8.ToArray();
    private static readonly byte[] RegistrationLabel = "jebo/receipt-registration/v1:"u8.ToArray();

    /// <summary>HKDF-SHA256 of the receipt's canonical characters, salt <c>jebo/receipt-feedback/v1</c>.</summary>
    public static byte[] FeedbackKey(Receipt receipt) =>
        HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            Encoding.ASCII.GetBytes(receipt.Canonical),
            FeedbackCipher.KeyLength,
            FeedbackSalt
        );

    /// <summary>SHA-256 of <c>jebo/receipt-registration/v1:</c> followed by the receipt's canonical
    /// characters.</summary>
    public static byte[] Registration(Receipt receipt)
    {
        var input = new byte[RegistrationLabel.Length + Receipt.Length];
        RegistrationLabel.CopyTo(input, 0);
        Encoding.ASCII.GetBytes(receipt.Canonical, input.AsSpan(RegistrationLabel.Length));
        return SHA256.HashData(input);
    }
}
