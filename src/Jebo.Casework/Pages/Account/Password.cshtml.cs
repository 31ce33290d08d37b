using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Account;

/// <summary>Changing one's own password; forced (by <see cref="StaffGate"/>) while the account holds a one-time
/// password. The session continues under the new password; other sessions of the account end.</summary>
public sealed class PasswordModel(StaffSignIn signIn, PledgeRegister pledges, TimeProvider time) : StaffPageModel
{
    public bool Changed { get; private set; }
    public string? Failure { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? current, string? next, string? repeat)
    {
        if (next != repeat)
        {
            Failure = "Password.Mismatch";
        }
        else
        {
            var result = await signIn.ChangePasswordAsync(CurrentUser.Id, current, next, HttpContext.RequestAborted);
            if (result == PasswordChangeResult.Changed)
            {
                // The session stamp changed with the password: issue this browser a session under the new one.
                var user = await signIn.FindAsync(CurrentUser.Id, HttpContext.RequestAborted);
                await StaffSession.StartAsync(HttpContext, user, time.GetUtcNow());
                var pledge = await pledges.CurrentVersionAsync(HttpContext.RequestAborted);
                return Redirect(user.PledgeVersion == pledge ? "/" : "/pledge");
            }

            Failure = "Password." + result;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
