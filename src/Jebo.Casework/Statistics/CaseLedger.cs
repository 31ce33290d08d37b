using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Statistics;

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

    /// <summary>The ledger as a file of <paramref name="format"/> (<see cref="ExportFile.Formats"/>), its export
    /// recorded first.</summary>
    public async Task<ExportFile> ExportAsync(
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
            $"jebo-ledger-{office}-{zone.DateOf(time.GetUtcNow()):yyyyMMdd}"
        );
        return await ExportFile.WriteAsync(name, "ledger", format, rows, cancellationToken);
    }
}
