using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Reports;

/// <summary>Reads a JSON request body within a size limit and turns every way it can be wrong into a field error,
/// so that bad input gets a 400 or 413 naming the field and never a 500.</summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static async Task<JsonBodyResult<T>> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return new JsonBodyResult<T>(null, null, true);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new JsonBodyResult<T>(null, null, true);
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Parses a body already read (the <c>report</c> part of a multipart post); clears the bytes afterwards.</summary>
    public static JsonBodyResult<T> Parse<T>(Span<byte> bytes)
        where T : class
    {
        try
        {
            if (!Utf8.IsValid(bytes))
            {
                return Invalid<T>(ValidationCode.InvalidUtf8, "");
            }

            var value = JsonSerializer.Deserialize<T>(bytes, Options);
            return value is null
                ? Invalid<T>(ValidationCode.InvalidJson, "")
                : new JsonBodyResult<T>(value, null, false);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            var code = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? ValidationCode.UnknownField : ValidationCode.InvalidJson;
            return Invalid<T>(code, field);
        }
        finally
        {
            // The body may hold a report in the clear: do not leave it in a pooled buffer longer than needed.
            bytes.Clear();
        }
    }

    /// <summary>"$.facts.description" → "facts.description"; "$" → "".</summary>
    public static string FieldOf(string? path) =>
        path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static JsonBodyResult<T> Invalid<T>(ValidationCode code, string field)
        where T : class
    {
        var errors = new FieldErrors();
        errors.Add(field, code);
        return new JsonBodyResult<T>(null, errors, false);
    }
}

/// <summary>A parsed body, the field errors that stopped parsing, or "too large".</summary>
public sealed record JsonBodyResult<T>(T? Value, FieldErrors? Errors, bool IsTooLarge)
    where T : class;
