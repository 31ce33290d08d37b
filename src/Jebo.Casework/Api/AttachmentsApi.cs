using Jebo.Casework.Attachments;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Sealing;
using Jebo.Casework.Staff;
using Jebo.Transfer.Attachments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/cases/{id}/attachments/{attachmentId}</c>: a file sent with a report or a follow-up,
/// opened as it streams out; every download is an audit entry written before the first byte leaves.</summary>
/// <remarks>Security: jurisdiction is the case's (a file of a case the caller cannot see is not found); the answer is
/// always a download (<c>application/octet-stream</c>, <c>Content-Disposition: attachment</c>, a sandboxing CSP), so a
/// reporter's file is never rendered inside the staff application's origin.</remarks>
public static class AttachmentsApi
{
    public static RouteGroupBuilder MapAttachmentsApi(this RouteGroupBuilder api)
    {
        api.MapGet(AttachmentAddress.Route, DownloadAsync)
            .WithName("DownloadAttachment")
            .WithSummary("Download a file sent with a report")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> DownloadAsync(
        HttpContext context,
        string id,
        Guid attachmentId,
        CaseQueries queries,
        CaseworkDb db,
        AuditLog audit,
        SealedBoxOpener opener,
        ILogger<AuditLog> logger
    ) =>
        await SendAsync(
            context,
            StaffPrincipal.From(context.User),
            id,
            attachmentId,
            queries,
            db,
            audit,
            opener,
            logger
        )
        ?? Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: Refusals.Text("Problem.NoAttachment", attachmentId, id)
        );

    /// <summary>The headers every file leaving casework carries, a reporter's or an investigation document: a
    /// download under its plain name, never sniffed, rendered or cached, with its SHA-256.</summary>
    public static void SetDownloadHeaders(HttpResponse response, string fileName, string sha256)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Jebo-Sha256"] = sha256;
    }

    /// <summary>Audits the download, then streams the opened file as the response; null (nothing sent) when the file is
    /// not on a case the person may see. The one place files leave casework: the API and the case page both call
    /// it.</summary>
    public static async Task<IResult?> SendAsync(
        HttpContext context,
        StaffPrincipal staff,
        string id,
        Guid attachmentId,
        CaseQueries queries,
        CaseworkDb db,
        AuditLog audit,
        SealedBoxOpener opener,
        ILogger logger
    )
    {
        var cancellationToken = context.RequestAborted;
        // Files are content: administrators never, auditors only through the case with a purpose (not by a direct
        // link).
        var visible =
            CasePermissions.MayReadCaseContent(staff.Role)
            && await queries.Visible(staff).AnyAsync(c => c.Id == id, cancellationToken);
        var reports = db.Reports.HeldBy(id);
        var attachment = visible
            ? await db
                .Attachments.AsNoTracking()
                .FirstOrDefaultAsync(
                    a => a.Id == attachmentId && reports.Any(r => r.Id == a.ReportId),
                    cancellationToken
                )
            : null;
        if (attachment is null)
        {
            return null;
        }

        var header = AttachmentFormat.ReadHeader(attachment.Header);
        var opened = opener.Open(header.SealedMetadata);
        if (opened is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: Refusals.Text("Problem.AttachmentKey")
            );
        }

        var key = AttachmentFormat.ReadMetadata(opened).Key;
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(opened);

        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            await audit.AppendAsync(
                staff.Login,
                staff.OfficeCode,
                AuditActions.AttachmentDownloaded,
                id,
                new
                {
                    attachmentId,
                    reportId = attachment.ReportId,
                    followUpId = attachment.FollowUpId,
                    sha256 = attachment.Sha256,
                },
                cancellationToken
            );
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = attachment.Length;
        SetDownloadHeaders(response, attachment.FileName, attachment.Sha256);

        using var chunkOpener = new AttachmentChunkOpener(header, key);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        var plaintext = new byte[header.ChunkSize];
        try
        {
            var index = 0;
            await foreach (
                var chunk in db
                    .AttachmentChunks.AsNoTracking()
                    .Where(c => c.AttachmentId == attachmentId)
                    .OrderBy(c => c.Index)
                    .Select(c => c.Data)
                    .AsAsyncEnumerable()
                    .WithCancellation(cancellationToken)
            )
            {
                var final = index == attachment.ChunkCount - 1;
                if (!chunkOpener.TryOpen(index, final, chunk, plaintext))
                {
                    // Headers are gone already: cut the connection so a damaged file is never taken for a whole one.
                    logger.LogError(
                        "Attachment {AttachmentId} chunk {Index} does not open; download aborted",
                        attachmentId,
                        index
                    );
                    context.Abort();
                    return Results.Empty;
                }

                await response.Body.WriteAsync(
                    plaintext.AsMemory(0, chunk.Length - AttachmentFormat.TagLength),
                    cancellationToken
                );
                index++;
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }

        return Results.Empty;
    }
}
