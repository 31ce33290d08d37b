using System.Text.Json;
using Jebo.Intake.Data;
using Jebo.Intake.FollowUps;
using Jebo.Intake.Receipts;
using Jebo.Storage;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Status;

/// <summary>A report's public status as the reporter reads it: the office's messages, the published result (null
/// until there is one), the reporter's own follow-ups and where their request for protection stands (null when they
/// made none), and where their reward claim stands (null when they made none).</summary>
public sealed record StatusView(
    string Status,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StatusMessageView> Messages,
    PublicResult? Result = null,
    IReadOnlyList<StatusMessageView>? FollowUps = null,
    PublicProtection? Protection = null,
    PublicReward? Reward = null
)
{
    /// <summary>The office's messages and the reporter's follow-ups in the order they were written.</summary>
    public IReadOnlyList<(StatusMessageView Entry, bool FromReporter)> Conversation =>
        [.. Messages.Select(m => (m, false)).Concat((FollowUps ?? []).Select(f => (f, true))).OrderBy(e => e.Item1.At)];
}

/// <summary>A message from the office, or a follow-up of the reporter's, decrypted with the receipt; a follow-up names
/// the files it carried.</summary>
public sealed record StatusMessageView(DateTimeOffset At, string Text, IReadOnlyList<string>? Files = null);

/// <summary>Finds a report by receipt and decrypts its messages, result and the reporter's follow-ups with the
/// receipt-derived key. A report casework registered (a clue entered by hand,
/// <see cref="Jebo.Transfer.Receipts.ReceiptRegistration"/>) is found by its registration the first time and is then
/// re-indexed under the pepper.</summary>
/// <remarks>Security: a known and an unknown receipt cost the same work up to the answer's first difference (one HMAC,
/// one hash, one read of the row and its follow-ups by either value (<see cref="LookupReads"/>), one key derivation
/// and one decryption); only a found report's follow-ups are then decrypted, which its answer tells anyway. A receipt
/// is found whole or not at all, so no answer time tells whether a guess came close. Only the first look-up of a
/// registered receipt writes (the re-indexing), and only its holder can make it.</remarks>
public sealed class StatusLookup(IntakeDb db, ReceiptKeys receiptKeys, LookupReads reads)
{
    private static readonly byte[] DecoyMessage = new byte[64];

    /// <summary>The newest follow-ups shown: the per-receipt limit keeps a reporter far below it.</summary>
    public const int MaxFollowUps = StatusRecord.MaxMessages;

    public async Task<(Guid ReportId, StatusView View)?> FindAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        var lookupId = receiptKeys.LookupId(receipt);
        var registration = ReceiptDerivation.Registration(receipt);
        var row = await reads.ReadAsync(lookupId, registration, cancellationToken);
        var feedbackKey = ReceiptDerivation.FeedbackKey(receipt);
        if (row is null)
        {
            _ = FeedbackCipher.Decrypt(feedbackKey, Guid.Empty, DecoyMessage);
            return null;
        }

        if (!row.LookupId.AsSpan().SequenceEqual(lookupId))
        {
            await ReindexAsync(row.Id, registration, lookupId, cancellationToken);
        }

        var messages = row.Messages is null
            ? []
            : JsonSerializer.Deserialize<List<StatusMessage>>(row.Messages, TransferJson.Options) ?? [];
        var views = new List<StatusMessageView>(messages.Count);
        foreach (var message in messages)
        {
            if (FeedbackCipher.Decrypt(feedbackKey, row.Id, message.Ciphertext) is { } text)
            {
                views.Add(new StatusMessageView(message.At, text));
            }
        }

        // Casework's word on protection, unless the reporter asked again since (in a follow-up still on its way).
        var protection = row.Protection is null ? null : PublicProtection.Decrypt(feedbackKey, row.Id, row.Protection);
        // Likewise casework's word on a reward claim, unless intake took the claim since.
        var reward = row.Reward is null ? null : PublicReward.Decrypt(feedbackKey, row.Id, row.Reward);
        var followUps = new List<StatusMessageView>();
        foreach (var copy in row.FollowUps)
        {
            if (FollowUpCopy.Decrypt(feedbackKey, row.Id, copy) is not { } followUp)
            {
                continue;
            }

            if (followUp.Text.Length > 0 || followUp.Files is { Count: > 0 })
            {
                followUps.Add(new StatusMessageView(followUp.At, followUp.Text, followUp.Files));
            }

            if (followUp.Protection)
            {
                protection = PublicProtection.Latest(
                    protection,
                    new PublicProtection(PublicProtection.Requested, followUp.At)
                );
            }

            if (followUp.Reward)
            {
                reward = PublicReward.Latest(reward, new PublicReward(PublicReward.Claimed, followUp.At));
            }
        }

        var result = row.Result is null ? null : PublicResult.Decrypt(feedbackKey, row.Id, row.Result);
        return (
            row.Id,
            new StatusView(
                row.Status,
                row.StatusUpdatedAt,
                views,
                result,
                [.. followUps.OrderBy(f => f.At)],
                protection,
                reward
            )
        );
    }

    /// <summary>The first look-up of a registered receipt: the row is indexed from now on by the HMAC under the pepper,
    /// as a portal report is, and the unpeppered registration is gone from intake's database — overwritten in the
    /// SQLite file too (<see cref="SecureDeletion"/>). Concurrent first look-ups (or several intake nodes) write the
    /// same value; a row whose new lookup id another report holds is left as it is.</summary>
    private Task<int> ReindexAsync(
        Guid reportId,
        byte[] registration,
        byte[] lookupId,
        CancellationToken cancellationToken
    ) =>
        SecureDeletion.RunAsync(
            db,
            () =>
                db
                    .Reports.Where(r =>
                        r.Id == reportId && r.LookupId == registration && !db.Reports.Any(o => o.LookupId == lookupId)
                    )
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LookupId, lookupId), cancellationToken),
            cancellationToken
        );
}
