using System.Text.Json;
using Jebo.Casework.Attachments;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Casework.Reports;
using Jebo.Casework.Sealing;
using Jebo.Transfer.Attachments;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Transfer;

/// <summary>What became of one bundle offered for import.</summary>
public enum ImportOutcome
{
    Imported,
    AlreadyImported,
    Gap,
    Rejected,
}

public sealed record ImportResult(string File, long Sequence, ImportOutcome Outcome, string Message, int Records);

/// <summary>A bundle whose every record has been opened, ready to be written.</summary>
public sealed record OpenedBundle(
    Bundle Bundle,
    IReadOnlyList<SealedReportPlaintext> Reports,
    IReadOnlyList<SealedFollowUpPlaintext> FollowUps,
    IReadOnlyList<OpenedAttachment> Attachments);

/// <summary>An attachment whose every chunk opened at import; kept sealed (header and chunks) for storage.</summary>
public sealed record OpenedAttachment(Guid Id, Guid ReportId, AttachmentMetadata Metadata, long Length, string Sha256, byte[] Header, IReadOnlyList<byte[]> Chunks);

/// <summary>
/// Imports report bundles from intake: checks signature, sender, sequence and chain, opens every record, and only then
/// writes all of it in one transaction, creating a case per report routed to its province.
/// </summary>
/// <remarks>
/// Security: nothing is written for a bundle that fails any check; it is copied to quarantine with the reason and an
/// alert is recorded. A bundle seen before is recognised by its number and hash and changes nothing; a different file
/// under a used number is refused as a replay or forgery. A gap holds later bundles until the missing one arrives.
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
{
    public const string Sender = "intake";
    public static readonly TimeSpan ContactDeadline = TimeSpan.FromDays(30);

    /// <summary>Checks a bundle completely (signature, layout, every record opens) without writing anything.</summary>
    public OpenedBundle Verify(ReadOnlySpan<byte> file)
    {
        var bundle = BundleFormat.Read(file, (sender, keyId) => sender == Sender ? keys.IntakeSigning.GetValueOrDefault(keyId) : null);
        if (bundle.Header.Kind != BundleKind.Reports)
        {
            throw new BundleRejectedException($"{BundleFormat.Describe(bundle.Header)} is not a report bundle");
        }

        var reports = new List<SealedReportPlaintext>();
        var followUps = new List<SealedFollowUpPlaintext>();
        var attachments = new List<OpenedAttachment>();
        for (var i = 0; i < bundle.Records.Count; i++)
        {
            var record = bundle.Records[i];
            try
            {
                switch (record.Type)
                {
                    case RecordType.SealedReport:
                        var report = TransferJson.Deserialize<SealedReportPlaintext>(OpenOrThrow(record.Payload, i));
                        if (report.Version != 1 || report.ReportId != record.Id || report.Report.Facts?.Description is null)
                        {
                            throw new BundleRejectedException($"record {i + 1} holds a report that does not match its id or version");
                        }

                        reports.Add(report);
                        break;
                    case RecordType.SealedFollowUp when record.Payload.Length > 16:
                        var reportId = new Guid(record.Payload.AsSpan(0, 16), bigEndian: true);
                        var followUp = TransferJson.Deserialize<SealedFollowUpPlaintext>(OpenOrThrow(record.Payload.AsSpan(16), i));
                        if (followUp.Version != 1 || followUp.FollowUpId != record.Id || followUp.ReportId != reportId)
                        {
                            throw new BundleRejectedException($"record {i + 1} holds a follow-up that does not match its ids or version");
                        }

                        followUps.Add(followUp);
                        break;
                    case RecordType.SealedAttachment when record.Payload.Length > 16:
                        attachments.Add(OpenAttachment(record, i));
                        break;
                    default:
                        throw new BundleRejectedException($"record {i + 1} has type {record.Type}, which a report bundle cannot carry");
                }
            }
            catch (JsonException)
            {
                throw new BundleRejectedException($"record {i + 1} opens but is not a valid report document");
            }
        }

        CheckAttachmentsMatch(reports, attachments);
        return new OpenedBundle(bundle, reports, followUps, attachments);
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
    private static void CheckAttachmentsMatch(List<SealedReportPlaintext> reports, List<OpenedAttachment> attachments)
    {
        var named = reports.SelectMany(r => (r.Attachments ?? []).Select(a => (Report: r.ReportId, Attachment: a))).ToHashSet();
        var carried = attachments.Select(a => (Report: a.ReportId, Attachment: a.Id)).ToHashSet();
        if (!named.SetEquals(carried))
        {
            throw new BundleRejectedException("the attachments in the bundle differ from those its reports name");
        }
    }

    /// <summary>Imports every report bundle in a folder, in order; stops at a gap.</summary>
    /// <param name="folder">The inbound spool or a carried medium.</param>
    /// <param name="removeHandled">Delete imported and quarantined files (the spool); false leaves a carried medium untouched.</param>
    /// <param name="cancellationToken">Stops between bundles.</param>
    public async Task<IReadOnlyList<ImportResult>> ImportFolderAsync(string folder, bool removeHandled, CancellationToken cancellationToken)
    {
        var results = new List<ImportResult>();
        if (!Directory.Exists(folder))
        {
            return results;
        }

        var files = Directory.EnumerateFiles(folder, "reports-*" + BundleFormat.FileExtension, SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
            var result = await ImportAsync(Path.GetFileName(file), bytes, cancellationToken);
            results.Add(result);
            if (result.Outcome != ImportOutcome.Gap && removeHandled)
            {
                File.Delete(file);
            }
        }

        return results;
    }

    public async Task<ImportResult> ImportAsync(string name, byte[] file, CancellationToken cancellationToken)
    {
        OpenedBundle opened;
        try
        {
            opened = Verify(file);
        }
        catch (BundleRejectedException e)
        {
            await QuarantineAsync(name, file, e.Message, null, cancellationToken);
            return new ImportResult(name, 0, ImportOutcome.Rejected, e.Message, 0);
        }

        var header = opened.Bundle.Header;
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var last = await db.InboundBundles.AsNoTracking().OrderByDescending(b => b.Sequence).FirstOrDefaultAsync(cancellationToken);
        var expected = (last?.Sequence ?? 0) + 1;
        if (header.Sequence < expected)
        {
            var same = await db.InboundBundles.AnyAsync(b => b.Sequence == header.Sequence && b.Hash == opened.Bundle.Hash, cancellationToken);
            if (same)
            {
                return new ImportResult(name, header.Sequence, ImportOutcome.AlreadyImported, $"{BundleFormat.Describe(header)} was imported before; nothing changed", 0);
            }

            await transaction.RollbackAsync(cancellationToken);
            var reason = $"{BundleFormat.Describe(header)} differs from the bundle already imported under number {header.Sequence} (replay or forgery)";
            await QuarantineAsync(name, file, reason, header.Sequence, cancellationToken);
            return new ImportResult(name, header.Sequence, ImportOutcome.Rejected, reason, 0);
        }

        if (header.Sequence > expected)
        {
            return new ImportResult(name, header.Sequence, ImportOutcome.Gap, $"bundle {header.Sequence} waits: bundle {expected} has not arrived", 0);
        }

        if (header.PreviousHash != (last?.Hash ?? ""))
        {
            await transaction.RollbackAsync(cancellationToken);
            var reason = $"{BundleFormat.Describe(header)} does not follow bundle {last?.Sequence ?? 0} (its previous-hash differs): the chain is broken";
            await QuarantineAsync(name, file, reason, header.Sequence, cancellationToken);
            return new ImportResult(name, header.Sequence, ImportOutcome.Rejected, reason, 0);
        }

        var now = time.GetUtcNow();
        var count = await WriteReportsAsync(opened, now, cancellationToken);
        db.InboundBundles.Add(new InboundBundle { Sequence = header.Sequence, Hash = opened.Bundle.Hash, ImportedAt = now, RecordCount = opened.Bundle.Records.Count });
        await audit.AppendAsync(AuditLog.TransferActor, null, "transfer.imported", null,
            new { sequence = header.Sequence, hash = opened.Bundle.Hash, reports = opened.Reports.Count, followUps = opened.FollowUps.Count }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Imported report bundle {Sequence}: {Count} new records", header.Sequence, count);
        return new ImportResult(name, header.Sequence, ImportOutcome.Imported, $"{BundleFormat.Describe(header)} imported", count);
    }

    private async Task<int> WriteReportsAsync(OpenedBundle opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = opened.Reports.Select(r => r.ReportId).ToList();
        var existing = (await db.Reports.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        var count = 0;
        var sequence = opened.Bundle.Header.Sequence;
        foreach (var sealedReport in opened.Reports.Where(r => !existing.Contains(r.ReportId)))
        {
            var report = sealedReport.Report;
            var reporter = report.Reporter ?? new ReporterContent();
            var named = !reporter.Anonymous && (!string.IsNullOrWhiteSpace(reporter.Name) || !string.IsNullOrWhiteSpace(reporter.Phone));
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
                ContactDueAt = named ? sealedReport.ReceivedAt + ContactDeadline : null,
                PublicStatusAt = sealedReport.ReceivedAt,
            };
            db.Cases.Add(caseRecord);
            db.Reports.Add(new ReportRecord
            {
                Id = sealedReport.ReportId,
                CaseId = caseRecord.Id,
                ReceivedAt = sealedReport.ReceivedAt,
                ImportedAt = now,
                BundleSequence = sequence,
                Content = JsonSerializer.Serialize(report with { Reporter = new ReporterContent { Anonymous = !named } }, TransferJson.Options),
                FeedbackKey = sealedReport.FeedbackKey,
                Marks = string.Join(',', sealedReport.Marks),
                HasIdentity = named,
            });
            if (named)
            {
                db.ReporterIdentities.Add(new ReporterIdentity
                {
                    ReportId = sealedReport.ReportId,
                    Name = reporter.Name,
                    Phone = reporter.Phone,
                    ContactConsent = reporter.ContactConsent,
                });
            }

            foreach (var attachment in opened.Attachments.Where(a => a.ReportId == sealedReport.ReportId))
            {
                db.Attachments.Add(new AttachmentRecord
                {
                    Id = attachment.Id,
                    ReportId = attachment.ReportId,
                    CaseId = caseRecord.Id,
                    FileName = attachment.Metadata.Name,
                    ContentType = attachment.Metadata.ContentType,
                    Cleaning = attachment.Metadata.Cleaning,
                    Length = attachment.Length,
                    Sha256 = attachment.Sha256,
                    Header = attachment.Header,
                    ChunkCount = attachment.Chunks.Count,
                    ImportedAt = now,
                });
                db.AttachmentChunks.AddRange(attachment.Chunks.Select((data, index) => new AttachmentChunkRecord { AttachmentId = attachment.Id, Index = index, Data = data }));
            }

            await audit.AppendAsync(AuditLog.TransferActor, null, "case.created", caseRecord.Id,
                new
                {
                    reportId = sealedReport.ReportId,
                    office = caseRecord.OfficeCode,
                    bundle = sequence,
                    marks = sealedReport.Marks,
                    attachments = sealedReport.Attachments?.Count ?? 0,
                }, cancellationToken);
            count++;
        }

        var followUpIds = opened.FollowUps.Select(f => f.FollowUpId).ToList();
        var seenFollowUps = (await db.FollowUps.Where(f => followUpIds.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var followUp in opened.FollowUps.Where(f => !seenFollowUps.Contains(f.FollowUpId)))
        {
            db.FollowUps.Add(new FollowUpRecord { Id = followUp.FollowUpId, ReportId = followUp.ReportId, ReceivedAt = followUp.ReceivedAt, ImportedAt = now, Text = followUp.Text });
            var caseId = db.Reports.Local.FirstOrDefault(r => r.Id == followUp.ReportId)?.CaseId
                ?? await db.Reports.Where(r => r.Id == followUp.ReportId).Select(r => r.CaseId).FirstOrDefaultAsync(cancellationToken);
            await audit.AppendAsync(AuditLog.TransferActor, null, "followup.received", caseId, new { followUpId = followUp.FollowUpId, reportId = followUp.ReportId }, cancellationToken);
            count++;
        }

        return count;
    }

    private byte[] OpenOrThrow(ReadOnlySpan<byte> box, int index) =>
        opener.Open(box) ?? throw new BundleRejectedException($"record {index + 1} cannot be opened with this zone's sealing keys (altered, or sealed to another key)");

    private async Task QuarantineAsync(string name, byte[] file, string reason, long? sequence, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.QuarantineFolder);
        var stamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var target = Path.Combine(options.QuarantineFolder, $"{name}.{stamp}");
        await File.WriteAllBytesAsync(target, file, cancellationToken);
        await File.WriteAllTextAsync(target + ".reason", reason + "\n", cancellationToken);
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        db.QuarantinedBundles.Add(new QuarantinedBundle { Id = Guid.NewGuid(), FileName = name, Reason = reason, At = time.GetUtcNow(), Sequence = sequence });
        await audit.AppendAsync(AuditLog.TransferActor, null, "transfer.quarantined", null, new { file = name, reason }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogWarning("Bundle {File} quarantined: {Reason}", name, reason);
    }
}
