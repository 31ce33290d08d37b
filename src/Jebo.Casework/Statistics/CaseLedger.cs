using System.Data;
using System.Globalization;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Jebo.Casework.Statistics;

/// <summary>A ledger ready to download.</summary>
public sealed record LedgerFile(string FileName, string ContentType, byte[] Content, int Rows);

/// <summary>An office's ledger of clues (<c>GET /api/v1/ledger</c> and the statistics page): one line per case of the
/// office and the offices below it, received in the period — received, office, category, region, status, how each
/// deadline was kept, outcome and reviewer — in the reader's language, as UTF-8 CSV with a byte order mark (so
/// spreadsheets read Hangul and Hanzi right) or as XLSX. Every export is audited (<c>ledger.exported</c>) before it is
/// handed out.</summary>
public sealed class CaseLedger(
    CaseworkDb db,
    CaseStatistics statistics,
    AuditLog audit,
    StaffNames names,
    IStringLocalizer<StaffText> text,
    PlatformTimeZone zone,
    TimeProvider time
)
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";
    public static readonly IReadOnlyList<string> Formats = [Csv, Xlsx];

    private sealed record Line(
        string Id,
        string Category,
        string Region,
        string? RejectionReason,
        string? MergedInto,
        string? ReviewedBy,
        string? ReviewerOffice,
        CaseFigures Figures
    );

    /// <summary>The header and the lines of the ledger, in the current language.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> RowsAsync(
        StaffPrincipal staff,
        StatsFilter filter,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        var lines = (
            await statistics
                .Scope(staff, filter)
                .OrderBy(c => c.ReceivedAt)
                .ThenBy(c => c.Id)
                .ToListAsync(cancellationToken)
        ).Select(c => new Line(
            c.Id,
            c.Category,
            c.Region,
            c.RejectionReason,
            c.MergedInto,
            c.ReviewedBy,
            c.ReviewerOffice,
            CaseFigures.Of(c)
        ));
        List<IReadOnlyList<string>> rows =
        [
            [
                text["Ledger.Case"],
                text["Ledger.Received"],
                text["Ledger.Office"],
                text["Ledger.Category"],
                text["Ledger.Region"],
                text["Ledger.Status"],
                .. CaseStatistics.OfficeDeadlines.Select(k => text["Ledger.Deadline", text["Deadline." + k]].Value),
                text["Ledger.Outcome"],
                text["Ledger.Reviewer"],
            ],
        ];
        rows.AddRange(
            lines.Select(l =>
                (IReadOnlyList<string>)
                    [
                        l.Id,
                        zone.Local(l.Figures.ReceivedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        names.Office(l.Figures.Office),
                        names.Category(l.Category),
                        names.Region(l.Region),
                        text["Status." + l.Figures.Status],
                        .. CaseStatistics.OfficeDeadlines.Select(k => State(l.Figures.Outcome(k, now))),
                        Outcome(l),
                        l.ReviewedBy is null ? "" : $"{l.ReviewedBy} ({names.Office(l.ReviewerOffice ?? "")})",
                    ]
            )
        );
        return rows;
    }

    private string State(DeadlineOutcome outcome) =>
        outcome switch
        {
            DeadlineOutcome.MetOnTime => text["DeadlineState.met"],
            DeadlineOutcome.MetLate => text["DeadlineState.met-late"],
            DeadlineOutcome.Running => text["DeadlineState.open"],
            DeadlineOutcome.Overdue => text["DeadlineState.overdue"],
            DeadlineOutcome.Stopped => text["DeadlineState.stopped"],
            _ => "",
        };

    private string Outcome(Line l) =>
        l switch
        {
            { Figures.Result: { } result } => text["Result." + result],
            { RejectionReason: { } reason } => text["Rejection." + reason],
            { MergedInto: { } into } => text["Ledger.MergedInto", into],
            _ => "",
        };

    /// <summary>The ledger as a file of <paramref name="format"/> (<see cref="Formats"/>), its export recorded
    /// first.</summary>
    public async Task<LedgerFile> ExportAsync(
        StaffPrincipal staff,
        StatsFilter filter,
        string format,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(staff);
        var rows = await RowsAsync(staff, filter, cancellationToken);
        var office = filter.Office ?? staff.OfficeCode;
        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            await audit.AppendAsync(
                staff.Login,
                staff.OfficeCode,
                AuditActions.LedgerExported,
                null,
                new
                {
                    office,
                    from = filter.From,
                    to = filter.To,
                    category = filter.Category,
                    format,
                    rows = rows.Count - 1,
                },
                cancellationToken
            );
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"jebo-ledger-{office}-{zone.DateOf(time.GetUtcNow()):yyyyMMdd}.{format}"
        );
        return format == Xlsx
            ? new LedgerFile(
                name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                await XlsxAsync(rows, cancellationToken),
                rows.Count - 1
            )
            : new LedgerFile(name, "text/csv; charset=utf-8", CsvBytes(rows), rows.Count - 1);
    }

    /// <summary>RFC 4180 lines with cells made inert for spreadsheets (<see cref="AuditCsv.Cell"/>), in UTF-8 with a
    /// byte order mark.</summary>
    private static byte[] CsvBytes(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            csv.Append(AuditCsv.Line(row));
        }

        return [.. AuditCsv.Encoding.GetPreamble(), .. AuditCsv.Encoding.GetBytes(csv.ToString())];
    }

    /// <summary>One sheet, the header as its first row; every cell is a string (MiniExcel writes no formula from a
    /// value).</summary>
    private static async Task<byte[]> XlsxAsync(
        IReadOnlyList<IReadOnlyList<string>> rows,
        CancellationToken cancellationToken
    )
    {
        using var table = new DataTable("ledger") { Locale = CultureInfo.InvariantCulture };
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
            sheetName: "ledger",
            excelType: ExcelType.XLSX,
            cancellationToken: cancellationToken
        );
        return stream.ToArray();
    }
}
