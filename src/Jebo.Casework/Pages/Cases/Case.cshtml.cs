using Jebo.Casework.Cases;
using Jebo.Casework.Staff;
using Jebo.Casework.StaffWeb;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Cases;

/// <summary>A case in full: its reports, follow-ups, screening and related cases, deadlines on the Seoul clock and the
/// timeline from the audit chain. Each showing is audited (by <see cref="CaseQueries"/>); the reporter's identity is
/// shown only on an explicit request (a POST) by a role allowed to see it, and that showing is audited too. A case
/// outside the person's jurisdiction answers 404, as in the API.</summary>
public sealed class CaseModel(CaseQueries queries) : StaffPageModel
{
    public CaseDetail? Detail { get; private set; }
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public bool MaySeeIdentity => Roles.MaySeeIdentity(Staff.Role);

    public Task<IActionResult> OnGetAsync(string id) => ShowAsync(id, withIdentity: false);

    public Task<IActionResult> OnPostIdentityAsync(string id) =>
        MaySeeIdentity ? ShowAsync(id, withIdentity: true) : Task.FromResult<IActionResult>(Forbid());

    private async Task<IActionResult> ShowAsync(string id, bool withIdentity)
    {
        Detail = id.Length <= 32 ? await queries.GetAsync(Staff, id.ToUpperInvariant(), withIdentity, HttpContext.RequestAborted) : null;
        return Detail is null ? NotFound() : Page();
    }
}
