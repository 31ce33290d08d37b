using System.Globalization;
using System.Text.Json;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;

namespace Jebo.Intake.Transfer;

/// <summary>A status bundle whose every record has been read and checked: the receipts casework issued for clues
/// entered by hand (<see cref="ReceiptRegistration"/>), the statuses, and the acknowledgement.</summary>
public sealed record OpenedStatus(
    IReadOnlyList<(Guid ReportId, StatusRecord Status)> Statuses,
    Acknowledgement Acknowledgement,
    IReadOnlyList<(Guid ReportId, byte[] Registration)> Registrations
);

/// <summary>
/// Applies status bundles from casework — the public status and encrypted messages of each report, the
/// acknowledgement that lets intake delete the sealed copies casework holds, and the bundles an operator there
/// acknowledged as lost, which intake stops waiting for — with the same checks casework applies to report bundles
/// (<see cref="BundleReceiver{TOpened}"/>).
/// </summary>
/// <remarks>Security: a status bundle is believed only when a casework signing key installed here verifies it and it
/// fits the chain; anything else is quarantined, never applied. Sealed copies are deleted only for bundles intake
/// actually wrote and casework names as held. Several intake nodes may share one database: each bundle is applied
/// inside one exclusive transaction (<see cref="ExclusiveTransaction"/>), and a node that finds the bundle already
/// applied by another when it gets the lock changes nothing.</remarks>
public sealed class StatusInbox(
    IntakeDb db,
    IntakeKeys keys,
    IntakeOptions options,
    TimeProvider time,
    WriterTurns turns,
    ILogger<StatusInbox> logger
)
    : BundleReceiver<OpenedStatus>(
        BundleKind.Status,
        Sender,
        new ReceiverFolders(options.InboundSpool, options.QuarantineFolder, options.InboxLockFile),
        time
    )
{
    public const string Sender = "casework";

    /// <summary>Serialises applying status bundles across intake nodes.</summary>
    public static readonly long ApplyLockKey = ExclusiveTransaction.Key("JEBOSTIN");

    /// <summary>Generous bounds on one report's status record: more is not a status but a malfunction or an
    /// attack.</summary>
    public const int MaxMessages = StatusRecord.MaxMessages;

    public const int MaxMessageBytes = StatusRecord.MaxMessageBytes;

    protected override PublicKey? TrustedKey(string keyId) => keys.CaseworkSigning.GetValueOrDefault(keyId);

    protected override async Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken)
    {
        var near = await db
            .InboundStatusBundles.AsNoTracking()
            .Where(b => b.Sequence >= sequence - 1 && b.Sequence <= sequence + 1)
            .Select(b => new AppliedBundle(b.Sequence, b.Hash, b.PreviousHash))
            .ToListAsync(cancellationToken);
        var lost = await db
            .InboundStatusGaps.AsNoTracking()
            .Where(g => g.From <= sequence && g.Through >= sequence - 1)
            .Select(g => new { g.From, g.Through })
            .ToListAsync(cancellationToken);
        return new Neighbourhood(
            await ThroughAsync(cancellationToken),
            near.Find(b => b.Sequence == sequence),
            near.Find(b => b.Sequence == sequence - 1),
            near.Find(b => b.Sequence == sequence + 1),
            lost.Exists(g => g.From <= sequence - 1 && sequence - 1 <= g.Through),
            lost.Exists(g => g.From <= sequence && sequence <= g.Through)
        );
    }

    /// <summary>The highest status bundle applied or acknowledged as lost.</summary>
    public async Task<long> ThroughAsync(CancellationToken cancellationToken) =>
        Math.Max(
            await db.InboundStatusBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0,
            await db.InboundStatusGaps.MaxAsync(g => (long?)g.Through, cancellationToken) ?? 0
        );

    protected override OpenedStatus Open(Bundle bundle)
    {
        var statuses = new List<(Guid, StatusRecord)>();
        for (var i = 0; i < bundle.Records.Count; i++)
        {
            var record = bundle.Records[i];
            if (record.Type == RecordType.ReceiptRegistration)
            {
                continue; // read below, all together
            }

            if (record.Type != RecordType.Status)
            {
                if (RecordTypes.MayBeSkipped(record.Type))
                {
                    continue;
                }

                if (Enum.IsDefined(record.Type))
                {
                    throw new BundleRejectedException(
                        $"record {i + 1} is a {RecordTypes.Name(record.Type)} record, which a status bundle cannot "
                            + $"carry"
                    );
                }

                throw new BundleNotYetReadableException(
                    $"record {i + 1} is of {RecordTypes.Name(record.Type)}, which this build of intake does not know"
                );
            }

            StatusRecord status;
            try
            {
                status = TransferJson.Deserialize<StatusRecord>(record.Payload);
            }
            catch (JsonException)
            {
                throw new BundleRejectedException($"record {i + 1} is not a valid status record");
            }

            if (
                !Enum.IsDefined(status.Status)
                || status.Messages is null
                || status.Messages.Count > MaxMessages
                || status.Messages.Any(m => m?.Ciphertext is null || m.Ciphertext.Length > MaxMessageBytes)
                || status.Result?.Length > MaxMessageBytes
                || status.Protection?.Length > MaxMessageBytes
                || status.Reward?.Length > MaxMessageBytes
            )
            {
                throw new BundleRejectedException(
                    $"record {i + 1} holds a status or messages outside what intake accepts"
                );
            }

            statuses.Add((record.Id, status));
        }

        return new OpenedStatus(
            statuses,
            Acknowledgement.From(bundle.Header),
            ReceiptRegistration.Read(bundle.Records)
        );
    }

    protected override Task<int> OpenAndApplyAsync(
        Bundle bundle,
        Placement placement,
        CancellationToken cancellationToken
    ) => ApplyAsync(bundle, Open(bundle), placement, cancellationToken);

    private async Task<int> ApplyAsync(
        Bundle bundle,
        OpenedStatus opened,
        Placement placement,
        CancellationToken cancellationToken
    )
    {
        var now = Time.GetUtcNow();
        IReadOnlyList<long> forgotten;
        int lost;
        int registered;
        var changed = 0;
        db.ChangeTracker.Clear();
        using (await turns.TakeAsync(db, cancellationToken))
        await using (var transaction = await ExclusiveTransaction.BeginAsync(db, ApplyLockKey, cancellationToken))
        {
            if (await db.InboundStatusBundles.AnyAsync(b => b.Sequence == bundle.Header.Sequence, cancellationToken))
            {
                // Another node applied it while this one waited for the lock (the receiver's checks ran before).
                return 0;
            }

            registered = await RegisterAsync(opened.Registrations, now, cancellationToken);
            var ids = opened.Statuses.Select(s => s.ReportId).ToList();
            var reports = await db
                .Reports.Where(r => ids.Contains(r.Id))
                .ToDictionaryAsync(r => r.Id, cancellationToken);
            foreach (var (reportId, status) in opened.Statuses)
            {
                // Status records carry each report's latest state: an older one (from a late bundle) never overwrites a
                // newer.
                if (
                    reports.TryGetValue(reportId, out var report)
                    && (status.UpdatedAt >= report.StatusUpdatedAt || report.Status == "received")
                )
                {
                    report.Status = status.Status.Code();
                    report.StatusUpdatedAt = status.UpdatedAt;
                    report.Messages = status.Messages.Count == 0 ? null : TransferJson.Serialize(status.Messages);
                    report.Result = status.Result;
                    // A casework that predates protection sends none: what intake holds stays.
                    report.Protection = status.Protection ?? report.Protection;
                    report.Reward = status.Reward ?? report.Reward;
                    changed++;
                }
            }

            db.InboundStatusBundles.Add(
                new InboundStatusBundle
                {
                    Sequence = bundle.Header.Sequence,
                    Hash = bundle.Hash,
                    PreviousHash = bundle.Header.PreviousHash,
                    AppliedAt = now,
                    RecordCount = bundle.Records.Count,
                }
            );
            await db.SaveChangesAsync(cancellationToken);
            forgotten = await ForgetImportedAsync(opened.Acknowledgement, now, cancellationToken);
            lost = await MarkLostAsync(opened.Acknowledgement.Lost, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        // Only after the commit: a spool file of an acknowledged bundle is no longer needed by anyone.
        foreach (var sequence in forgotten)
        {
            BundleSpool.Remove(
                Path.Combine(options.OutboundSpool, BundleFormat.FileName(BundleKind.Reports, sequence))
            );
        }

        logger.LogInformation(
            "Applied status bundle {Sequence}: {Registered} receipt(s) of clues entered by hand registered; "
                + "{Changed} status(es); casework holds report bundles through {Through}; {Forgotten} bundle(s) "
                + "forgotten here; {Lost} more acknowledged as lost at casework, kept sealed until retention",
            bundle.Header.Sequence,
            registered,
            changed,
            opened.Acknowledgement.Through,
            forgotten.Count,
            lost
        );
        return changed;
    }

    /// <summary>Creates the row of each report casework registered a receipt for (a clue entered by hand), indexed by
    /// the registration until the reporter's first look-up re-indexes it under the pepper
    /// (<c>Status/StatusLookup</c>). Returns how many rows were created.</summary>
    /// <remarks>Security: a registration never overwrites anything: casework sends it with every status of the report
    /// (so a lost bundle is made good by the next), and a report intake holds — registered before, or a portal report
    /// under the same id — keeps its row and its lookup; one whose value another row holds already (only a forger with
    /// casework's signing key and intake's database could make one) is skipped too, with a warning. The row has no
    /// sealed copy and bundle number 0: nothing of it travels back to casework, which holds the report, and its
    /// follow-ups may travel at once.</remarks>
    private async Task<int> RegisterAsync(
        IReadOnlyList<(Guid ReportId, byte[] Registration)> registrations,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var created = 0;
        foreach (var (reportId, registration) in registrations)
        {
            if (await db.Reports.AnyAsync(r => r.Id == reportId, cancellationToken))
            {
                continue; // registered before, or already looked up: casework repeats it with every status
            }

            if (await db.Reports.AnyAsync(r => r.LookupId == registration, cancellationToken))
            {
                logger.LogWarning(
                    "A receipt registration in a status bundle names a lookup value another report holds; skipped"
                );
                continue;
            }

            db.Reports.Add(
                new IntakeReport
                {
                    Id = reportId,
                    LookupId = registration,
                    ReceivedAt = StoredTime.Coarse(now),
                    StatusUpdatedAt = StoredTime.Coarse(now),
                    BundleSequence = RegisteredBundle,
                }
            );
            created++;
        }

        // Saved now, so the statuses of the same bundle find the new rows.
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <summary>The bundle number of a report casework registered: it never travelled to casework, which holds it
    /// already (casework's hand-entered reports carry bundle 0 too).</summary>
    public const long RegisteredBundle = 0;

    /// <summary>Casework holds these bundles: the sealed copies here are no longer needed. Only bundles intake wrote
    /// count; an acknowledgement of more than that is logged, never believed. A bundle declared lost that casework
    /// holds after all is no longer lost.</summary>
    private async Task<IReadOnlyList<long>> ForgetImportedAsync(
        Acknowledgement acknowledgement,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var highestWritten = await db
            .OutboundBundles.Where(b => b.WrittenAt != null)
            .MaxAsync(b => (long?)b.Sequence, cancellationToken)
            ?? 0;
        if (acknowledgement.Highest > highestWritten)
        {
            logger.LogWarning(
                "Casework acknowledges report bundles through {Acknowledged}, but intake has written only through "
                    + "{Written}: was the intake database restored from a backup?",
                acknowledgement.Highest,
                highestWritten
            );
        }

        var open = await db
            .OutboundBundles.Where(b =>
                (b.AcknowledgedAt == null || b.DeclaredLostAt != null)
                && b.WrittenAt != null
                && b.Sequence <= acknowledgement.Highest
            )
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        var covered = open.Where(acknowledgement.Covers).ToList();
        if (covered.Count == 0)
        {
            return covered;
        }

        await SealedCopies.ForgetAsync(db, covered, now, cancellationToken);
        await db
            .OutboundBundles.Where(b => covered.Contains(b.Sequence) && b.DeclaredLostAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.DeclaredLostAt, (DateTimeOffset?)null), cancellationToken);
        return covered;
    }

    /// <summary>An operator at casework acknowledged these bundles as lost: intake stops waiting for them (they leave
    /// <c>transfer status</c>'s unacknowledged and the lag metric) but keeps their sealed copies, so they can still be
    /// carried, until <c>Retention/IntakeRetention</c> removes them. Only bundles intake wrote and casework has not
    /// acknowledged are marked; the first acknowledgement's time stays. Returns how many were marked.</summary>
    private async Task<int> MarkLostAsync(IReadOnlyList<LostRange> lost, CancellationToken cancellationToken)
    {
        if (lost.Count == 0)
        {
            return 0;
        }

        var (from, through) = (lost[0].From, lost[^1].Through);
        var waiting = await db
            .OutboundBundles.Where(b =>
                b.AcknowledgedAt == null
                && b.DeclaredLostAt == null
                && b.WrittenAt != null
                && b.Sequence >= from
                && b.Sequence <= through
            )
            .Select(b => b.Sequence)
            .ToListAsync(cancellationToken);
        var marked = 0;
        foreach (var range in lost)
        {
            var these = waiting.Where(s => s >= range.From && s <= range.Through).ToList();
            if (these.Count > 0)
            {
                marked += await db
                    .OutboundBundles.Where(b => these.Contains(b.Sequence))
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(b => b.DeclaredLostAt, (DateTimeOffset?)range.At),
                        cancellationToken
                    );
            }
        }

        return marked;
    }

    protected override Task OnQuarantinedAsync(
        string name,
        string folder,
        string hash,
        long? sequence,
        string reason,
        CancellationToken cancellationToken
    )
    {
        logger.LogWarning(
            "Status bundle {File} quarantined in {Folder}: {Reason}",
            name,
            Path.GetRelativePath(options.ZoneFolder, folder),
            reason
        );
        return Task.CompletedTask;
    }

    /// <summary>Records an operator's decision that the status bundles after the last one applied, through
    /// <paramref name="through"/>, are lost, so later ones are applied; a lost one that turns up is still
    /// applied.</summary>
    public async Task<SequenceRange> AcknowledgeGapAsync(
        long through,
        string reason,
        string by,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new GapAcknowledgementException("give the reason for acknowledging the gap (--reason)");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var from = await ThroughAsync(cancellationToken) + 1;
        if (through < from)
        {
            throw new GapAcknowledgementException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"there is no gap through {through}: status bundles through {from - 1} are applied or acknowledged "
                        + $"already"
                )
            );
        }

        db.InboundStatusGaps.Add(
            new InboundStatusGap
            {
                Id = Guid.NewGuid(),
                From = from,
                Through = through,
                Reason = reason.Trim(),
                By = by,
                At = Time.GetUtcNow(),
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning(
            "Status bundles {From}–{Through} acknowledged as lost by {By}: {Reason}",
            from,
            through,
            by,
            reason.Trim()
        );
        return new SequenceRange(from, through);
    }
}
