using System.Data;
using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Jebo.Casework.Audit;

/// <summary>A table exported for spreadsheets (the office's ledger, the case list), ready to download: UTF-8 CSV with a
/// byte order mark, so spreadsheets read Hangul and Hanzi right, or XLSX. <see cref="Rows"/> counts the lines below
/// the header. The caller records the export in the audit trail before it hands the file out.</summary>
/// <remarks>Security: a CSV cell a spreadsheet would take for a formula is made inert as in the audit export
/// (<see cref="AuditCsv.Cell"/>); an XLSX cell is always a string, and MiniExcel writes no formula from a
/// value.</remarks>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content, int Rows)
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";
    public static readonly IReadOnlyList<string> Formats = [Csv, Xlsx];

    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary><paramref name="rows"/>, the header first, as a file of <paramref name="format"/> (one of
    /// <see cref="Formats"/>) named <paramref name="name"/> with the format's extension; an XLSX holds one sheet named
    /// <paramref name="sheet"/>.</summary>
    public static async Task<ExportFile> WriteAsync(
        string name,
        string sheet,
        string format,
        IReadOnlyList<IReadOnlyList<string>> rows,
        CancellationToken cancellationToken
    )
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        var fileName = name + "." + format;
        return format switch
        {
            Csv => new ExportFile(fileName, CsvContentType, CsvBytes(rows), rows.Count - 1),
            Xlsx => new ExportFile(
                fileName,
                XlsxContentType,
                await XlsxAsync(sheet, rows, cancellationToken),
                rows.Count - 1
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "csv or xlsx"),
        };
    }

    /// <summary>RFC 4180 lines with cells made inert for spreadsheets, in UTF-8 with a byte order mark.</summary>
    private static byte[] CsvBytes(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            csv.Append(AuditCsv.Line(row));
        }

        return [.. AuditCsv.Encoding.GetPreamble(), .. AuditCsv.Encoding.GetBytes(csv.ToString())];
    }

    /// <summary>One sheet, the header as its first row; every cell is a string.</summary>
    private static async Task<byte[]> XlsxAsync(
        string sheet,
        IReadOnlyList<IReadOnlyList<string>> rows,
        CancellationToken cancellationToken
    )
    {
        using var table = new DataTable(sheet) { Locale = CultureInfo.InvariantCulture };
        foreach (var column in rows[0])
        {
            table.Columns.Add(column, typeof(string));
        }

        foreach (var row in rows.Skip(1))
        {
            table.Rows.Add([.. row]);
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(
            table,
            sheetName: sheet,
            excelType: ExcelType.XLSX,
            cancellationToken: cancellationToken
        );
        return stream.ToArray();
    }
}
