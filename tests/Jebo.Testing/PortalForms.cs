using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Jebo.Testing;

/// <summary>What a browser without JavaScript does with the portal's forms: read the hidden antiforgery field, post
/// the fields (and files) as the form says, and read the receipt off the answer.</summary>
public static partial class PortalForms
{
    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string Token(string html) =>
        AntiforgeryField().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery field on the page");

    /// <summary>The receipt shown on a page, or null.</summary>
    public static string? Receipt(string html) => ReceiptPattern().Match(html) is { Success: true } m ? m.Value : null;

    /// <summary>A multipart body as the report form sends it.</summary>
    public static MultipartFormDataContent Multipart(
        IEnumerable<(string Name, string Value)> fields,
        params (string Field, string FileName, byte[] Bytes)[] files
    )
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, fileName, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, field, fileName);
        }

        return content;
    }

    /// <summary>Gets the report form and posts it with these fields (the token added), as a browser would.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> PostReportAsync(
        HttpClient client,
        string language,
        IEnumerable<(string Name, string Value)> fields,
        params (string Field, string FileName, byte[] Bytes)[] files
    )
    {
        var form = await client.GetStringAsync($"/report?lang={language}");
        var response = await client.PostAsync("/report", Multipart([("__af", Token(form)), .. fields], files));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Looks a receipt up on the status page as typed.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> PostStatusAsync(
        HttpClient client,
        string language,
        string typed
    )
    {
        var page = await client.GetStringAsync($"/status?lang={language}");
        var response = await client.PostAsync(
            "/status",
            new FormUrlEncodedContent([new("__af", Token(page)), new("receipt", typed)])
        );
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<input(?=[^>]*name=\"__af\")[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\b")]
    private static partial Regex ReceiptPattern();
}
