using System.Text.Json;
using Jebo.Intake.Data;
using Jebo.Intake.Receipts;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Status;

/// <summary>A report's public status as the reporter reads it.</summary>
public sealed record StatusView(string Status, DateTimeOffset UpdatedAt, IReadOnlyList<StatusMessageView> Messages);

/// <summary>A message from the office, decrypted with the receipt.</summary>
public sealed record StatusMessageView(DateTimeOffset At, string Text);

/// <summary>Finds a report by receipt and decrypts its messages with the receipt-derived key.</summary>
/// <remarks>Security: a known and an unknown receipt cost the same work (one HMAC, one index probe, one key derivation
/// and one decryption), so answer times do not tell whether a guess came close.</remarks>
public sealed class StatusLookup(IntakeDb db, ReceiptKeys receiptKeys)
{
    private static readonly byte[] DecoyMessage = new byte[64];

    public async Task<(Guid ReportId, StatusView View)?> FindAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        var lookupId = receiptKeys.LookupId(receipt);
        var row = await db.Reports.AsNoTracking()
            .Where(r => r.LookupId == lookupId)
            .Select(r => new { r.Id, r.Status, r.StatusUpdatedAt, r.Messages })
            .FirstOrDefaultAsync(cancellationToken);
        var feedbackKey = ReceiptKeys.FeedbackKey(receipt);
        if (row is null)
        {
            _ = FeedbackCipher.Decrypt(feedbackKey, Guid.Empty, DecoyMessage);
            return null;
        }

        var messages = row.Messages is null ? [] : JsonSerializer.Deserialize<List<StatusMessage>>(row.Messages, TransferJson.Options) ?? [];
        var views = new List<StatusMessageView>(messages.Count);
        foreach (var message in messages)
        {
            if (FeedbackCipher.Decrypt(feedbackKey, row.Id, message.Ciphertext) is { } text)
            {
                views.Add(new StatusMessageView(message.At, text));
            }
        }

        return (row.Id, new StatusView(row.Status, row.StatusUpdatedAt, views));
    }
}
