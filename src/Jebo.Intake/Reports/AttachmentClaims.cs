using Jebo.Intake.Data;
using Jebo.Intake.Transfer;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Reports;

/// <summary>Commits a report or a follow-up together with the pending files it claims, within a report's limits: the
/// number of files, their total size and whether it can travel to casework in one bundle.</summary>
/// <remarks>Security: the one place these limits are decided for good, whichever way the files came (form or API, one
/// post or many) and whatever carries them (a report or a follow-up), so a follow-up cannot carry more than a report.
/// Anything over a limit is rolled back before the row commits, so it is never acknowledged.</remarks>
public static class AttachmentClaims
{
    /// <summary>Adds <paramref name="row"/> and claims <paramref name="attachments"/> for it in one
    /// transaction.</summary>
    /// <param name="db">The intake database.</param>
    /// <param name="options">The limits.</param>
    /// <param name="row">The report's or follow-up's row, added in the same transaction.</param>
    /// <param name="recordLength">The bytes of the row's own bundle record payload.</param>
    /// <param name="attachments">The pending files it claims.</param>
    /// <param name="reportId">The report that carries the files.</param>
    /// <param name="followUpId">The follow-up that carries them, or null for a report's own files.</param>
    /// <param name="cancellationToken">Stops before the commit.</param>
    /// <exception cref="AttachmentsExpiredException">Some file is no longer pending (expired or already
    /// sent).</exception>
    /// <exception cref="ReportTooLargeException">Too many files, files too large together, or too large to
    /// travel; the files stay pending.</exception>
    public static async Task CommitAsync(
        IntakeDb db,
        IntakeOptions options,
        object row,
        long recordLength,
        IReadOnlyList<Guid> attachments,
        Guid reportId,
        Guid? followUpId,
        CancellationToken cancellationToken
    )
    {
        db.Add(row);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var claimed = await db
            .Attachments.Where(a => attachments.Contains(a.Id) && a.ReportId == null && a.Complete)
            .ExecuteUpdateAsync(
                s => s.SetProperty(a => a.ReportId, reportId).SetProperty(a => a.FollowUpId, followUpId),
                cancellationToken
            );
        if (claimed != attachments.Distinct().Count())
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            throw new AttachmentsExpiredException();
        }

        var files = await db
            .Attachments.Where(a => attachments.Contains(a.Id))
            .Select(a => new { a.Header.Length, a.SealedLength })
            .ToListAsync(cancellationToken);
        if (
            files.Count > options.MaxAttachments
            || files.Sum(f => f.SealedLength) > options.MaxReportAttachmentBytes
            || ReportSize.InBundle(
                recordLength,
                files.Select(f => ReportSize.AttachmentRecord(f.Length, f.SealedLength))
            ) > options.MaxTravelBytes
        )
        {
            // The files stay pending: the reporter may remove some and send again.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            throw new ReportTooLargeException();
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
