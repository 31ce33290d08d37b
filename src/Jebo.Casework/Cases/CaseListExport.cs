using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Cases;

/// <summary>The case list as a file (<c>GET /api/v1/cases/export</c> and <em>Export</em> on the case list page): every
/// case the list's filter finds in the caller's jurisdiction (<see cref="CaseQueries.AllAsync"/>), in its order, with
/// the list's columns — case, received (platform time), office, category, region, status, assignee, next deadline and
/// its kind, screening score — in the reader's language, as CSV or XLSX (<see cref="ExportFile"/>). Recorded first as
/// <c>cases.exported</c>, with the filter, the format and the row count, even when no case answers.</summary>
/// <remarks>Security: the file holds what the list shows and no more — never a reporter's identity, nor the passage a
/// search matched (report content). At most <see cref="MaxRows"/> cases: a larger export is refused, never cut
/// short.</remarks>
public sealed class CaseListExport(
    CaseworkDb db,
    CaseQueries queries,
    AuditLog audit,
    StaffNames names,
    IStringLocalizer<StaffText> text,
    PlatformTimeZone zone,
    TimeProvider time
)
{
    /// <summary>The most cases one export holds.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The list of <paramref name="filter"/> (its page and cursor aside) as a file of
    /// <paramref name="format"/> (<see cref="ExportFile.Formats"/>), its export recorded first; null, and nothing
    /// recorded, when more than <paramref name="limit"/> cases answer.</summary>
    public async Task<ExportFile?> ExportAsync(
        StaffPrincipal staff,
        CaseListFilter filter,
        string format,
        CancellationToken cancellationToken,
        int limit = MaxRows
    )
    {
        ArgumentNullException.ThrowIfNull(staff);
        var cases = await queries.AllAsync(staff, filter, limit + 1, cancellationToken);
        if (cases.Count > limit)
        {
            return null;
        }

        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            await audit.AppendAsync(
                staff.Login,
                staff.OfficeCode,
                AuditActions.CasesExported,
                null,
                new
                {
                    filters = filter.Recorded,
                    format,
                    rows = cases.Count,
                },
                cancellationToken
            );
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        List<IReadOnlyList<string>> rows =
        [
            [
                text["Case.Id"],
                text["Case.Received"],
                text["Case.Office"],
                text["Case.Category"],
                text["Case.Region"],
                text["Case.Status"],
                text["Case.Assignee"],
                text["Case.NextDue"],
                text["Deadline.Kind"],
                text["Screening.Scope"],
            ],
            .. cases.Select(c =>
                (IReadOnlyList<string>)
                    [
                        c.Id,
                        zone.Format(c.ReceivedAt),
                        names.Office(c.Office),
                        names.Category(c.Category),
                        names.Region(c.Region),
                        text["Status." + c.Status],
                        c.Assignee ?? "",
                        zone.Format(c.NextDueAt),
                        c.NextDueKind is { } kind ? text["Deadline." + kind] : "",
                        c.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
                    ]
            ),
        ];
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"jebo-cases-{staff.OfficeCode}-{zone.DateOf(time.GetUtcNow()):yyyyMMdd}"
        );
        return await ExportFile.WriteAsync(name, "cases", format, rows, cancellationToken);
    }
}
