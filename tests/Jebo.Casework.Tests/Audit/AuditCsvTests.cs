using Jebo.Casework.Audit;
using Jebo.Casework.Data;

namespace Jebo.Casework.Tests.Audit;

/// <summary>CSV cells are quoted as RFC 4180 says and can never be read as a spreadsheet formula.</summary>
public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("제보, 신원", "\"제보, 신원\"")]
    public void A_cell_is_quoted_when_needed_and_defused_when_it_could_be_a_formula(string? value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    [Fact]
    public void An_entry_is_one_line_of_eight_cells_in_utc()
    {
        var line = AuditCsv.Line(
            new AuditEntry
            {
                Sequence = 7,
                At = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(9)),
                Actor = "busan.sup",
                ActorOffice = "26",
                Action = "case.transfer",
                CaseId = "AB12-CD34-EF56",
                Details = "{\"reason\":\"a, b\"}",
                PreviousHash = "",
                Hash = "ff",
            }
        );
        Assert.Equal(
            "7,2026-12-05T00:00:00.000Z,busan.sup,26,case.transfer,AB12-CD34-EF56,\"{\"\"reason\"\":\"\"a, "
                + "b\"\"}\",ff\r\n",
            line
        );
    }
}
