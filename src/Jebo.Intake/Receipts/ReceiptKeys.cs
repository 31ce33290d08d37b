using System.Security.Cryptography;
using System.Text;
using Jebo.Transfer.Receipts;

namespace Jebo.Intake.Receipts;

/// <summary>
/// Derives from a receipt the value intake indexes reports by: the lookup id. The feedback key messages to the
/// reporter are encrypted with is derived without a secret (<see cref="ReceiptDerivation"/>), since casework derives
/// it too for a receipt it issues.
/// </summary>
/// <remarks>
/// Security: the lookup id is HMAC-SHA256 under the intake pepper, a secret that never leaves the intake zone, so a
/// stolen database alone cannot be searched with candidate receipts. The feedback key is HKDF-SHA256 of the receipt
/// alone: casework, which never sees a portal report's receipt, receives the key inside the sealed report, and intake
/// can recompute it only while a reporter presents the receipt.
/// </remarks>
public sealed class ReceiptKeys(byte[] pepper)
{
    public const int PepperLength = 32;
    public const int LookupIdLength = 32;

    private static readonly byte[] LookupLabel = "jebo/receipt-lookup/v1:"u8.ToArray();

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
}
