using System.Security.Cryptography;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Receipts;
using Jebo.Intake.Transfer;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using Jebo.Transfer.Status;

namespace Jebo.Intake.Reports;

/// <summary>Receives a validated report: gives it a receipt, seals it to casework and commits it durably.
/// The API and the form both come here, so they cannot disagree.</summary>
/// <remarks>Security: a report's limits are decided for good here and in <see cref="AttachmentClaims"/>, whichever
/// way it came (form or API, one post or many): its files' number and total size, and whether it can travel to
/// casework in one bundle. A report over any of them is refused before its row commits, so it is never acknowledged
/// with a receipt (the callers answer 413).</remarks>
public sealed class ReportIntake(
    GroupCommit commits,
    IntakeDb db,
    IntakeKeys keys,
    ReceiptKeys receiptKeys,
    IntakeOptions options,
    TimeProvider time,
    Monitoring.IntakeMetrics metrics
)
{
    /// <summary>Seals and stores the report; returns the receipt once the row is committed.</summary>
    /// <param name="report">A report the validator accepted.</param>
    /// <param name="marks">Intake's abuse signals for casework.</param>
    /// <param name="attachments">Pending attachments (see <see cref="Attachments.AttachmentIntake"/>) the report
    /// claims.</param>
    /// <param name="cancellationToken">Stops before the commit.</param>
    /// <exception cref="AttachmentsExpiredException">Some attachment is no longer pending (expired or already
    /// sent).</exception>
    /// <exception cref="ReportTooLargeException">Too many files, files too large together, or too large to
    /// travel.</exception>
    public async Task<Receipt> SubmitAsync(
        ReportContent report,
        IReadOnlyList<string> marks,
        IReadOnlyList<Guid> attachments,
        CancellationToken cancellationToken
    )
    {
        var receipt = Receipt.New();
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        // The reporter sees at once that their request for protection arrived; only the receipt opens it.
        var protection = report.Reporter is { Protection: true } ? ProtectionRequested(receipt, id, now) : null;
        var plaintext = TransferJson.Serialize(
            new SealedReportPlaintext(
                1,
                id,
                now,
                ReceiptDerivation.FeedbackKey(receipt),
                report,
                marks,
                attachments.Count == 0 ? null : attachments
            )
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

        var row = new IntakeReport
        {
            Id = id,
            LookupId = receiptKeys.LookupId(receipt),
            Sealed = sealedBox,
            ReceivedAt = StoredTime.Coarse(now),
            StatusUpdatedAt = StoredTime.Coarse(now),
            Protection = protection,
        };
        if (attachments.Count == 0)
        {
            if (ReportSize.InBundle(sealedBox.Length, []) > options.MaxTravelBytes)
            {
                throw new ReportTooLargeException();
            }

            // The receipt goes out only after this returns, that is after the row's group is committed durably.
            await commits.InsertAsync(row, cancellationToken);
            metrics.Accepted();
            return receipt;
        }

        // The report and the claim on its files commit together, outside the group: a report never names a file it
        // does not carry.
        await AttachmentClaims.CommitAsync(
            db,
            options,
            row,
            sealedBox.Length,
            attachments,
            id,
            null,
            cancellationToken
        );
        metrics.Accepted();
        return receipt;
    }

    public Task<Receipt> SubmitAsync(
        ReportContent report,
        IReadOnlyList<string> marks,
        CancellationToken cancellationToken
    ) => SubmitAsync(report, marks, [], cancellationToken);

    private static byte[] ProtectionRequested(Receipt receipt, Guid reportId, DateTimeOffset at)
    {
        var feedbackKey = ReceiptDerivation.FeedbackKey(receipt);
        try
        {
            return new PublicProtection(PublicProtection.Requested, at).Encrypt(feedbackKey, reportId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(feedbackKey);
        }
    }
}

/// <summary>A report whose files are too many or too large together, or which with them could not travel in one
/// bundle.</summary>
public sealed class ReportTooLargeException() : Exception("the report with its files is over the limits");

/// <summary>A report named attachments that are no longer pending: expired, discarded, or already sent with
/// another.</summary>
public sealed class AttachmentsExpiredException() : Exception("some attachments are no longer pending");
