using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Api;

/// <summary>The filters of the case list as query parameters, declared once for the list and its export
/// (<c>GET /api/v1/cases</c>, <c>GET /api/v1/cases/export</c>) so that the OpenAPI document names them for both; the
/// handlers read them through <see cref="Cases.CaseListFilter.Parse"/>, which says what each takes.</summary>
public sealed class CaseListQuery
{
    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "office")]
    public string? Office { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "category")]
    public string? Category { get; set; }

    [FromQuery(Name = "region")]
    public string? Region { get; set; }

    [FromQuery(Name = "assignee")]
    public string? Assignee { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "due")]
    public string? Due { get; set; }

    [FromQuery(Name = "supervised")]
    public string? Supervised { get; set; }

    [FromQuery(Name = "hasContact")]
    public string? HasContact { get; set; }

    [FromQuery(Name = "sort")]
    public string? Sort { get; set; }
}
