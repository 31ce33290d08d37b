using Jebo.Casework.Cases;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Offices;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Cases;

/// <summary>The office's queue: the cases of its jurisdiction (decided by <see cref="CaseQueries"/>), filtered by
/// status, office below it and free text, fifty to a page.</summary>
public sealed class IndexModel(CaseQueries queries, OfficeTree offices) : StaffPageModel
{
    public string? Status { get; private set; }
    public string? Office { get; private set; }
    public string? Q { get; private set; }

    /// <summary>Only the cases assigned to the person ("my cases", <c>assignee=me</c>).</summary>
    public bool Mine { get; private set; }
    public IReadOnlyList<string> Offices { get; private set; } = [];
    public CasePage Result { get; private set; } = new([], 0, 1, CaseQueries.PageSize);
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(
        string? status,
        string? office,
        string? q,
        [FromQuery(Name = "page")] int? page,
        string? assignee
    )
    {
        Mine = assignee == "me";
        Offices = offices.Subtree(Staff.OfficeCode);
        // Filters outside what the page offers are ignored rather than trusted: the office filter can only narrow.
        Status = status is not null && CaseStatus.All.Contains(status) ? status : null;
        Office = office is not null && Offices.Contains(office) ? office : null;
        Q = q is { Length: > 0 and <= 200 } ? q : null;
        Result = await queries.ListAsync(
            Staff,
            Status,
            Office,
            Q,
            Math.Clamp(page ?? 1, 1, 100_000),
            HttpContext.RequestAborted,
            Mine ? "me" : null
        );
    }

    public string PageLink(int page)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["status"] = Status,
            ["office"] = Office,
            ["q"] = Q,
            ["assignee"] = Mine ? "me" : null,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return "/cases" + QueryString.Create(parameters.Where(p => p.Value is not null)).ToUriComponent();
    }
}
