using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Jebo.Intake.Validation;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Web;

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

    /// <param name="request">The request whose body is read.</param>
    /// <param name="maxBytes">Larger bodies answer "too large".</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <param name="sideFields">Top-level string fields that are not part of <typeparamref name="T"/> but ride along
    /// (the proof of work, the honeypot); they are taken out before the body is read strictly.</param>
    public static async Task<JsonBodyResult<T>> ReadAsync<T>(
        HttpRequest request,
        int maxBytes,
        CancellationToken cancellationToken,
        IReadOnlyCollection<string>? sideFields = null
    )
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

        return Parse<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sideFields);
    }

    /// <summary>Parses a body already read (the <c>report</c> part of a multipart post); clears the bytes
    /// afterwards.</summary>
    /// <param name="bytes">The body; cleared before returning.</param>
    /// <param name="sideFields">As for <see cref="ReadAsync{T}"/>.</param>
    public static JsonBodyResult<T> Parse<T>(Span<byte> bytes, IReadOnlyCollection<string>? sideFields = null)
        where T : class
    {
        byte[]? rewritten = null;
        try
        {
            if (!Utf8.IsValid(bytes))
            {
                return Invalid<T>(ValidationCode.InvalidUtf8, "");
            }

            Dictionary<string, string?>? side = null;
            ReadOnlySpan<byte> json = bytes;
            if (
                sideFields is { Count: > 0 }
                && HasTopLevelField(bytes, sideFields)
                && JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = Options.MaxDepth })
                    is JsonObject root
            )
            {
                side = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var name in sideFields)
                {
                    if (!root.Remove(name, out var node) || node is null)
                    {
                        continue;
                    }

                    if (node.GetValueKind() != JsonValueKind.String)
                    {
                        return Invalid<T>(ValidationCode.InvalidValue, name);
                    }

                    side[name] = node.GetValue<string>();
                }

                rewritten = JsonSerializer.SerializeToUtf8Bytes(root);
                json = rewritten;
            }

            var value = JsonSerializer.Deserialize<T>(json, Options);
            return value is null
                ? Invalid<T>(ValidationCode.InvalidJson, "")
                : new JsonBodyResult<T>(value, null, false) { Side = side ?? [] };
        }
        catch (ArgumentException)
        {
            // A JSON object that names one field twice, met while taking the side fields out.
            return Invalid<T>(ValidationCode.InvalidJson, "");
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            var code = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? ValidationCode.UnknownField
                : ValidationCode.InvalidJson;
            return Invalid<T>(code, field);
        }
        finally
        {
            // The body may hold a report in the clear: do not leave it in a pooled buffer longer than needed.
            bytes.Clear();
            rewritten?.AsSpan().Clear();
        }
    }

    /// <summary>Whether the body is an object with one of the names among its own (top-level) fields.</summary>
    private static bool HasTopLevelField(ReadOnlySpan<byte> json, IReadOnlyCollection<string> names)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                foreach (var name in names)
                {
                    if (reader.ValueTextEquals(name))
                    {
                        return true;
                    }
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed: the strict read that follows names the problem.
        }

        return false;
    }

    /// <summary>"$.facts.description" → "facts.description"; "$" → "".</summary>
    public static string FieldOf(string? path) =>
        path is null or "$" ? ""
        : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path.TrimStart('$');

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
    where T : class
{
    /// <summary>The side fields found, by name.</summary>
    public IReadOnlyDictionary<string, string?> Side { get; init; } = new Dictionary<string, string?>();

    public string? SideField(string name) => Side.TryGetValue(name, out var value) ? value : null;
}
