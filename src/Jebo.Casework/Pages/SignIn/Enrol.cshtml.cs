using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Jebo.Storage.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Pages.SignIn;

/// <summary>First web sign-in: enrol an authenticator app. The secret is shown as a QR code, as the
/// <c>otpauth://</c> URI and in base-32, and saved only when a code made from it is entered.</summary>
public sealed class EnrolModel(
    StaffSignIn signIn,
    SignInLimits limits,
    TimeProvider time,
    IStringLocalizer<StaffText> text,
    PlatformTimeZone zone
) : PageModel
{
    public string QrSvg { get; private set; } = "";
    public string Uri { get; private set; } = "";
    public string SecretGroups { get; private set; } = "";
    public string? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        if (pending?.EnrolmentSecret is null)
        {
            return Redirect(pending is null ? "/signin" : "/signin/code");
        }

        Show(pending);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        if (pending?.EnrolmentSecret is null)
        {
            return Redirect("/signin");
        }

        if (!limits.MayTry(HttpContext))
        {
            await SignInLimits.TooManyAsync(
                HttpContext,
                (int)SignInLimits.FailureRefill.TotalSeconds,
                HttpContext.RequestAborted
            );
            return new EmptyResult();
        }

        var result = await signIn.EnrolAsync(
            pending.UserId,
            pending.Stamp,
            pending.EnrolmentSecret,
            code,
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
            text["Enrol.Wrong"],
            zone
        );
        if (destination is not null)
        {
            return Redirect(destination);
        }

        Show(pending);
        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Show(PendingSignIn pending)
    {
        Uri = Totp.EnrolmentUri(pending.Login, pending.EnrolmentSecret!);
        QrSvg = QrCodeSvg.Render(Uri, text["Enrol.QrLabel"]);
        var base32 = Totp.ToBase32(pending.EnrolmentSecret!);
        SecretGroups = string.Join(' ', base32.Chunk(4).Select(c => new string(c)));
    }
}
