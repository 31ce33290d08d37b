using System.Security.Cryptography;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Reports;
using Jebo.Intake.Transfer;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.FollowUps;

/// <summary>What a reporter sends about a report they hold the receipt of: words, a request for protection, contact
/// details given now, files received and sealed already (<see cref="Attachments.AttachmentIntake"/>), a reward claim
/// (<c>POST /api/v1/followups</c>, <c>POST /api/v1/contact</c>, <c>POST /api/v1/rewards</c> and the status page's
/// forms).</summary>
public sealed record FollowUpSubmission(
    string Text,
    bool Protection = false,
    LaterContact? Contact = null,
    IReadOnlyList<FollowUpFile>? Attachments = null,
    RewardClaim? Reward = null
);

/// <summary>A file received for a follow-up (<see cref="Attachments.AttachmentReceipt"/>): the pending attachment and
/// the plain name shown back to the reporter.</summary>
public sealed record FollowUpFile(Guid Id, string Name);

/// <summary>Seals and stores more words from a reporter for a report they hold the receipt of, bound to that receipt
/// (<see cref="FollowUpMac"/>) so casework can tell them from words intake made up; and keeps the reporter's own copy
/// encrypted to that receipt (<see cref="FollowUpCopy"/>).</summary>
/// <remarks>Security: a request for protection, contact details and a reward claim travel only inside the sealed box,
/// covered by the MAC; the reporter's copy records that protection or a reward was asked for but never holds a name,
/// phone, bank or account, so intake's database keeps nothing of them even encrypted. Files are claimed within a
/// report's limits (<see cref="AttachmentClaims"/>) and named in the MAC by id and header hash.</remarks>
public sealed class FollowUpIntake(
    GroupCommit commits,
    IntakeDb db,
    IntakeKeys keys,
    IntakeOptions options,
    TimeProvider time
)
{
    public const int MaxText = 10_000;

    /// <summary>Seals and stores the follow-up, with the pending files it names.</summary>
    /// <exception cref="AttachmentsExpiredException">Some file is no longer pending.</exception>
    /// <exception cref="ReportTooLargeException">Its files are over a report's limits.</exception>
    public async Task SubmitAsync(
        Guid reportId,
        Receipt receipt,
        FollowUpSubmission submission,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var (text, protection, contact, attachmentIds, reward) = submission;
        var attachments = await NameFilesAsync(attachmentIds ?? [], cancellationToken);
        var followUp = new SealedFollowUpPlaintext(
            SealedFollowUpPlaintext.VersionFor(protection, contact, attachments.Count, reward),
            id,
            reportId,
            now,
            text,
            Protection: protection,
            Contact: contact,
            Attachments: attachments.Count == 0 ? null : [.. attachments.Select(a => a.Named)],
            Reward: reward
        );
        var feedbackKey = ReceiptDerivation.FeedbackKey(receipt);
        byte[]? reporterCopy;
        try
        {
            followUp = followUp with { Mac = FollowUpMac.Compute(feedbackKey, followUp) };
            // Contact details sent alone add nothing to the conversation: no copy is kept of them.
            reporterCopy =
                text.Length > 0 || protection || attachments.Count > 0 || reward is not null
                    ? new FollowUpCopy(
                        now,
                        text,
                        protection,
                        attachments.Count == 0 ? null : [.. attachments.Select(a => a.Name)],
                        reward is not null
                    ).Encrypt(feedbackKey, reportId)
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

        var row = new IntakeFollowUp
        {
            Id = id,
            ReportId = reportId,
            Sealed = sealedBox,
            ReporterCopy = reporterCopy,
            ReceivedAt = StoredTime.Coarse(now),
        };
        if (attachments.Count == 0)
        {
            await commits.InsertAsync(row, cancellationToken);
            return;
        }

        // The follow-up and the claim on its files commit together: a follow-up never names a file it does not carry.
        await AttachmentClaims.CommitAsync(
            db,
            options,
            row,
            ReportSize.FollowUpRecord(sealedBox.Length),
            [.. attachments.Select(a => a.Named.Id)],
            reportId,
            id,
            cancellationToken
        );
    }

    /// <summary>The pending files named, each with the hash of its sealed header and the plain name the reporter's
    /// device gave (for the reporter's own copy); throws when one is no longer pending.</summary>
    private async Task<List<(FollowUpAttachment Named, string Name)>> NameFilesAsync(
        IReadOnlyList<FollowUpFile> files,
        CancellationToken cancellationToken
    )
    {
        if (files.Count == 0)
        {
            return [];
        }

        var names = files.GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First().Name);
        var distinct = names.Keys.ToList();
        var headers = await db
            .Attachments.AsNoTracking()
            .Where(a => distinct.Contains(a.Id) && a.ReportId == null && a.Complete)
            .Select(a => new { a.Id, a.Header })
            .ToDictionaryAsync(a => a.Id, a => a.Header, cancellationToken);
        if (headers.Count != distinct.Count)
        {
            throw new AttachmentsExpiredException();
        }

        return [.. distinct.Select(id => (new FollowUpAttachment(id, SHA256.HashData(headers[id])), names[id]))];
    }
}
