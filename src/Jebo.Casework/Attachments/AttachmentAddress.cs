namespace Jebo.Casework.Attachments;

/// <summary>Where a file sent with a report is downloaded: the route the API answers (<c>Api/AttachmentsApi</c>)
/// and the address the case detail links to, made in one place so that the two cannot drift apart.</summary>
public static class AttachmentAddress
{
    /// <summary>The route, under <c>/api/v1</c>.</summary>
    public const string Route = "/cases/{id}/attachments/{attachmentId:guid}";

    /// <summary>The address the case detail links a file to.</summary>
    public static string Of(string caseId, Guid attachmentId) => $"/api/v1/cases/{caseId}/attachments/{attachmentId}";

    /// <summary>The route of a case's investigation documents (<c>Api/DocumentsApi</c>): upload to it, download
    /// one by its id below it.</summary>
    public const string DocumentsRoute = "/cases/{id}/documents";

    public const string DocumentRoute = DocumentsRoute + "/{documentId:guid}";

    /// <summary>The address the case detail links an investigation document to.</summary>
    public static string OfDocument(string caseId, Guid documentId) => $"/api/v1/cases/{caseId}/documents/{documentId}";
}
