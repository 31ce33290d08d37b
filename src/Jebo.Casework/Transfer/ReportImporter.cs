using System.Runtime.CompilerServices;
using System.Text.Json;
using Jebo.Casework.Attachments;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Keys;
using Jebo.Casework.Reports;
using Jebo.Casework.Sealing;
using Jebo.Storage;
using Jebo.Transfer.Attachments;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;

namespace Jebo.Casework.Transfer;

/// <summary>A report bundle whose every record has been opened and checked, ready to be written.</summary>
public sealed record OpenedBundle(
    Bundle Bundle,
    IReadOnlyList<OpenedReport> Reports,
    IReadOnlyList<SealedFollowUpPlaintext> FollowUps,
    IReadOnlyList<OpenedAttachment> Attachments);

/// <summary>A report opened and checked, with what casework stores of it: whether the reporter gave a name or phone,
/// and the content without them (the identity is kept apart, <see cref="ReporterIdentity"/>). Prepared while opening,
/// on every core, rather than on the single-threaded write path.</summary>
public sealed record OpenedReport(SealedReportPlaintext Sealed, bool Named, string Content)
{
    public Guid ReportId => Sealed.ReportId;

    public static OpenedReport Of(SealedReportPlaintext sealedReport)
    {
        var reporter = sealedReport.Report.Reporter ?? new ReporterContent();
        var named = !reporter.Anonymous && (!string.IsNullOrWhiteSpace(reporter.Name) || !string.IsNullOrWhiteSpace(reporter.Phone));
        var content = JsonSerializer.Serialize(sealedReport.Report with { Reporter = new ReporterContent { Anonymous = !named } }, TransferJson.Options);
        return new OpenedReport(sealedReport, named, content);
    }
}

/// <summary>An attachment whose every chunk opened at import; kept sealed (header and chunks) for storage.</summary>
public sealed record OpenedAttachment(Guid Id, Guid ReportId, AttachmentMetadata Metadata, long Length, string Sha256, byte[] Header, IReadOnlyList<byte[]> Chunks);

/// <summary>
/// Imports report bundles from intake (the checks are <see cref="BundleReceiver{TOpened}"/>'s, shared with intake's
/// status inbox): opens every record and writes the whole bundle in one transaction, the two overlapped, creating a
/// case per new report routed to its province, with one audit entry per case.
/// </summary>
/// <remarks>
/// Security: nothing is committed for a bundle that fails any check; it is quarantined with the reason, recorded as an
/// alert for administrators and auditors, and audited. A report or follow-up seen before (by id) is skipped, so a
/// bundle carried twice, or a late bundle overlapping a later one, changes nothing.
/// </remarks>
public sealed class ReportImporter(
    CaseworkDb db,
    CaseworkKeys keys,
    SealedBoxOpener opener,
    AuditLog audit,
    CaseRouting routing,
    CaseClock clock,
    CaseworkOptions options,
    TimeProvider time,
    ILogger<ReportImporter> logger)
    : BundleReceiver<OpenedBundle>(BundleKind.Reports, Sender, new ReceiverFolders(options.InboundSpool, options.QuarantineFolder, options.InboxLockFile), time)
{
    public const string Sender = "intake";

    protected override PublicKey? TrustedKey(string keyId) => keys.IntakeSigning.GetValueOrDefault(keyId);

    protected override Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken) =>
        InboundLedger.NeighbourhoodAsync(db, sequence, cancellationToken);

    /// <summary>Opens every record (for <c>jebo transfer verify</c> and the check before an import), on every core.</summary>
    protected override OpenedBundle Open(Bundle bundle)
    {
        CheckRecordTypes(bundle.Records);
        var batches = new OpenedBatch[RecordOpening.BatchCount(bundle.Records.Count)];
        Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b => batches[b] = OpenBatch(bundle.Records, b));
        if (Array.Find(batches, b => b.Error is not null) is { } bad)
        {
            throw new BundleRejectedException(bad.Error!);
        }

        var opened = batches.SelectMany(b => b.Records).ToList();
        var reports = opened.OfType<OpenedReport>().ToList();
        var attachments = opened.OfType<OpenedAttachment>().ToList();
        CheckAttachmentsMatch(reports, attachments);
        return new OpenedBundle(bundle, reports, [.. opened.OfType<SealedFollowUpPlaintext>()], attachments);
    }

    /// <summary>Opens and writes a bundle with the two overlapped: the records open in batches on every core while
    /// the batches already open are written, in record order, in the import's one transaction. A record that does not
    /// open stops the import before the commit, so the transaction rolls back and nothing of the bundle is kept.</summary>
    protected override async Task<int> OpenAndApplyAsync(Bundle bundle, Placement placement, CancellationToken cancellationToken)
    {
        CheckRecordTypes(bundle.Records);
        await using var opening = new RecordOpening(this, bundle.Records);
        return await WriteAsync(bundle, opening.InOrderAsync(cancellationToken), placement, cancellationToken);
    }

    /// <summary>A report bundle carries reports, follow-ups and attachments, and optional records a later version may
    /// add; anything else is refused, or waits for a build of casework that knows it.</summary>
    private static void CheckRecordTypes(IReadOnlyList<BundleRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var type = records[i].Type;
            if (type is RecordType.SealedReport or RecordType.SealedFollowUp or RecordType.SealedAttachment || RecordTypes.MayBeSkipped(type))
            {
                continue;
            }

            if (Enum.IsDefined(type))
            {
                throw new BundleRejectedException($"record {i + 1} is a {RecordTypes.Name(type)} record, which a report bundle cannot carry");
            }

            throw new BundleNotYetReadableException($"record {i + 1} is of {RecordTypes.Name(type)}, which this build of casework does not know");
        }
    }

    /// <summary>Opens one batch of records in order, stopping at the first that fails, so that the first failure in
    /// record order is the one reported whatever the scheduling.</summary>
    private OpenedBatch OpenBatch(IReadOnlyList<BundleRecord> records, int batch)
    {
        var end = Math.Min(records.Count, (batch + 1) * RecordOpening.BatchSize);
        var opened = new List<object>(RecordOpening.BatchSize);
        for (var i = batch * RecordOpening.BatchSize; i < end; i++)
        {
            try
            {
                if (OpenRecord(records[i], i) is { } record)
                {
                    opened.Add(record);
                }
            }
            catch (BundleRejectedException e)
            {
                return new OpenedBatch(opened, e.Message);
            }
        }

        return new OpenedBatch(opened, null);
    }

    private sealed record OpenedBatch(List<object> Records, string? Error);

    /// <summary>
    /// A bundle's records opening in batches, each taken in record order by one of as many threads as there are
    /// cores, while the import writes the batches already open. Opening is an X25519 agreement and an AEAD per record,
    /// about half an import's processor time; writing is the other half and runs on one thread, so overlapping the two
    /// keeps both cores busy (docs/benchmarks.md).
    /// </summary>
    private sealed class RecordOpening : IAsyncDisposable
    {
        public const int BatchSize = 500;

        private readonly ReportImporter importer;
        private readonly IReadOnlyList<BundleRecord> records;
        private readonly TaskCompletionSource<OpenedBatch>[] batches;
        private readonly Task[] workers;
        private int next = -1;
        private volatile bool stopped;

        public RecordOpening(ReportImporter importer, IReadOnlyList<BundleRecord> records)
        {
            this.importer = importer;
            this.records = records;
            batches = [.. Enumerable.Range(0, BatchCount(records.Count)).Select(_ => new TaskCompletionSource<OpenedBatch>(TaskCreationOptions.RunContinuationsAsynchronously))];
            // Threads of their own: pool threads busy opening would hold back the writer's continuations.
            workers = [.. Enumerable.Range(0, Math.Min(Environment.ProcessorCount, batches.Length))
                .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        }

        public static int BatchCount(int records) => (records + BatchSize - 1) / BatchSize;

        /// <summary>The batches in record order as they open; the first record that fails throws.</summary>
        public async IAsyncEnumerable<IReadOnlyList<object>> InOrderAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var batch in batches)
            {
                var opened = await batch.Task.WaitAsync(cancellationToken);
                if (opened.Error is not null)
                {
                    throw new BundleRejectedException(opened.Error);
                }

                yield return opened.Records;
            }
        }

        private void Work()
        {
            int batch;
            while (!stopped && (batch = Interlocked.Increment(ref next)) < batches.Length)
            {
                try
                {
                    batches[batch].SetResult(importer.OpenBatch(records, batch));
                }
                catch (Exception e)
                {
                    batches[batch].SetException(e);
                }
            }
        }

        /// <summary>Stops taking batches (the import failed or ended) and waits for the threads to finish theirs.</summary>
        public async ValueTask DisposeAsync()
        {
            stopped = true;
            await Task.WhenAll(workers);
        }
    }

    /// <summary>Opens an attachment record completely (every chunk authenticates, in order, up to the final one),
    /// counting and hashing the plaintext without keeping it.</summary>
    private OpenedAttachment OpenAttachment(BundleRecord record, int index)
    {
        var reportId = new Guid(record.Payload.AsSpan(0, 16), bigEndian: true);
        var body = record.Payload.AsSpan(16);
        AttachmentHeader header;
        try
        {
            header = AttachmentFormat.ReadHeader(body);
        }
        catch (InvalidDataException e)
        {
            throw new BundleRejectedException($"record {index + 1}: {e.Message}");
        }

        if (header.AttachmentId != record.Id)
        {
            throw new BundleRejectedException($"record {index + 1} holds an attachment whose id differs from the record's");
        }

        var opened = OpenOrThrow(header.SealedMetadata, index);
        AttachmentMetadata metadata;
        try
        {
            metadata = AttachmentFormat.ReadMetadata(opened);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new BundleRejectedException($"record {index + 1} holds attachment metadata that is not valid");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(opened);
        }

        var chunks = body[header.Length..];
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        long length;
        try
        {
            using var chunkOpener = new AttachmentChunkOpener(header, metadata.Key);
            length = chunkOpener.OpenAll(chunks, plaintext => hash.AppendData(plaintext));
        }
        catch (InvalidDataException e)
        {
            throw new BundleRejectedException($"record {index + 1}: {e.Message}");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(metadata.Key);
        }

        var sealedChunk = header.ChunkSize + AttachmentFormat.TagLength;
        var pieces = new List<byte[]>();
        for (var at = 0; at < chunks.Length; at += sealedChunk)
        {
            pieces.Add(chunks.Slice(at, Math.Min(sealedChunk, chunks.Length - at)).ToArray());
        }

        return new OpenedAttachment(record.Id, reportId, metadata with { Key = [] }, length, Convert.ToHexStringLower(hash.GetHashAndReset()),
            body[..header.Length].ToArray(), pieces);
    }

    /// <summary>Every file a report names travels with it, and every file travels with the report that names it.</summary>
    private static void CheckAttachmentsMatch(IReadOnlyList<OpenedReport> reports, IReadOnlyList<OpenedAttachment> attachments)
    {
        var named = reports.SelectMany(r => (r.Sealed.Attachments ?? []).Select(a => (Report: r.ReportId, Attachment: a))).ToHashSet();
        var carried = attachments.Select(a => (Report: a.ReportId, Attachment: a.Id)).ToHashSet();
        if (!named.SetEquals(carried))
        {
            throw new BundleRejectedException("the attachments in the bundle differ from those its reports name");
        }
    }

    private object? OpenRecord(BundleRecord record, int index)
    {
        try
        {
            switch (record.Type)
            {
                case RecordType.SealedReport:
                    var report = TransferJson.Deserialize<SealedReportPlaintext>(OpenOrThrow(record.Payload, index));
                    if (report.Version != 1 || report.ReportId != record.Id || report.Report?.Facts?.Description is null
                        || report.FeedbackKey?.Length != FeedbackCipher.KeyLength || report.Marks is null)
                    {
                        throw new BundleRejectedException($"record {index + 1} holds a report that does not match its id or version 1");
                    }

                    return OpenedReport.Of(report);
                case RecordType.SealedFollowUp:
                    if (record.Payload.Length <= 16)
                    {
                        throw new BundleRejectedException($"record {index + 1} is a follow-up too short to hold anything");
                    }

                    var reportId = new Guid(record.Payload.AsSpan(0, 16), bigEndian: true);
                    var followUp = TransferJson.Deserialize<SealedFollowUpPlaintext>(OpenOrThrow(record.Payload.AsSpan(16), index));
                    if (followUp.Version != SealedFollowUpPlaintext.CurrentVersion || followUp.FollowUpId != record.Id || followUp.ReportId != reportId || followUp.Text is null)
                    {
                        throw new BundleRejectedException($"record {index + 1} holds a follow-up that does not match its ids or version {SealedFollowUpPlaintext.CurrentVersion} (version 1 carried no proof of the reporter's receipt)");
                    }

                    return followUp;
                case RecordType.SealedAttachment:
                    if (record.Payload.Length <= 16)
                    {
                        throw new BundleRejectedException($"record {index + 1} is an attachment too short to hold anything");
                    }

                    return OpenAttachment(record, index);
                default:
                    return null; // an optional record type this build does not know
            }
        }
        catch (JsonException)
        {
            throw new BundleRejectedException($"record {index + 1} opens but is not a valid {(record.Type == RecordType.SealedReport ? "report" : "follow-up")} document");
        }
    }

    private byte[] OpenOrThrow(ReadOnlySpan<byte> box, int index) =>
        opener.Open(box) ?? throw new BundleRejectedException($"record {index + 1} cannot be opened with this zone's sealing keys (altered, or sealed to a key casework does not hold)");

    /// <summary>Writes a bundle whose records arrive opened, batch by batch, in one transaction.</summary>
    private async Task<int> WriteAsync(Bundle bundle, IAsyncEnumerable<IReadOnlyList<object>> batches, Placement placement, CancellationToken cancellationToken)
    {
        var header = bundle.Header;
        var now = Time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);

        // What casework holds already (a bundle carried twice, or a late one overlapping a later one), known from the
        // records' ids before they open: opening checks that each is the id of the report or follow-up it carries. The
        // ids go as one array parameter (EF.Parameter), not EF Core 10's default of one parameter each: ten thousand
        // named parameters cost SQLite a linear name search per binding, which dominated the import.
        var reportIds = bundle.Records.Where(r => r.Type == RecordType.SealedReport).Select(r => r.Id).ToList();
        var seenReports = (await db.Reports.Where(r => EF.Parameter(reportIds).Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        var followUpIds = bundle.Records.Where(r => r.Type == RecordType.SealedFollowUp).Select(r => r.Id).ToList();
        var seenFollowUps = (await db.FollowUps.Where(f => EF.Parameter(followUpIds).Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken)).ToHashSet();

        var allReports = new List<OpenedReport>();
        var allAttachments = new List<OpenedAttachment>();
        var allFollowUps = new List<SealedFollowUpPlaintext>();
        var caseOf = new Dictionary<Guid, string>();
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            var cases = new List<CaseRecord>();
            var reports = new List<ReportRecord>();
            var identities = new List<ReporterIdentity>();
            var events = new List<AuditEvent>();
            foreach (var record in batch)
            {
                switch (record)
                {
                    case OpenedReport openedReport:
                        allReports.Add(openedReport);
                        if (seenReports.Contains(openedReport.ReportId))
                        {
                            break;
                        }

                        var (caseRecord, report, identity) = NewCase(openedReport, header.Sequence, now);
                        cases.Add(caseRecord);
                        reports.Add(report);
                        if (identity is not null)
                        {
                            identities.Add(identity);
                        }

                        caseOf[report.Id] = caseRecord.Id;
                        // The files a report names are those the bundle carries for it (checked below, before the commit).
                        events.Add(new AuditEvent(AuditLog.TransferActor, null, "case.created", caseRecord.Id, new
                        {
                            reportId = report.Id,
                            office = caseRecord.OfficeCode,
                            bundle = header.Sequence,
                            marks = openedReport.Sealed.Marks,
                            attachments = (openedReport.Sealed.Attachments ?? []).Distinct().Count(),
                        }));
                        break;
                    case OpenedAttachment attachment:
                        allAttachments.Add(attachment);
                        break;
                    case SealedFollowUpPlaintext followUp:
                        allFollowUps.Add(followUp);
                        break;
                }
            }

            BulkInsert.Insert(db, cases);
            BulkInsert.Insert(db, reports);
            BulkInsert.Insert(db, identities);
            BulkInsert.Insert(db, await audit.ChainAsync(events, cancellationToken));
        }

        CheckAttachmentsMatch(allReports, allAttachments);
        foreach (var file in allAttachments)
        {
            if (!caseOf.TryGetValue(file.ReportId, out var caseId))
            {
                continue; // its report was imported before, with it
            }

            db.Attachments.Add(new AttachmentRecord
            {
                Id = file.Id,
                ReportId = file.ReportId,
                CaseId = caseId,
                FileName = file.Metadata.Name,
                ContentType = file.Metadata.ContentType,
                Cleaning = file.Metadata.Cleaning,
                Length = file.Length,
                Sha256 = file.Sha256,
                Header = file.Header,
                ChunkCount = file.Chunks.Count,
                ImportedAt = now,
            });
            db.AttachmentChunks.AddRange(file.Chunks.Select((data, index) => new AttachmentChunkRecord { AttachmentId = file.Id, Index = index, Data = data }));
        }

        var newReports = caseOf.Count;
        var newFollowUps = allFollowUps.Where(f => !seenFollowUps.Contains(f.FollowUpId)).ToList();
        // A report new with this bundle vouches with the key it brings; any other with the key casework already holds,
        // never with one a bundle repeats (a repeated report is skipped, and its key could be anyone's choice).
        var feedbackKeys = new Dictionary<Guid, byte[]>();
        foreach (var report in allReports.Where(r => caseOf.ContainsKey(r.ReportId)))
        {
            feedbackKeys[report.ReportId] = report.Sealed.FeedbackKey;
        }

        var otherReports = newFollowUps.Select(f => f.ReportId).Where(id => !feedbackKeys.ContainsKey(id)).Distinct().ToList();
        foreach (var known in await db.Reports.Where(r => EF.Parameter(otherReports).Contains(r.Id)).Select(r => new { r.Id, r.CaseId, r.FeedbackKey }).ToListAsync(cancellationToken))
        {
            caseOf[known.Id] = known.CaseId;
            feedbackKeys[known.Id] = known.FeedbackKey;
        }

        CheckFollowUpsBound(newFollowUps, feedbackKeys);

        var followUps = new List<FollowUpRecord>();
        var closing = new List<AuditEvent>();
        foreach (var followUp in newFollowUps)
        {
            followUps.Add(new FollowUpRecord { Id = followUp.FollowUpId, ReportId = followUp.ReportId, ReceivedAt = followUp.ReceivedAt, ImportedAt = now, Text = followUp.Text });
            // A follow-up whose report is in a bundle still missing is kept all the same; it joins its case by report id.
            closing.Add(new AuditEvent(AuditLog.TransferActor, null, "followup.received", caseOf.GetValueOrDefault(followUp.ReportId),
                new { followUpId = followUp.FollowUpId, reportId = followUp.ReportId, bundle = header.Sequence }));
        }

        var resolved = await db.QuarantinedBundles.Where(q => q.Hash == bundle.Hash && q.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.ResolvedAt, now).SetProperty(q => q.ResolvedBy, AuditLog.TransferActor)
                .SetProperty(q => q.Resolution, "the same bundle was imported later"), cancellationToken);
        closing.Add(new AuditEvent(AuditLog.TransferActor, null, "transfer.imported", null, new
        {
            sequence = header.Sequence,
            hash = bundle.Hash,
            keyId = header.KeyId,
            late = placement == Placement.Late,
            reports = newReports,
            followUps = followUps.Count,
            alreadyPresent = allReports.Count + allFollowUps.Count - newReports - followUps.Count,
            resolvedQuarantine = resolved,
        }));

        BulkInsert.Insert(db, followUps);
        BulkInsert.Insert(db, await audit.ChainAsync(closing, cancellationToken));
        db.InboundBundles.Add(new InboundBundle
        {
            Sequence = header.Sequence,
            Hash = bundle.Hash,
            PreviousHash = header.PreviousHash,
            ImportedAt = now,
            RecordCount = bundle.Records.Count,
            Late = placement == Placement.Late,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Imported report bundle {Sequence}: {Reports} new report(s), {FollowUps} new follow-up(s)", header.Sequence, newReports, followUps.Count);
        return newReports + followUps.Count;
    }

    /// <summary>Every follow-up carries the MAC only its report's receipt can make (<see cref="FollowUpMac"/>); one that
    /// does not, or whose report casework does not hold to check it against, refuses the whole bundle.</summary>
    /// <remarks>Security: intake signs every bundle, so its signature cannot tell a reporter's words from words a
    /// compromised intake made up for someone else's case; the MAC can, and the refusal is quarantined and alerted.</remarks>
    private static void CheckFollowUpsBound(IReadOnlyList<SealedFollowUpPlaintext> followUps, Dictionary<Guid, byte[]> feedbackKeys)
    {
        foreach (var followUp in followUps)
        {
            if (!feedbackKeys.TryGetValue(followUp.ReportId, out var key))
            {
                throw new BundleRejectedException($"follow-up {followUp.FollowUpId} is for report {followUp.ReportId}, which casework does not hold, so its receipt MAC cannot be checked; import the bundle with the report first, then this one again from the quarantine");
            }

            if (!FollowUpMac.Verifies(key, followUp))
            {
                throw new BundleRejectedException($"follow-up {followUp.FollowUpId} for report {followUp.ReportId} does not carry the MAC of that report's receipt: intake could not have received it from the reporter");
            }
        }
    }

    private (CaseRecord Case, ReportRecord Report, ReporterIdentity? Identity) NewCase(OpenedReport opened, long sequence, DateTimeOffset now)
    {
        var (sealedReport, named, content) = opened;
        var report = sealedReport.Report;
        var reporter = report.Reporter ?? new ReporterContent();
        var caseRecord = new CaseRecord
        {
            Id = CaseId.New(),
            Status = CaseStatus.Received,
            OfficeCode = routing.OfficeFor(report.Region),
            Category = string.IsNullOrEmpty(report.Category) ? "unclear" : report.Category,
            Region = string.IsNullOrEmpty(report.Region) ? "unclear" : report.Region,
            ReceivedAt = sealedReport.ReceivedAt,
            UpdatedAt = now,
            HasContact = named,
            PublicStatusAt = sealedReport.ReceivedAt,
        };
        clock.StartReceived(caseRecord);
        var record = new ReportRecord
        {
            Id = sealedReport.ReportId,
            CaseId = caseRecord.Id,
            ReceivedAt = sealedReport.ReceivedAt,
            ImportedAt = now,
            BundleSequence = sequence,
            Content = content,
            FeedbackKey = sealedReport.FeedbackKey,
            Marks = string.Join(',', sealedReport.Marks),
            HasIdentity = named,
        };
        var identity = named
            ? new ReporterIdentity { ReportId = sealedReport.ReportId, Name = reporter.Name, Phone = reporter.Phone, ContactConsent = reporter.ContactConsent }
            : null;
        return (caseRecord, record, identity);
    }

    protected override async Task OnQuarantinedAsync(string name, string folder, string hash, long? sequence, string reason, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var relative = Path.GetRelativePath(options.ZoneFolder, folder);
        db.QuarantinedBundles.Add(new QuarantinedBundle { Id = Guid.NewGuid(), FileName = name, Reason = reason, At = now, Sequence = sequence, Hash = hash, Folder = relative });
        await audit.AppendAsync(AuditLog.TransferActor, null, "transfer.quarantined", null, new { file = name, sequence, hash, folder = relative, reason }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogWarning("Report bundle {File} quarantined in {Folder}: {Reason}", name, relative, reason);
    }
}
