using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Cases;

/// <summary>The office's queue: the cases of its jurisdiction (decided by <see cref="CaseQueries"/>), filtered by
/// status, office below it, category, region, received dates, deadlines, supervision and contact, searched by free
/// text, in the order asked, fifty to a page.</summary>
public sealed class IndexModel(CaseQueries queries, CaseListExport export, OfficeTree offices, PlatformTimeZone zone)
    : StaffPageModel
{
    /// <summary>The query parameters the page's form and links carry.</summary>
    private static readonly string[] Parameters =
    [
        "status",
        "office",
        "q",
        "category",
        "region",
        "from",
        "to",
        "due",
        "supervised",
        "hasContact",
        "sort",
        "assignee",
    ];

    public CaseListFilter Filter { get; private set; } = new();
    public string? Status => Filter.Status;
    public string? Office => Filter.Office;
    public string? Q => Filter.Query;

    /// <summary>Only the cases assigned to the person ("my cases", <c>assignee=me</c>).</summary>
    public bool Mine => Filter.Assignee == "me";
    public IReadOnlyList<string> Offices { get; private set; } = [];
    public CasePage Result { get; private set; } = new([], 0, 1, CaseQueries.PageSize);
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    /// <summary>Why the list could not be exported, when it could not.</summary>
    public string? ExportRefusal { get; private set; }

    /// <summary>The filters the page's form and links carry, with what the person gave for each.</summary>
    public IEnumerable<(string Name, string Value)> GivenFilters =>
        Parameters.Select(p => (Name: p, Value: Given(p) ?? "")).Where(p => p.Value.Length > 0);

    /// <summary>A parameter as the person gave it (in the address, or in the export's form), to show it again in the
    /// form.</summary>
    public string? Given(string name) => Parameter(name) is { Count: > 0 } value ? value.ToString() : null;

    private Microsoft.Extensions.Primitives.StringValues Parameter(string name) =>
        Request.HasFormContentType ? Request.Form[name] : Request.Query[name];

    public async Task OnGetAsync()
    {
        ReadFilter();
        Result = await queries.ListAsync(Staff, Filter, HttpContext.RequestAborted);
    }

    /// <summary>The list of the filters posted (those the page shows) as CSV or XLSX, recorded before it is sent; a
    /// POST, so no link or prefetch makes an unrecorded copy.</summary>
    public async Task<IActionResult> OnPostExportAsync(string? format)
    {
        ReadFilter();
        if (
            ExportFile.Formats.Contains(format ?? "")
            && await export.ExportAsync(Staff, Filter, format!, HttpContext.RequestAborted) is { } file
        )
        {
            return File(file.Content, file.ContentType, file.FileName);
        }

        ExportRefusal = ExportFile.Formats.Contains(format ?? "")
            ? Refusals.Text("Export.TooMany", CaseListExport.MaxRows)
            : Refusals.Text("Stats.Error.Format");
        Result = await queries.ListAsync(Staff, Filter, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>The filter the person asked for. Filters outside what the page offers are ignored rather than trusted:
    /// the office filter can only narrow.</summary>
    private void ReadFilter()
    {
        Offices = offices.Subtree(Staff.OfficeCode);
        var (filter, errors) = CaseListFilter.Parse(name => Parameter(name), zone.StartOf);
        Filter = filter with
        {
            Status = filter.Status is { } status && CaseStatus.All.Contains(status) ? status : null,
            Office = filter.Office is { } office && Offices.Contains(office) ? office : null,
            Query = filter.Query is { } q ? q[..Math.Min(q.Length, Search.SearchTerms.MaxQueryLength)] : null,
            After = errors.ContainsKey("after") ? null : filter.After,
        };
    }

    public string PageLink(int page) => Link("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The page after this one by keyset (<c>after</c>), the same filters kept.</summary>
    public string NextLink() => Link("after", Result.Next);

    private string Link(string name, string? value)
    {
        var parameters = Parameters
            .Select(p => (Name: p, Value: Given(p)))
            .Where(p => p.Value is { Length: > 0 })
            .Append((Name: name, Value: value))
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        return "/cases" + QueryString.Create(parameters.Where(p => p.Value is not null)).ToUriComponent();
    }
}
