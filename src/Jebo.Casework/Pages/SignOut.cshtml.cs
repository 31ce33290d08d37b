using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages;

/// <summary>Ends the session (a POST with the antiforgery token, so no other page can sign someone out);
/// audited.</summary>
public sealed class SignOutModel(StaffSignIn signIn) : StaffPageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignedOutAsync(Staff, "user", HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(StaffSession.Scheme);
        return Redirect("/signin");
    }
}
