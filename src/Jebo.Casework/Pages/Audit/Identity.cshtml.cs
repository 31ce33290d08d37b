using Jebo.Casework.Cases;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Audit;

/// <summary>"Who saw this reporter's identity, and when": every showing of the identity of a reporter of the case,
/// wherever the report was at the time (<see cref="AuditSearch.IdentityShowingsAsync"/>), oldest first. A case outside
/// the auditor's jurisdiction answers 404. The page shows who looked, never the identity itself.</summary>
public sealed class IdentityModel(AuditSearch search, CaseQueries queries) : StaffPageModel
{
    public string? CaseId { get; private set; }
    public IReadOnlyList<IdentityShowing> Showings { get; private set; } = [];
    public int NamedReports { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, string? @case)
    {
        if (id is null)
        {
            // The lookup form on the page sends ?case=; the answer has its own address, to bookmark or pass on.
            return @case?.Trim() is { Length: > 0 and <= 32 } asked
                ? Redirect("/audit/identity/" + Uri.EscapeDataString(asked.ToUpperInvariant()))
                : Page();
        }

        CaseId = id.Trim().ToUpperInvariant();
        if (
            CaseId.Length > 32
            || await search.IdentityShowingsAsync(Staff, CaseId, HttpContext.RequestAborted) is not { } showings
        )
        {
            return NotFound();
        }

        Showings = showings;
        NamedReports = await queries.NamedReportCountAsync(CaseId, HttpContext.RequestAborted);
        return Page();
    }
}
