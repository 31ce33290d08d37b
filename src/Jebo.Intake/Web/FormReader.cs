using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Jebo.Intake.Web;

/// <summary>A file part of a multipart form, to be read once, as it arrives.</summary>
public sealed record FilePart(string FieldName, string FileName, Stream Body);

/// <summary>The text fields of a form read by <see cref="FormReader"/>, and whether the body ended early.</summary>
public sealed class FormRead
{
    public Dictionary<string, StringValues> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>The body was larger than the request allows: fields and files after that point are missing.</summary>
    public bool TooLarge { get; set; }

    /// <summary>The body was not a well-formed form (bad boundary, over-long headers, too many or too long
    /// fields).</summary>
    public bool Malformed { get; set; }

    public string Get(string name) => Fields.TryGetValue(name, out var value) ? value.ToString() : "";
}

/// <summary>Reads a form post part by part, handing each file to the caller as a stream while it arrives.</summary>
/// <remarks>
/// Security: ASP.NET Core's own form reading buffers files, above a threshold in temporary files on disk, which would
/// leave a reporter's photo readable on the internet-facing machine. Here a file is never buffered: the caller seals
/// it chunk by chunk as it streams in (see <c>Attachments/AttachmentIntake</c>), and text fields are held in memory
/// within fixed limits.
/// </remarks>
public static class FormReader
{
    public const int MaxFields = 400;
    public const int MaxFieldBytes = 256 * 1024;
    public const int MaxTextBytes = 1024 * 1024;

    public static async Task<FormRead> ReadAsync(
        HttpRequest request,
        Func<FilePart, Task> onFile,
        CancellationToken cancellationToken
    )
    {
        var result = new FormRead();
        try
        {
            if (request.HasFormContentType && !IsMultipart(request.ContentType))
            {
                // URL-encoded: no files; the framework's reader applies FormOptions' small limits.
                var form = await request.ReadFormAsync(cancellationToken);
                foreach (var (key, value) in form)
                {
                    result.Fields[key] = value;
                }

                return result;
            }

            if (
                !IsMultipart(request.ContentType)
                || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
                || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary
            )
            {
                result.Malformed = true;
                return result;
            }

            await ReadMultipartAsync(request.Body, boundary, result, onFile, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            result.TooLarge = true;
        }
        catch (InvalidDataException)
        {
            // MultipartReader's word for a malformed body or a header over its limits; FormReader's too.
            result.Malformed = true;
        }

        return result;
    }

    /// <summary>Raises this request's body limit to what a form with the maximum number of files may need.</summary>
    public static void AllowBody(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }

    private static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    private static async Task ReadMultipartAsync(
        Stream body,
        string boundary,
        FormRead result,
        Func<FilePart, Task> onFile,
        CancellationToken cancellationToken
    )
    {
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 8, HeadersLengthLimit = 8 * 1024 };
        var fieldCount = 0;
        var textBytes = 0;
        var buffer = new byte[16 * 1024];
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (
                ++fieldCount > MaxFields
                || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            )
            {
                result.Malformed = true;
                return;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star
                    ? star
                    : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                if (fileName.Length > 0)
                {
                    await onFile(new FilePart(name, fileName, section.Body));
                }

                // Whatever the caller left unread (a refused file) is read past, never kept.
                while (await section.Body.ReadAsync(buffer, cancellationToken) > 0) { }

                continue;
            }

            using var value = new MemoryStream();
            int read;
            while ((read = await section.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                textBytes += read;
                if (value.Length + read > MaxFieldBytes || textBytes > MaxTextBytes)
                {
                    result.Malformed = true;
                    return;
                }

                value.Write(buffer, 0, read);
            }

            var text = Encoding.UTF8.GetString(value.GetBuffer(), 0, (int)value.Length);
            result.Fields[name] = result.Fields.TryGetValue(name, out var existing)
                ? StringValues.Concat(existing, text)
                : new StringValues(text);
        }
    }
}
