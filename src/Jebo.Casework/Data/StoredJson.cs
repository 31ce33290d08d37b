using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Data;

/// <summary>How casework writes a report's content into its database: the transfer's JSON settings, with Korean,
/// Chinese and every other script kept as UTF-8 rather than escaped as <c>\uXXXX</c>, so the stored text can be read
/// (and searched) as written.</summary>
/// <remarks>Security: the encoder still escapes what HTML and JavaScript treat specially (<c>&lt;</c>, <c>&gt;</c>,
/// <c>&amp;</c>, quotes) and control characters, as the default does; only letters of other scripts are let
/// through.</remarks>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(TransferJson.Options)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The JSON of a report's content written as <see cref="Options"/> writes it: the same values in the
    /// same order, escapes of letters undone. Text that is not JSON is returned as it was.</summary>
    public static string Readable(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Options);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
