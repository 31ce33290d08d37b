using System.Security.Cryptography;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;

namespace Jebo.Intake.FollowUps;

/// <summary>Seals and stores more words from a reporter for a report they hold the receipt of, bound to that receipt
/// (<see cref="FollowUpMac"/>) so casework can tell them from words intake made up; and keeps the reporter's own copy
/// encrypted to that receipt (<see cref="FollowUpCopy"/>).</summary>
public sealed class FollowUpIntake(GroupCommit commits, IntakeKeys keys, TimeProvider time)
{
    public const int MaxText = 10_000;

    public async Task SubmitAsync(Guid reportId, Receipt receipt, string text, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var feedbackKey = ReceiptKeys.FeedbackKey(receipt);
        byte[] mac;
        byte[] reporterCopy;
        try
        {
            mac = FollowUpMac.Compute(feedbackKey, id, reportId, now, text);
            reporterCopy = new FollowUpCopy(now, text).Encrypt(feedbackKey, reportId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(feedbackKey);
        }

        var plaintext = TransferJson.Serialize(
            new SealedFollowUpPlaintext(SealedFollowUpPlaintext.CurrentVersion, id, reportId, now, text, mac)
        );
        byte[] sealedBox;
        try
        {
            sealedBox = SealedBox.Seal(keys.CaseworkSealing, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        await commits.InsertAsync(
            new IntakeFollowUp
            {
                Id = id,
                ReportId = reportId,
                Sealed = sealedBox,
                ReporterCopy = reporterCopy,
                ReceivedAt = StoredTime.Coarse(now),
            },
            cancellationToken
        );
    }
}
