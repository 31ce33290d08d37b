using Jebo.Casework.Cases;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Offices;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Http;

namespace Jebo.Casework.Pages.Cases;

/// <summary>The office's queue: the cases of its jurisdiction (decided by <see cref="CaseQueries"/>), filtered by
/// status, office below it, category, region, received dates, deadlines, supervision and contact, searched by free
/// text, in the order asked, fifty to a page.</summary>
public sealed class IndexModel(CaseQueries queries, OfficeTree offices, PlatformTimeZone zone) : StaffPageModel
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

    /// <summary>A parameter as the person gave it, to show it again in the form.</summary>
    public string? Given(string name) => Request.Query[name] is { Count: > 0 } value ? value.ToString() : null;

    public async Task OnGetAsync()
    {
        Offices = offices.Subtree(Staff.OfficeCode);
        // Filters outside what the page offers are ignored rather than trusted: the office filter can only narrow.
        var (filter, errors) = CaseListFilter.Parse(name => Request.Query[name], zone.StartOf);
        Filter = filter with
        {
            Status = filter.Status is { } status && CaseStatus.All.Contains(status) ? status : null,
            Office = filter.Office is { } office && Offices.Contains(office) ? office : null,
            Query = filter.Query is { } q ? q[..Math.Min(q.Length, Search.SearchTerms.MaxQueryLength)] : null,
            After = errors.ContainsKey("after") ? null : filter.After,
        };
        Result = await queries.ListAsync(Staff, Filter, HttpContext.RequestAborted);
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
