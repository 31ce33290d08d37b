using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Web;
using Jebo.Transfer.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Pages.Audit;

/// <summary>The audit log for auditors (and administrators): filtered by case, user, office, kind and period within
/// the reader's jurisdiction (<see cref="AuditSearch"/>), fifty to a page; a CSV export of the filtered log, itself
/// recorded as <c>audit.exported</c> before a byte leaves; and the chain check of <c>jebo audit verify</c>, recorded
/// as <c>audit.verified</c>.</summary>
public sealed class IndexModel(
    AuditSearch search,
    AuditLog audit,
    CaseworkDb db,
    OfficeTree offices,
    CaseworkOptions options,
    TimeProvider time
) : StaffPageModel
{
    public string? Case { get; private set; }
    public string? UserLogin { get; private set; }
    public string? Office { get; private set; }
    public string? Kind { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public IReadOnlyList<string> Offices { get; private set; } = [];
    public AuditPage Result { get; private set; } = new([], 0, 1, AuditSearch.PageSize);
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);
    public AuditVerifier.Outcome? Verified { get; private set; }

    public async Task OnGetAsync(
        string? @case,
        string? user,
        string? office,
        string? kind,
        string? from,
        string? to,
        [FromQuery(Name = "page")] int? page
    )
    {
        var filter = Read(@case, user, office, kind, from, to);
        Result = await search.PageAsync(Staff, filter, Math.Clamp(page ?? 1, 1, 100_000), HttpContext.RequestAborted);
    }

    /// <summary>The filtered log as CSV. The export is recorded, with its filter and row count, before it is
    /// sent.</summary>
    public async Task<IActionResult> OnPostExportAsync(
        string? @case,
        string? user,
        string? office,
        string? kind,
        string? from,
        string? to
    )
    {
        var filter = Read(@case, user, office, kind, from, to);
        // The export holds the log as it stood when asked for; its own entry comes after.
        var through = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, HttpContext.RequestAborted) ?? 0;
        var query = search.Query(Staff, filter).Where(e => e.Sequence <= through).Take(AuditSearch.MaxExportRows);
        var rows = await query.CountAsync(HttpContext.RequestAborted);
        await using (var transaction = await WriteTransaction.BeginAsync(db, HttpContext.RequestAborted))
        {
            await audit.AppendAsync(
                Staff.Login,
                Staff.OfficeCode,
                AuditActions.AuditExported,
                filter.Case,
                new
                {
                    format = "csv",
                    rows,
                    through,
                    filter = new
                    {
                        @case = filter.Case,
                        user = filter.User,
                        office = filter.Office,
                        kind = filter.Action,
                        from = filter.From,
                        to = filter.To,
                    },
                },
                HttpContext.RequestAborted
            );
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            await transaction.CommitAsync(HttpContext.RequestAborted);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"jebo-audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await using (
            var writer = new StreamWriter(Response.Body, AuditCsv.Encoding, bufferSize: 64 * 1024, leaveOpen: true)
        )
        {
            await AuditCsv.WriteAsync(writer, query.AsAsyncEnumerable(), HttpContext.RequestAborted);
            await writer.FlushAsync(HttpContext.RequestAborted);
        }

        return new EmptyResult();
    }

    /// <summary>Runs the check of <c>jebo audit verify</c> over the whole chain and the stored checkpoints, shows the
    /// outcome, and records that it was run.</summary>
    public async Task<IActionResult> OnPostVerifyAsync()
    {
        // The keys as the folder holds them now, not as loaded at start: a checkpoint `jebo audit checkpoint` signed
        // after a signing-key rotation verifies here too.
        Verified = await new AuditVerifier(db).VerifyAsync(
            KeyFolder.OwnSigningKeys(options.KeysFolder),
            new AuditCheckpointFile(options.CheckpointFile),
            null,
            HttpContext.RequestAborted
        );
        await using (var transaction = await WriteTransaction.BeginAsync(db, HttpContext.RequestAborted))
        {
            await audit.AppendAsync(
                Staff.Login,
                Staff.OfficeCode,
                AuditActions.AuditVerified,
                null,
                new
                {
                    intact = Verified.Intact,
                    entries = Verified.Entries,
                    checkpoints = Verified.Checkpoints,
                    problem = Verified.Problem,
                },
                HttpContext.RequestAborted
            );
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            await transaction.CommitAsync(HttpContext.RequestAborted);
        }

        Result = await search.PageAsync(Staff, Read(null, null, null, null, null, null), 1, HttpContext.RequestAborted);
        if (!Verified.Intact)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }

    /// <summary>The filter as given, keeping only what makes sense: an office outside the jurisdiction, an unknown kind
    /// or a date that is not one are ignored rather than trusted.</summary>
    private AuditFilter Read(string? caseId, string? user, string? office, string? kind, string? from, string? to)
    {
        Offices = offices.Subtree(Staff.OfficeCode);
        Case = caseId?.Trim() is { Length: > 0 and <= 32 } id ? id.ToUpperInvariant() : null;
        UserLogin = user?.Trim() is { Length: > 0 and <= 64 } login ? login : null;
        Office = office is not null && Offices.Contains(office) ? office : null;
        Kind = kind is not null && AuditSearch.Kinds.Contains(kind) ? kind : null;
        var fromDay = Day(from);
        var toDay = Day(to);
        From = fromDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = toDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new AuditFilter(Case, UserLogin, Office, Kind, fromDay, toDay);
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;

    /// <summary>The filter's fields, for links and the export form.</summary>
    public IReadOnlyDictionary<string, string?> FilterFields =>
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["case"] = Case,
            ["user"] = UserLogin,
            ["office"] = Office,
            ["kind"] = Kind,
            ["from"] = From,
            ["to"] = To,
        };

    public string PageLink(int page) =>
        "/audit"
        + QueryString
            .Create(
                FilterFields
                    .Where(f => f.Value is not null)
                    .Append(KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture)))
            )
            .ToUriComponent();

    public static string UserLink(string login) => "/audit" + QueryString.Create("user", login).ToUriComponent();
}
