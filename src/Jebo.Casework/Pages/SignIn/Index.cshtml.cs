using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Pages.SignIn;

/// <summary>Sign-in, first step: login and password. A right password leads to the code (or, the first time, to TOTP
/// enrolment); a wrong one counts towards the slow-down and lockout.</summary>
public sealed class IndexModel(
    StaffSignIn signIn,
    SignInLimits limits,
    IStringLocalizer<StaffText> text,
    PlatformTimeZone zone
) : PageModel
{
    public string? Login { get; private set; }
    public string? ReturnUrl { get; private set; }
    public string? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        if ((await HttpContext.AuthenticateAsync(StaffSession.Scheme)).Succeeded)
        {
            return Redirect("/");
        }

        ReturnUrl = returnUrl;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? login, string? password, string? returnUrl)
    {
        Login = login?.Trim();
        ReturnUrl = returnUrl;
        if (!limits.MayTry(HttpContext))
        {
            await SignInLimits.TooManyAsync(
                HttpContext,
                (int)SignInLimits.FailureRefill.TotalSeconds,
                HttpContext.RequestAborted
            );
            return new EmptyResult();
        }

        var result = await signIn.CheckPasswordAsync(
            login,
            password,
            KnownBrowser.AccountOf(HttpContext),
            HttpContext.RequestAborted
        );
        if (result.Status == SignInStatus.Wrong)
        {
            limits.Failed(HttpContext);
        }

        switch (result.Status)
        {
            case SignInStatus.Accepted:
                await PendingSignIn.BeginAsync(HttpContext, result.User!, returnUrl);
                return Redirect(result.User!.TotpSecret is null ? "/signin/enrol" : "/signin/code");
            case SignInStatus.Held:
                Failure = text["SignIn.Held", zone.Format(result.HeldUntil!.Value)];
                break;
            default:
                Failure = result.HeldUntil is { } until
                    ? text["SignIn.WrongAndHeld", zone.Format(until)]
                    : text["SignIn.Wrong"];
                break;
        }

        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return Page();
    }
}
