using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Pages.SignIn;

/// <summary>Sign-in, second step: the six-digit TOTP code from the person's authenticator app.</summary>
public sealed class CodeModel(
    StaffSignIn signIn,
    SignInLimits limits,
    TimeProvider time,
    IStringLocalizer<StaffText> text,
    PlatformTimeZone zone
) : PageModel
{
    public string Login { get; private set; } = "";
    public string? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        if (pending is null)
        {
            return Redirect("/signin");
        }

        if (pending.EnrolmentSecret is not null)
        {
            return Redirect("/signin/enrol");
        }

        Login = pending.Login;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        if (pending is null || pending.EnrolmentSecret is not null)
        {
            return Redirect("/signin");
        }

        Login = pending.Login;
        if (!limits.MayTry(HttpContext))
        {
            await SignInLimits.TooManyAsync(
                HttpContext,
                (int)SignInLimits.FailureRefill.TotalSeconds,
                HttpContext.RequestAborted
            );
            return new EmptyResult();
        }

        var result = await signIn.CheckCodeAsync(
            pending.UserId,
            pending.Stamp,
            code,
            KnownBrowser.AccountOf(HttpContext) == pending.UserId,
            HttpContext.RequestAborted
        );
        if (result.Status == SignInStatus.Wrong)
        {
            limits.Failed(HttpContext);
        }

        (var destination, Failure) = await pending.FinishAsync(
            HttpContext,
            result,
            time.GetUtcNow(),
            text,
            text["Code.Wrong"],
            zone
        );
        if (destination is not null)
        {
            return Redirect(destination);
        }

        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return Page();
    }
}
