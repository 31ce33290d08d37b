using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments;
using Jebo.Intake.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Jebo.Intake.Web;

/// <summary>What a multipart post of the public API brought: its JSON part, the files kept (sealed, pending until
/// claimed) and why any was refused or the rest held back.</summary>
public sealed class UploadedFiles
{
    public List<AttachmentReceipt> Kept { get; } = [];

    /// <summary>Each refused file at <c>attachments[i]</c>, named, with the reason.</summary>
    public FieldErrors Refused { get; } = new();

    /// <summary>The body, the JSON part or a file went past its limit (413).</summary>
    public bool TooLarge { get; set; }

    /// <summary>The files together went past a report's total (413, naming the total).</summary>
    public bool OverTotal { get; set; }

    /// <summary>Too many files parked from this client, or in all (429 or 503): the rest were not read.</summary>
    public Hold? Held { get; set; }

    /// <summary>The JSON part's bytes, whether sent as a field or as a file; null when missing.</summary>
    public byte[]? Json { get; set; }

    public bool Malformed { get; set; }

    /// <summary>The post's text fields.</summary>
    public Dictionary<string, StringValues> Fields { get; set; } = [];

    public IReadOnlyList<Guid> KeptIds => [.. Kept.Select(k => k.Id!.Value)];

    /// <summary>The API's answer when the files or the body decide it, before the JSON is even read; null when they
    /// do not.</summary>
    public IResult? Problem(HttpContext context, IntakeOptions options) =>
        TooLarge ? IntakeProblems.TooLarge(context)
        : OverTotal ? IntakeProblems.ReportTooLarge(context, options.MaxReportAttachmentMegabytes)
        : Held is not null ? IntakeProblems.Held(context, Held)
        : !Refused.IsEmpty ? IntakeProblems.Validation(context, Refused)
        : null;
}

/// <summary>Reads the multipart form of CONTRACT.md for <c>POST /api/v1/reports</c> and <c>/followups</c> alike, and
/// the status page's follow-up form: one part holding the JSON (for the API), text fields, and file parts, each
/// received, cleaned and sealed as it streams in (<see cref="AttachmentIntake"/>) within a report's limits on
/// files.</summary>
/// <remarks>Security: the one reading of files for the API, so a follow-up's files meet exactly the defences of a
/// report's: at most <see cref="IntakeOptions.MaxAttachments"/> files of at most
/// <see cref="IntakeOptions.MaxAttachmentBytes"/> each and <see cref="IntakeOptions.MaxReportAttachmentBytes"/>
/// together; once the answer is decided (held back, over the total) the rest is read past and never stored. The caller
/// discards <see cref="UploadedFiles.Kept"/> unless something claims them.</remarks>
public static class AttachmentUpload
{
    public static async Task<UploadedFiles> ReadAsync(
        HttpContext context,
        string? jsonPart,
        AttachmentIntake attachments,
        string client,
        IntakeOptions options
    )
    {
        var cancellationToken = context.RequestAborted;
        FormReader.AllowBody(context, (options.MaxAttachments + 1) * (options.MaxAttachmentBytes + (1024 * 1024)));
        var upload = new UploadedFiles();
        var keptBytes = 0L;
        var files = 0;
        var posted = await FormReader.ReadAsync(
            context.Request,
            async file =>
            {
                if (file.FieldName == jsonPart)
                {
                    // Sent as a file (curl -F report=@report.json): read it as the JSON, within the JSON's limit.
                    using var buffer = new MemoryStream();
                    try
                    {
                        await new LimitedReadStream(file.Body, options.MaxReportBytes).CopyToAsync(
                            buffer,
                            cancellationToken
                        );
                        upload.Json = buffer.ToArray();
                    }
                    catch (AttachmentTooLargeException)
                    {
                        upload.TooLarge = true;
                    }

                    return;
                }

                var at = $"attachments[{files++}]";
                if (upload.Held is not null || upload.OverTotal)
                {
                    return; // the answer is decided; the rest is read past, never stored
                }

                if (upload.Kept.Count >= options.MaxAttachments)
                {
                    upload.Refused.Add(
                        at,
                        ValidationCode.AttachmentTooMany,
                        AttachmentIntake.SafeName(file.FileName),
                        options.MaxAttachments
                    );
                    return;
                }

                var receipt = await attachments.ReceiveAsync(file.Body, file.FileName, client, cancellationToken);
                if (receipt.Hold is { } hold)
                {
                    upload.Held = hold;
                }
                else if (receipt.Id is { } id && keptBytes + receipt.Stored > options.MaxReportAttachmentBytes)
                {
                    await attachments.DiscardAsync([id], cancellationToken);
                    upload.OverTotal = true;
                }
                else if (receipt.Id is not null)
                {
                    upload.Kept.Add(receipt);
                    keptBytes += receipt.Stored;
                }
                else
                {
                    upload.TooLarge |= receipt.Refusal == ValidationCode.AttachmentTooLarge;
                    upload.Refused.Add(
                        at,
                        receipt.Refusal!.Value,
                        receipt.Name,
                        options.MaxAttachmentBytes / (1024 * 1024)
                    );
                }
            },
            cancellationToken
        );
        upload.TooLarge |= posted.TooLarge;
        upload.Malformed = posted.Malformed;
        upload.Fields = posted.Fields;
        upload.Json ??=
            jsonPart is not null && posted.Fields.TryGetValue(jsonPart, out var text)
                ? System.Text.Encoding.UTF8.GetBytes(text.ToString())
                : null;
        return upload;
    }
}
