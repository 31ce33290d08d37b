using System.Security.Cryptography;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;

namespace Jebo.Intake.FollowUps;

/// <summary>What a reporter sends about a report they hold the receipt of: words, a request for protection, contact
/// details given now, a reward claim (<c>POST /api/v1/followups</c>, <c>POST /api/v1/contact</c>,
/// <c>POST /api/v1/rewards</c> and the status page's forms).</summary>
public sealed record FollowUpSubmission(
    string Text,
    bool Protection = false,
    LaterContact? Contact = null,
    RewardClaim? Reward = null
);

/// <summary>Seals and stores more words from a reporter for a report they hold the receipt of, bound to that receipt
/// (<see cref="FollowUpMac"/>) so casework can tell them from words intake made up; and keeps the reporter's own copy
/// encrypted to that receipt (<see cref="FollowUpCopy"/>).</summary>
/// <remarks>Security: a request for protection, contact details and a reward claim travel only inside the sealed box,
/// covered by the MAC; the reporter's copy records that protection or a reward was asked for but never holds a name,
/// phone, bank or account, so intake's database keeps nothing of them even encrypted.</remarks>
public sealed class FollowUpIntake(GroupCommit commits, IntakeKeys keys, TimeProvider time)
{
    public const int MaxText = 10_000;

    public async Task SubmitAsync(
        Guid reportId,
        Receipt receipt,
        FollowUpSubmission submission,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var (text, protection, contact, reward) = submission;
        var followUp = new SealedFollowUpPlaintext(
            SealedFollowUpPlaintext.VersionFor(protection, contact, reward),
            id,
            reportId,
            now,
            text,
            Protection: protection,
            Contact: contact,
            Reward: reward
        );
        var feedbackKey = ReceiptKeys.FeedbackKey(receipt);
        byte[]? reporterCopy;
        try
        {
            followUp = followUp with { Mac = FollowUpMac.Compute(feedbackKey, followUp) };
            // Contact details sent alone add nothing to the conversation: no copy is kept of them.
            reporterCopy =
                text.Length > 0 || protection || reward is not null
                    ? new FollowUpCopy(now, text, protection, reward is not null).Encrypt(feedbackKey, reportId)
                    : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(feedbackKey);
        }

        var plaintext = TransferJson.Serialize(followUp);
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
