using System.Globalization;
using System.Text;
using Jebo.Casework.Data;

namespace Jebo.Casework.Audit;

/// <summary>Audit entries as CSV (RFC 4180): a header line, then one line per entry, UTC times in ISO 8601.</summary>
/// <remarks>Security: an exported log is opened in spreadsheets, and a cell beginning with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c> (or a tab or carriage return) would be read as a formula there — a login, a reason or a message
/// typed into the platform could then run in the auditor's spreadsheet. Such cells are prefixed with <c>'</c>, which
/// spreadsheets show as text (OWASP, "CSV injection").</remarks>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "sequence",
        "at",
        "actor",
        "actor_office",
        "action",
        "case",
        "details",
        "hash",
    ];

    /// <summary>One cell: made inert for spreadsheets, then quoted when it holds a comma, quote or line
    /// break.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    public static string Line(AuditEntry e) =>
        Line([
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            e.Actor,
            e.ActorOffice,
            e.Action,
            e.CaseId,
            e.Details,
            e.Hash,
        ]);

    /// <summary>Writes the header and every entry; returns how many entries were written.</summary>
    public static async Task<int> WriteAsync(
        TextWriter writer,
        IAsyncEnumerable<AuditEntry> entries,
        CancellationToken cancellationToken
    )
    {
        await writer.WriteAsync(Line(Header));
        var count = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(entry));
            count++;
        }

        return count;
    }

    /// <summary>UTF-8 with a byte order mark, so spreadsheets read Hangul and Hanzi right.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}
