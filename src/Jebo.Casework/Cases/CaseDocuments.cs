using System.Security.Cryptography;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Sealing;
using Jebo.Casework.Staff;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>What adding or opening an investigation document came to.</summary>
public abstract record DocumentOutcome
{
    public sealed record Added(Guid Id) : DocumentOutcome;

    public sealed record Opened(CaseDocument Document, byte[] Content) : DocumentOutcome;

    public sealed record NotFound : DocumentOutcome;

    public sealed record Forbidden : DocumentOutcome;

    public sealed record Invalid(string Field, string Why) : DocumentOutcome;
}

/// <summary>
/// The investigation documents of a case: files staff attach (a statement taken, a photo from a visit, another body's
/// letter), kept in their own table (<see cref="CaseDocument"/>), apart from the reporter's files, sealed to
/// casework's own key, and opened only by an audited download. The API and the case page both call it.
/// </summary>
/// <remarks>Security: only those who work cases add documents and read them (<see cref="CasePermissions"/>), on cases
/// of their jurisdiction (not found otherwise); every addition and every download is an audit entry, written in the
/// same transaction, before a byte leaves. Nothing that builds what the reporter reads ever reads this table.</remarks>
public sealed class CaseDocuments(
    CaseworkDb db,
    CaseQueries queries,
    AuditLog audit,
    SealedBoxSealer sealer,
    SealedBoxOpener opener,
    TimeProvider time
)
{
    /// <summary>The largest document: a scanned statement or a phone's photo, not an evidence archive.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>At most this many documents a case.</summary>
    public const int MaxPerCase = 200;

    public const int MaxFileName = 255;

    public async Task<DocumentOutcome> AddAsync(
        StaffPrincipal staff,
        string caseId,
        string? fileName,
        string? contentType,
        byte[] content,
        CancellationToken cancellationToken
    )
    {
        if (!CasePermissions.MayReadCaseContent(staff.Role))
        {
            return new DocumentOutcome.Forbidden();
        }

        if (!await queries.Visible(staff).AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return new DocumentOutcome.NotFound();
        }

        var name = PlainName(fileName);
        if (name is null)
        {
            return new DocumentOutcome.Invalid("file", "a document needs a file with a name");
        }

        if (content.Length == 0)
        {
            return new DocumentOutcome.Invalid("file", "the file is empty");
        }

        if (content.Length > MaxBytes)
        {
            return new DocumentOutcome.Invalid("file", $"a document is at most {MaxBytes / (1024 * 1024)} MiB");
        }

        if (await db.CaseDocuments.CountAsync(d => d.CaseId == caseId, cancellationToken) >= MaxPerCase)
        {
            return new DocumentOutcome.Invalid("file", $"a case holds at most {MaxPerCase} documents");
        }

        var document = new CaseDocument
        {
            Id = Guid.NewGuid(),
            CaseId = caseId,
            FileName = name,
            ContentType = contentType is { Length: > 0 and <= 100 } type ? type : "application/octet-stream",
            Length = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Sealed = sealer.Seal(content),
            AddedAt = time.GetUtcNow(),
            AddedBy = staff.Login,
            AddedOffice = staff.OfficeCode,
        };
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        db.CaseDocuments.Add(document);
        await audit.AppendAsync(
            staff.Login,
            staff.OfficeCode,
            AuditActions.DocumentAdded,
            caseId,
            new
            {
                documentId = document.Id,
                fileName = document.FileName,
                length = document.Length,
                sha256 = document.Sha256,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DocumentOutcome.Added(document.Id);
    }

    /// <summary>Opens a document for download, recording the download first.</summary>
    public async Task<DocumentOutcome> OpenAsync(
        StaffPrincipal staff,
        string caseId,
        Guid documentId,
        CancellationToken cancellationToken
    )
    {
        var visible =
            CasePermissions.MayReadCaseContent(staff.Role)
            && await queries.Visible(staff).AnyAsync(c => c.Id == caseId, cancellationToken);
        var document = visible
            ? await db
                .CaseDocuments.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == documentId && d.CaseId == caseId, cancellationToken)
            : null;
        if (document is null || opener.Open(document.Sealed) is not { } content)
        {
            return new DocumentOutcome.NotFound();
        }

        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        await audit.AppendAsync(
            staff.Login,
            staff.OfficeCode,
            AuditActions.DocumentDownloaded,
            caseId,
            new { documentId, sha256 = document.Sha256 },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DocumentOutcome.Opened(document, content);
    }

    /// <summary>The last segment of a path as uploaded, without control characters; null when nothing is
    /// left.</summary>
    private static string? PlainName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0)
        {
            return null;
        }

        return name.Length <= MaxFileName ? name : name[..MaxFileName];
    }
}
