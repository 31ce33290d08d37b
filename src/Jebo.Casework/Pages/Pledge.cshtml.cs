using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages;

/// <summary>The confidentiality pledge: its current version in the reader's language, shown at first sign-in and
/// whenever a new version is published; no case is shown (<see cref="StaffGate"/>) until it is accepted. The
/// acceptance goes into the register (<see cref="PledgeRegister"/>) with time and version, and is audited.</summary>
public sealed class PledgeModel(PledgeRegister pledges) : StaffPageModel
{
    public bool Failure { get; private set; }

    /// <summary>The current version; null only before the migrations ran.</summary>
    public PledgeText? Current { get; private set; }

    public async Task OnGetAsync() => Current = await pledges.CurrentAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(bool agree, int version)
    {
        // The version posted is the one the person read; if the text changed meanwhile they must read it again.
        if (!agree || await pledges.AcceptOnWebAsync(CurrentUser.Id, version, HttpContext.RequestAborted) is not null)
        {
            Failure = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }

        return Redirect("/");
    }
}
