using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments.Isolation;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Validation;
using Jebo.Transfer.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Attachments;

/// <summary>What became of one uploaded file: kept (sealed, pending until a report claims it) or refused, and why; or
/// held back unread (<c>Hold</c>: too many files parked, see <see cref="ParkedFiles"/>). <c>Stored</c> is the sealed
/// bytes stored, as a report's total counts them.</summary>
public sealed record AttachmentReceipt(
    Guid? Id,
    string Name,
    long Size,
    bool Cleaned,
    ValidationCode? Refusal,
    long Stored = 0,
    Hold? Hold = null
);

/// <summary>
/// Receives a file as it streams in: recognises it by content, removes its metadata, seals it chunk by chunk to
/// casework and stores the sealed chunks, so the plaintext never rests anywhere on the internet-facing machine. The
/// form and the API both come here.
/// </summary>
/// <remarks>
/// Security: the type is decided from the bytes, never from the name or the client's word; only the kinds in
/// <see cref="AttachmentType"/> are taken, and those that carry location, device or time information are cleaned
/// before a byte is sealed (see <c>Cleaning/</c>), in a separate process (see <c>Isolation/</c>). At most one 64 KiB
/// chunk of plaintext and one megabyte of sealed chunks are held in this process at a time. A file whose cleaning fails
/// is refused whole, never stored half-cleaned.
/// </remarks>
public sealed class AttachmentIntake(
    IntakeDb db,
    IntakeKeys keys,
    IntakeOptions options,
    ParkedFiles parked,
    FileCleaning cleaning,
    TimeProvider time
)
{
    private const int BatchBytes = 1024 * 1024;

    /// <summary>Receives one file for the client named by <paramref name="client"/>
    /// (<see cref="ClientKeys.ForClient"/>), within the parked-file limits (<see cref="ParkedFiles"/>): a file over
    /// them is not read at all.</summary>
    public async Task<AttachmentReceipt> ReceiveAsync(
        Stream body,
        string fileName,
        string client,
        CancellationToken cancellationToken
    )
    {
        var name = SafeName(fileName);
        var id = Guid.NewGuid();
        if (parked.TryPark(client, id, await ParkedBytesAsync(cancellationToken)) is { } hold)
        {
            return new AttachmentReceipt(null, name, 0, false, null, Hold: hold);
        }

        var receipt = new AttachmentReceipt(null, name, 0, false, ValidationCode.AttachmentDamaged);
        try
        {
            receipt = await ReceiveAsync(id, name, body, cancellationToken);
            return receipt;
        }
        finally
        {
            if (receipt.Id is null)
            {
                parked.Release([id]);
            }
            else
            {
                parked.Settle(id, receipt.Stored);
            }
        }
    }

    private async Task<AttachmentReceipt> ReceiveAsync(
        Guid id,
        string name,
        Stream body,
        CancellationToken cancellationToken
    )
    {
        var limited = new LimitedReadStream(body, options.MaxAttachmentBytes);
        var head = new byte[AttachmentType.SniffLength];
        int headLength;
        try
        {
            headLength = await ReadHeadAsync(limited, head, cancellationToken);
        }
        catch (AttachmentTooLargeException)
        {
            return new AttachmentReceipt(null, name, 0, false, ValidationCode.AttachmentTooLarge);
        }

        if (AttachmentType.Recognise(head.AsSpan(0, headLength)) is not { } kind)
        {
            return new AttachmentReceipt(
                null,
                name,
                0,
                false,
                AttachmentType.IsUncleanableDocument(head.AsSpan(0, headLength))
                    ? ValidationCode.AttachmentAsPdf
                    : ValidationCode.AttachmentType
            );
        }

        var cleaned = AttachmentType.IsCleaned(kind);
        using var sealer = AttachmentFormat.Seal(
            keys.CaseworkSealing,
            id,
            name,
            AttachmentType.ContentType(kind, head.AsSpan(0, headLength)),
            cleaned ? "metadata-removed" : "none"
        );
        db.Attachments.Add(
            new IntakeAttachment
            {
                Id = id,
                Header = sealer.Header,
                CreatedAt = StoredTime.Coarse(time.GetUtcNow()),
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var batch = new List<IntakeAttachmentChunk>();
        var batchBytes = 0L;
        var sealedLength = 0L;
        var index = 0;
        async Task FlushAsync(CancellationToken token)
        {
            if (batch.Count == 0)
            {
                return;
            }

            db.AttachmentChunks.AddRange(batch);
            await db.SaveChangesAsync(token);
            db.ChangeTracker.Clear();
            batch.Clear();
            batchBytes = 0;
        }

        await using var sink = new SealingStream(sealer, async (chunk, token) =>
        {
            batch.Add(
                new IntakeAttachmentChunk
                {
                    AttachmentId = id,
                    Index = index++,
                    Data = chunk,
                }
            );
            batchBytes += chunk.Length;
            sealedLength += chunk.Length;
            if (batchBytes >= BatchBytes)
            {
                await FlushAsync(token);
            }
        });

        ValidationCode? refusal = null;
        try
        {
            await cleaning.CleanAsync(kind, head.AsMemory(0, headLength), limited, sink, cancellationToken);
            await sink.CompleteAsync(cancellationToken);
            await FlushAsync(cancellationToken);
        }
        catch (AttachmentTooLargeException)
        {
            refusal = ValidationCode.AttachmentTooLarge;
        }
        catch (AttachmentRefusedException e)
        {
            // Malformed, uncleanable, or its cleaner failed: the file is refused whole, with the reason.
            refusal = e.Code;
        }

        if (refusal is not null)
        {
            await DiscardAsync([id], cancellationToken);
            return new AttachmentReceipt(null, name, 0, false, refusal);
        }

        await db
            .Attachments.Where(a => a.Id == id)
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(a => a.Complete, true)
                        .SetProperty(a => a.ChunkCount, index)
                        .SetProperty(a => a.SealedLength, sealedLength),
                cancellationToken
            );
        return new AttachmentReceipt(id, name, sink.Written, cleaned, null, sealedLength);
    }

    /// <summary>Forgets pending attachments (removed from the form, or sent with a form that could not be
    /// trusted).</summary>
    public async Task DiscardAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await db.AttachmentChunks.Where(c => ids.Contains(c.AttachmentId)).ExecuteDeleteAsync(cancellationToken);
        await db.Attachments.Where(a => ids.Contains(a.Id) && a.ReportId == null).ExecuteDeleteAsync(cancellationToken);
        parked.Release(ids);
    }

    /// <summary>The sealed bytes of every parked file, every node's: what the quota for all parked files
    /// counts.</summary>
    public async Task<long> ParkedBytesAsync(CancellationToken cancellationToken) =>
        await db.Attachments.Where(a => a.ReportId == null).SumAsync(a => (long?)a.SealedLength, cancellationToken)
        ?? 0;

    /// <summary>The stored (sealed) size of each of these attachments that is still kept and unclaimed.</summary>
    public async Task<Dictionary<Guid, long>> PendingSizesAsync(
        IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken
    ) =>
        ids.Count == 0
            ? []
            : await db
                .Attachments.Where(a => ids.Contains(a.Id) && a.ReportId == null && a.Complete)
                .ToDictionaryAsync(a => a.Id, a => a.SealedLength, cancellationToken);

    /// <summary>Deletes pending attachments no report claimed within
    /// <see cref="IntakeOptions.PendingAttachmentLifetime"/>.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.PendingAttachmentLifetime;
        var expired = await db
            .Attachments.Where(a => a.ReportId == null && a.CreatedAt < before)
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        await DiscardAsync(expired, cancellationToken);
        return expired.Count;
    }

    /// <summary>A plain file name to show staff: no folders, no control characters, at most 200 characters.</summary>
    public static string SafeName(string fileName)
    {
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([
            .. name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')),
        ])
            .Trim()
            .TrimStart('.');
        if (name.Length > 200)
        {
            name = name[..200];
        }

        return name.Length == 0 ? "file" : name;
    }

    private static async Task<int> ReadHeadAsync(Stream stream, byte[] head, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < head.Length && (read = await stream.ReadAsync(head.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
