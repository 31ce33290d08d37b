using System.Security.Cryptography;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;

namespace Jebo.Intake.Reports;

/// <summary>Receives a validated report: gives it a receipt, seals it to casework and commits it durably.
/// The API and the form both come here, so they cannot disagree.</summary>
public sealed class ReportIntake(GroupCommit commits, IntakeKeys keys, ReceiptKeys receiptKeys, TimeProvider time)
{
    /// <summary>Seals and stores the report; returns the receipt once the row is committed.</summary>
    public async Task<Receipt> SubmitAsync(ReportContent report, IReadOnlyList<string> marks, CancellationToken cancellationToken)
    {
        var receipt = Receipt.New();
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var plaintext = TransferJson.Serialize(new SealedReportPlaintext(1, id, now, ReceiptKeys.FeedbackKey(receipt), report, marks));
        byte[] sealedBox;
        try
        {
            sealedBox = SealedBox.Seal(keys.CaseworkSealing, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        // The receipt goes out only after this returns, that is after the row's group is committed durably.
        await commits.InsertAsync(new IntakeReport
        {
            Id = id,
            LookupId = receiptKeys.LookupId(receipt),
            Sealed = sealedBox,
            ReceivedAt = CoarseTime(now),
            StatusUpdatedAt = CoarseTime(now),
        }, cancellationToken);
        return receipt;
    }

    /// <summary>Intake keeps times to the hour only: the exact time travels sealed, so a stolen intake database cannot be
    /// matched against network logs to find who reported.</summary>
    public static DateTimeOffset CoarseTime(DateTimeOffset at) =>
        new(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
}
