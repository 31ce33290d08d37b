using System.Text.Json;
using Jebo.Casework.Attachments;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Keys;
using Jebo.Casework.Reports;
using Jebo.Casework.Sealing;
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
/// status inbox): opens every record, then writes the whole bundle in one transaction, creating a case per new report
/// routed to its province, with one audit entry per case.
/// </summary>
/// <remarks>
/// Security: nothing is written for a bundle that fails any check; it is quarantined with the reason, recorded as an
/// alert for administrators and auditors, and audited. A report or follow-up seen before (by id) is skipped, so a
/// bundle carried twice, or a late bundle overlapping a later one, changes nothing.
/// </remarks>
public sealed class ReportImporter(
    CaseworkDb db,
    CaseworkKeys keys,
    SealedBoxOpener opener,
    AuditLog audit,
    CaseRouting routing,
    CaseworkOptions options,
    TimeProvider time,
    ILogger<ReportImporter> logger)
    : BundleReceiver<OpenedBundle>(BundleKind.Reports, Sender, new ReceiverFolders(options.InboundSpool, options.QuarantineFolder, options.InboxLockFile), time)
{
    public const string Sender = "intake";
    private readonly CaseClock clock = new(options.Deadlines);

    protected override PublicKey? TrustedKey(string keyId) => keys.IntakeSigning.GetValueOrDefault(keyId);

    protected override Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken) =>
        InboundLedger.NeighbourhoodAsync(db, sequence, cancellationToken);

    protected override OpenedBundle Open(Bundle bundle)
    {
        var records = bundle.Records;
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

        // Opening is an X25519 agreement and an AEAD per record: spread it over the cores, then report the first
        // failure in record order so the message does not depend on scheduling.
        var opened = new object?[records.Count];
        var errors = new string?[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                opened[i] = OpenRecord(records[i], i);
            }
            catch (BundleRejectedException e)
            {
                errors[i] = e.Message;
            }
        });
        if (Array.FindIndex(errors, e => e is not null) is var bad and >= 0)
        {
            throw new BundleRejectedException(errors[bad]!);
        }

        var reports = opened.OfType<OpenedReport>().ToList();
        var attachments = opened.OfType<OpenedAttachment>().ToList();
        CheckAttachmentsMatch(reports, attachments);
        return new OpenedBundle(bundle, reports, [.. opened.OfType<SealedFollowUpPlaintext>()], attachments);
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
                    if (followUp.Version != 1 || followUp.FollowUpId != record.Id || followUp.ReportId != reportId || followUp.Text is null)
                    {
                        throw new BundleRejectedException($"record {index + 1} holds a follow-up that does not match its ids or version 1");
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

    protected override async Task<int> ApplyAsync(Bundle bundle, OpenedBundle opened, Placement placement, CancellationToken cancellationToken)
    {
        var header = bundle.Header;
        var now = Time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);

        // A bundle's ids go as one array parameter (EF.Parameter), not EF Core 10's default of one parameter each: ten
        // thousand named parameters cost SQLite a linear name search per binding, which dominated the import.
        var reportIds = opened.Reports.Select(r => r.ReportId).ToList();
        var seenReports = (await db.Reports.Where(r => EF.Parameter(reportIds).Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        var followUpIds = opened.FollowUps.Select(f => f.FollowUpId).ToList();
        var seenFollowUps = (await db.FollowUps.Where(f => EF.Parameter(followUpIds).Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken)).ToHashSet();

        var cases = new List<CaseRecord>();
        var reports = new List<ReportRecord>();
        var identities = new List<ReporterIdentity>();
        var events = new List<AuditEvent>();
        var filesOf = opened.Attachments.ToLookup(a => a.ReportId);
        foreach (var openedReport in opened.Reports.Where(r => !seenReports.Contains(r.ReportId)))
        {
            var (caseRecord, report, identity) = NewCase(openedReport, header.Sequence, now);
            cases.Add(caseRecord);
            reports.Add(report);
            if (identity is not null)
            {
                identities.Add(identity);
            }

            var files = filesOf[report.Id].ToList();
            foreach (var file in files)
            {
                db.Attachments.Add(new AttachmentRecord
                {
                    Id = file.Id,
                    ReportId = file.ReportId,
                    CaseId = caseRecord.Id,
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

            events.Add(new AuditEvent(AuditLog.TransferActor, null, "case.created", caseRecord.Id,
                new { reportId = report.Id, office = caseRecord.OfficeCode, bundle = header.Sequence, marks = openedReport.Sealed.Marks, attachments = files.Count }));
        }
        var newFollowUps = opened.FollowUps.Where(f => !seenFollowUps.Contains(f.FollowUpId)).ToList();
        var caseOf = reports.ToDictionary(r => r.Id, r => r.CaseId);
        var otherReports = newFollowUps.Select(f => f.ReportId).Where(id => !caseOf.ContainsKey(id)).Distinct().ToList();
        foreach (var known in await db.Reports.Where(r => EF.Parameter(otherReports).Contains(r.Id)).Select(r => new { r.Id, r.CaseId }).ToListAsync(cancellationToken))
        {
            caseOf[known.Id] = known.CaseId;
        }

        var followUps = new List<FollowUpRecord>();
        foreach (var followUp in newFollowUps)
        {
            followUps.Add(new FollowUpRecord { Id = followUp.FollowUpId, ReportId = followUp.ReportId, ReceivedAt = followUp.ReceivedAt, ImportedAt = now, Text = followUp.Text });
            // A follow-up whose report is in a bundle still missing is kept all the same; it joins its case by report id.
            events.Add(new AuditEvent(AuditLog.TransferActor, null, "followup.received", caseOf.GetValueOrDefault(followUp.ReportId),
                new { followUpId = followUp.FollowUpId, reportId = followUp.ReportId, bundle = header.Sequence }));
        }

        var resolved = await db.QuarantinedBundles.Where(q => q.Hash == bundle.Hash && q.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.ResolvedAt, now).SetProperty(q => q.ResolvedBy, AuditLog.TransferActor)
                .SetProperty(q => q.Resolution, "the same bundle was imported later"), cancellationToken);
        events.Add(new AuditEvent(AuditLog.TransferActor, null, "transfer.imported", null, new
        {
            sequence = header.Sequence,
            hash = bundle.Hash,
            keyId = header.KeyId,
            late = placement == Placement.Late,
            reports = cases.Count,
            followUps = followUps.Count,
            alreadyPresent = opened.Reports.Count + opened.FollowUps.Count - cases.Count - followUps.Count,
            resolvedQuarantine = resolved,
        }));
        BulkInsert.Insert(db, cases);
        BulkInsert.Insert(db, reports);
        BulkInsert.Insert(db, identities);
        BulkInsert.Insert(db, followUps);
        BulkInsert.Insert(db, await audit.ChainAsync(events, cancellationToken));
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
        logger.LogInformation("Imported report bundle {Sequence}: {Reports} new report(s), {FollowUps} new follow-up(s)", header.Sequence, cases.Count, followUps.Count);
        return cases.Count + followUps.Count;
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
