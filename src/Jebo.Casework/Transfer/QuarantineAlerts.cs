using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>The quarantined report bundles as alerts, and their resolution: one audited act, whether an administrator
/// resolves it in the staff application or an operator with <c>jebo transfer quarantine resolve</c>.</summary>
public sealed class QuarantineAlerts(CaseworkDb db, AuditLog audit, TimeProvider time)
{
    public const int MaxReason = 1000;

    /// <summary>Every quarantined bundle, oldest first, resolved ones too when asked.</summary>
    public async Task<IReadOnlyList<QuarantinedBundle>> ListAsync(
        bool withResolved,
        CancellationToken cancellationToken
    ) =>
        await db
            .QuarantinedBundles.AsNoTracking()
            .Where(q => withResolved || q.ResolvedAt == null)
            .OrderBy(q => q.At)
            .ToListAsync(cancellationToken);

    /// <summary>The id of the open alert whose quarantine folder has this name (what an import names when the same
    /// file is carried again, and what intake's quarantine ids are); null when no open alert has it.</summary>
    public async Task<Guid?> OpenIdOfFolderAsync(string folderName, CancellationToken cancellationToken)
    {
        var open = await db
            .QuarantinedBundles.AsNoTracking()
            .Where(q => q.ResolvedAt == null)
            .Select(q => new { q.Id, q.Folder })
            .ToListAsync(cancellationToken);
        return open.FirstOrDefault(q => q.Folder.Length > 0 && Path.GetFileName(q.Folder) == folderName)?.Id;
    }

    /// <summary>Resolves an open alert, saying why, in the audit log; null when no open alert has that id. The resolver
    /// is a login with its office, or <c>cli:</c> and the operating-system account (no office) for the command
    /// line.</summary>
    public async Task<QuarantinedBundle?> ResolveAsync(
        Guid id,
        string reason,
        string by,
        string? office,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var alert = await db.QuarantinedBundles.SingleOrDefaultAsync(
            q => q.Id == id && q.ResolvedAt == null,
            cancellationToken
        );
        if (alert is null)
        {
            return null;
        }

        alert.ResolvedAt = time.GetUtcNow();
        alert.ResolvedBy = by;
        alert.Resolution = reason;
        await audit.AppendAsync(
            by,
            office,
            AuditActions.TransferAlertResolved,
            null,
            new
            {
                alert = id,
                file = alert.FileName,
                sequence = alert.Sequence,
                reason,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return alert;
    }
}
