using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Attachments;
using Jebo.Casework.Sealing;
using Jebo.Storage.Background;
using Jebo.Transfer.Attachments;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Transfer;

/// <summary>
/// Opens the records of a report bundle with casework's sealing keys and checks each against its record: reports,
/// follow-ups and attachments (every chunk), in batches on every core. Writes nothing.
/// </summary>
/// <remarks>Security: a record that does not open, or whose plaintext does not match its record's id and version,
/// refuses the whole bundle (<see cref="BundleRejectedException"/>, the first failure in record order); a record type
/// this build does not know keeps the bundle waiting (<see cref="BundleNotYetReadableException"/>).</remarks>
public sealed class ReportBundleOpener(SealedBoxOpener opener, ProcessorShare share)
{
    public const int BatchSize = 500;

    public static int BatchCount(int records) => (records + BatchSize - 1) / BatchSize;

    /// <summary>Opens every record, on every core, before returning (for <c>jebo transfer verify</c> and the check
    /// before an import).</summary>
    public OpenedBundle Open(Bundle bundle)
    {
        CheckRecordTypes(bundle.Records);
        var batches = new OpenedBatch[BatchCount(bundle.Records.Count)];
        Parallel.For(0, batches.Length, share.Options(CancellationToken.None), b =>
            batches[b] = OpenBatch(bundle.Records, b)
        );
        if (Array.Find(batches, b => b.Error is not null) is { } bad)
        {
            throw new BundleRejectedException(bad.Error!);
        }

        var opened = batches.SelectMany(b => b.Records).ToList();
        var reports = opened.OfType<OpenedReport>().ToList();
        var attachments = opened.OfType<OpenedAttachment>().ToList();
        var followUps = opened.OfType<SealedFollowUpPlaintext>().ToList();
        CheckAttachmentsMatch(reports, followUps, attachments);
        return new OpenedBundle(bundle, reports, followUps, attachments);
    }

    /// <summary>Starts opening the records in batches on every core, for a writer to take in record order while the
    /// rest open. The records' types are checked first, before any thread starts; whether the attachments match their
    /// reports is the writer's to check (<see cref="CheckAttachmentsMatch"/>) once every batch is in.</summary>
    public RecordOpening OpenInBatches(IReadOnlyList<BundleRecord> records)
    {
        CheckRecordTypes(records);
        return new RecordOpening(BatchCount(records.Count), b => OpenBatch(records, b), share);
    }

    /// <summary>Every file a report or follow-up names travels with it, and every file travels with the report or
    /// follow-up that names it; a follow-up's file has the header hash the follow-up names (which its receipt MAC
    /// covers).</summary>
    public static void CheckAttachmentsMatch(
        IReadOnlyList<OpenedReport> reports,
        IReadOnlyList<SealedFollowUpPlaintext> followUps,
        IReadOnlyList<OpenedAttachment> attachments
    )
    {
        var named = reports
            .SelectMany(r => (r.Sealed.Attachments ?? []).Select(a => (Report: r.ReportId, Attachment: a)))
            .ToHashSet();
        var carried = attachments
            .Where(a => a.FollowUpId is null)
            .Select(a => (Report: a.ReportId, Attachment: a.Id))
            .ToHashSet();
        if (!named.SetEquals(carried))
        {
            throw new BundleRejectedException("the attachments in the bundle differ from those its reports name");
        }

        var namedByFollowUps = followUps
            .SelectMany(f =>
                (f.Attachments ?? []).Select(a => (f.FollowUpId, a.Id, Convert.ToHexStringLower(a.HeaderHash)))
            )
            .ToHashSet();
        var carriedForFollowUps = attachments
            .Where(a => a.FollowUpId is not null)
            .Select(a => (a.FollowUpId!.Value, a.Id, Convert.ToHexStringLower(SHA256.HashData(a.Header))))
            .ToHashSet();
        if (!namedByFollowUps.SetEquals(carriedForFollowUps))
        {
            throw new BundleRejectedException(
                "the follow-ups' attachments in the bundle differ from those the follow-ups name"
            );
        }
    }

    /// <summary>A report bundle carries reports, follow-ups and attachments, and optional records a later version may
    /// add; anything else is refused, or waits for a build of casework that knows it.</summary>
    private static void CheckRecordTypes(IReadOnlyList<BundleRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var type = records[i].Type;
            if (
                type
                    is RecordType.SealedReport
                        or RecordType.SealedFollowUp
                        or RecordType.SealedAttachment
                        or RecordType.SealedFollowUpAttachment
                || RecordTypes.MayBeSkipped(type)
            )
            {
                continue;
            }

            if (Enum.IsDefined(type))
            {
                throw new BundleRejectedException(
                    $"record {i + 1} is a {RecordTypes.Name(type)} record, which a report bundle cannot carry"
                );
            }

            throw new BundleNotYetReadableException(
                $"record {i + 1} is of {RecordTypes.Name(type)}, which this build of casework does not know"
            );
        }
    }

    /// <summary>Opens one batch of records in order, stopping at the first that fails, so that the first failure in
    /// record order is the one reported whatever the scheduling.</summary>
    private OpenedBatch OpenBatch(IReadOnlyList<BundleRecord> records, int batch)
    {
        var end = Math.Min(records.Count, (batch + 1) * BatchSize);
        var opened = new List<object>(BatchSize);
        for (var i = batch * BatchSize; i < end; i++)
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

    private object? OpenRecord(BundleRecord record, int index)
    {
        try
        {
            switch (record.Type)
            {
                case RecordType.SealedReport:
                    var report = TransferJson.Deserialize<SealedReportPlaintext>(OpenOrThrow(record.Payload, index));
                    if (
                        report.Version != 1
                        || report.ReportId != record.Id
                        || report.Report?.Facts?.Description is null
                        || report.FeedbackKey?.Length != FeedbackCipher.KeyLength
                        || report.Marks is null
                    )
                    {
                        throw new BundleRejectedException(
                            $"record {index + 1} holds a report that does not match its id or version 1"
                        );
                    }

                    return OpenedReport.Of(report);
                case RecordType.SealedFollowUp:
                    if (record.Payload.Length <= 16)
                    {
                        throw new BundleRejectedException(
                            $"record {index + 1} is a follow-up too short to hold anything"
                        );
                    }

                    var reportId = new Guid(record.Payload.AsSpan(0, 16), bigEndian: true);
                    var followUp = TransferJson.Deserialize<SealedFollowUpPlaintext>(
                        OpenOrThrow(record.Payload.AsSpan(16), index)
                    );
                    if (!followUp.IsWellFormed || followUp.FollowUpId != record.Id || followUp.ReportId != reportId)
                    {
                        throw new BundleRejectedException(
                            $"record {index + 1} holds a follow-up that does not match its ids or version "
                                + $"{SealedFollowUpPlaintext.CurrentVersion} (words alone), "
                                + $"{SealedFollowUpPlaintext.RequestsVersion} (with protection or contact), "
                                + $"{SealedFollowUpPlaintext.AttachmentsVersion} (with files) or "
                                + $"{SealedFollowUpPlaintext.RewardVersion} (with a reward claim; version 1 carried no "
                                + $"proof of the reporter's receipt)"
                        );
                    }

                    return followUp;
                case RecordType.SealedAttachment or RecordType.SealedFollowUpAttachment:
                    if (record.Payload.Length <= 16)
                    {
                        throw new BundleRejectedException(
                            $"record {index + 1} is an attachment too short to hold anything"
                        );
                    }

                    return OpenAttachment(record, index);
                default:
                    return null; // an optional record type this build does not know
            }
        }
        catch (JsonException)
        {
            throw new BundleRejectedException(
                $"record {index + 1} opens but is not a valid "
                    + $"{(record.Type == RecordType.SealedReport ? "report" : "follow-up")} document"
            );
        }
    }

    /// <summary>Opens an attachment record completely (every chunk authenticates, in order, up to the final one),
    /// counting and hashing the plaintext without keeping it. The payload starts with the id of the report or, for a
    /// follow-up's file, of the follow-up it was sent with.</summary>
    private OpenedAttachment OpenAttachment(BundleRecord record, int index)
    {
        var ownerId = new Guid(record.Payload.AsSpan(0, 16), bigEndian: true);
        var ofFollowUp = record.Type == RecordType.SealedFollowUpAttachment;
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
            throw new BundleRejectedException(
                $"record {index + 1} holds an attachment whose id differs from the record's"
            );
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
            CryptographicOperations.ZeroMemory(opened);
        }

        var chunks = body[header.Length..];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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
            CryptographicOperations.ZeroMemory(metadata.Key);
        }

        var sealedChunk = header.ChunkSize + AttachmentFormat.TagLength;
        var pieces = new List<byte[]>();
        for (var at = 0; at < chunks.Length; at += sealedChunk)
        {
            pieces.Add(chunks.Slice(at, Math.Min(sealedChunk, chunks.Length - at)).ToArray());
        }

        return new OpenedAttachment(
            record.Id,
            ofFollowUp ? Guid.Empty : ownerId,
            metadata with
            {
                Key = [],
            },
            length,
            Convert.ToHexStringLower(hash.GetHashAndReset()),
            body[..header.Length].ToArray(),
            pieces,
            ofFollowUp ? ownerId : null
        );
    }

    private byte[] OpenOrThrow(ReadOnlySpan<byte> box, int index) =>
        opener.Open(box)
        ?? throw new BundleRejectedException($"record {index + 1} cannot be opened: {opener.WhyNotOpened(box)}");
}
