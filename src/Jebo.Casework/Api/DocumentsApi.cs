using Jebo.Casework.Attachments;
using Jebo.Casework.Cases;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>POST /api/v1/cases/{id}/documents</c> (multipart, one <c>file</c> part) adds an investigation document
/// to a case; <c>GET /api/v1/cases/{id}/documents/{documentId}</c> downloads one, audited
/// (<see cref="CaseDocuments"/>).</summary>
/// <remarks>Security: the answer is always a download (<c>application/octet-stream</c>, <c>Content-Disposition:
/// attachment</c>, a sandboxing CSP), as for the reporter's files, so a document never renders inside the staff
/// application's origin.</remarks>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        api.MapPost(AttachmentAddress.DocumentsRoute, AddAsync)
            .WithName("AddCaseDocument")
            .WithSummary("Attach an investigation document to a case")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AddedDocument>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery();
        api.MapGet(AttachmentAddress.DocumentRoute, DownloadAsync)
            .WithName("DownloadCaseDocument")
            .WithSummary("Download an investigation document of a case")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public sealed record AddedDocument(Guid Id, string Download);

    private static async Task<IResult> AddAsync(HttpContext context, string id, CaseDocuments documents)
    {
        var staff = StaffPrincipal.From(context.User);
        if (context.Request.ContentLength > CaseDocuments.MaxBytes + (64 * 1024))
        {
            return TooLarge();
        }

        if (!context.Request.HasFormContentType)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["file"] = [Refusals.Text("Field.Multipart")] },
                title: Refusals.Text("Refusal.Title.Fields")
            );
        }

        IFormFile? file;
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            file = form.Files.GetFile("file");
        }
        catch (InvalidDataException)
        {
            return TooLarge();
        }

        if (file is null)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["file"] = [Refusals.Text("Field.FilePart")] },
                title: Refusals.Text("Refusal.Title.Fields")
            );
        }

        if (file.Length > CaseDocuments.MaxBytes)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, context.RequestAborted);
        var caseId = id.Trim().ToUpperInvariant();
        return await documents.AddAsync(
            staff,
            caseId,
            file.FileName,
            file.ContentType,
            buffer.ToArray(),
            context.RequestAborted
        ) switch
        {
            DocumentOutcome.Added added => Results.Json(
                new AddedDocument(added.Id, AttachmentAddress.OfDocument(caseId, added.Id)),
                statusCode: StatusCodes.Status201Created
            ),
            DocumentOutcome.Forbidden => Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: Refusals.Text("Problem.DocumentsForbidden", Refusals.Name("Role", staff.Role))
            ),
            DocumentOutcome.Invalid invalid => Results.ValidationProblem(
                new Dictionary<string, string[]> { [invalid.Field] = [invalid.Why] },
                title: Refusals.Text("Refusal.Title.Fields")
            ),
            _ => CasesApi.NotFound(caseId),
        };
    }

    private static async Task<IResult> DownloadAsync(
        HttpContext context,
        string id,
        Guid documentId,
        CaseDocuments documents
    ) =>
        await SendAsync(context, StaffPrincipal.From(context.User), id, documentId, documents)
        ?? Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: Refusals.Text("Problem.NoDocument", documentId, id)
        );

    /// <summary>Audits the download and sends the document; null when it is not on a case the person may see.</summary>
    public static async Task<IResult?> SendAsync(
        HttpContext context,
        StaffPrincipal staff,
        string id,
        Guid documentId,
        CaseDocuments documents
    )
    {
        if (
            await documents.OpenAsync(staff, id.Trim().ToUpperInvariant(), documentId, context.RequestAborted)
            is not DocumentOutcome.Opened opened
        )
        {
            return null;
        }

        AttachmentsApi.SetDownloadHeaders(context.Response, opened.Document.FileName, opened.Document.Sha256);
        return Results.Bytes(opened.Content, "application/octet-stream");
    }

    private static IResult TooLarge() =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: Refusals.Text("Problem.DocumentTooLarge", CaseDocuments.MaxBytes / (1024 * 1024))
        );
}
