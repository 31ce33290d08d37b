using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages;

/// <summary>The confidentiality pledge: shown at first sign-in and whenever its version changes; no case is shown
/// (<see cref="StaffGate"/>) until it is accepted. The acceptance is recorded with time and version, and
/// audited.</summary>
public sealed class PledgeModel(StaffSignIn signIn) : StaffPageModel
{
    public bool Failure { get; private set; }

    public async Task<IActionResult> OnPostAsync(bool agree, int version)
    {
        // The version posted is the one the person read; if the text changed meanwhile they must read it again.
        if (!agree || version != Pledge.CurrentVersion)
        {
            Failure = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await signIn.AcceptPledgeAsync(CurrentUser.Id, version, HttpContext.RequestAborted);
        return Redirect("/");
    }
}
