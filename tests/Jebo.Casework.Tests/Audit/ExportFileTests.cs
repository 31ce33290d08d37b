using System.IO.Compression;
using System.Text;
using Jebo.Casework.Audit;
using MiniExcelLibs;

namespace Jebo.Casework.Tests.Audit;

/// <summary>The one writer of the ledger and the case list files: readable Hangul and Hanzi in CSV (UTF-8 with a byte
/// order mark) and XLSX, and no cell a spreadsheet would compute.</summary>
public sealed class ExportFileTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> Rows =
    [
        ["사건 번호", "案件编号", "note"],
        ["=HYPERLINK(\"http://evil.example\",\"보기\")", "+1+1", "@SUM(A1:A2)"],
        ["-2+3", "부산, \"사하구\"", "賭博場"],
    ];

    [Fact]
    public async Task A_csv_cell_a_spreadsheet_would_compute_is_written_as_text()
    {
        var file = await ExportFile.WriteAsync("jebo-test", "test", ExportFile.Csv, Rows, CancellationToken.None);

        Assert.Equal(("jebo-test.csv", ExportFile.CsvContentType, 2), (file.FileName, file.ContentType, file.Rows));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, file.Content[..3]);
        Assert.Equal(
            "사건 번호,案件编号,note\r\n"
                + "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"보기\"\")\",'+1+1,'@SUM(A1:A2)\r\n"
                + "'-2+3,\"부산, \"\"사하구\"\"\",賭博場\r\n",
            Encoding.UTF8.GetString(file.Content[3..])
        );
    }

    [Fact]
    public async Task An_xlsx_holds_every_cell_as_a_string_and_no_formula()
    {
        var file = await ExportFile.WriteAsync("jebo-test", "test", ExportFile.Xlsx, Rows, CancellationToken.None);

        Assert.Equal(("jebo-test.xlsx", ExportFile.XlsxContentType, 2), (file.FileName, file.ContentType, file.Rows));
        using var sheet = new MemoryStream(file.Content);
        var read = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(Rows[1][0], read[0]["사건 번호"]);
        Assert.Equal("-2+3", read[1]["사건 번호"]);
        Assert.Equal("賭博場", read[1]["note"]);
        using var zip = new ZipArchive(new MemoryStream(file.Content), ZipArchiveMode.Read);
        var sheets = new StringBuilder();
        foreach (var part in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(part.Open());
            var xml = await reader.ReadToEndAsync();
            if (part.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
            {
                Assert.DoesNotMatch("<([a-z]+:)?f[ >]", xml);
                sheets.Append(xml);
            }

            Assert.DoesNotContain("<calcChain", xml, StringComparison.Ordinal);
        }

        Assert.NotEqual(0, sheets.Length);
    }

    [Fact]
    public async Task A_format_other_than_csv_or_xlsx_is_a_programming_error()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ExportFile.WriteAsync("jebo-test", "test", "pdf", Rows, CancellationToken.None)
        );
    }
}
