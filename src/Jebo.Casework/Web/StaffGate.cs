using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Jebo.Casework.Web;

/// <summary>What a signed-in person must do before anything else: change a one-time password, then accept the current
/// confidentiality pledge. Until then every page but those steps (and signing out) sends them there.</summary>
/// <remarks>Security: the one place that keeps cases from anyone who has not accepted the current pledge (DESIGN.md);
/// the API has its twin in <see cref="TokenAuthentication"/>, which refuses tokens of unpledged accounts.</remarks>
public sealed class StaffGate : IAsyncPageFilter
{
    public const string PasswordPage = "/Account/Password";
    public const string PledgePage = "/Pledge";
    public const string SignOutPage = "/SignOut";

    /// <summary>Where the person must go first, or null when the page may be shown.</summary>
    public static string? RedirectFor(StaffUser user, string page)
    {
        if (page == SignOutPage)
        {
            return null;
        }

        if (user.MustChangePassword)
        {
            return page == PasswordPage ? null : "/account/password";
        }

        if (user.PledgeVersion != Pledge.CurrentVersion)
        {
            return page is PledgePage or PasswordPage ? null : "/pledge";
        }

        return null;
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(
        PageHandlerExecutingContext context,
        PageHandlerExecutionDelegate next
    )
    {
        if (
            StaffSession.CurrentUser(context.HttpContext) is { } user
            && RedirectFor(user, context.ActionDescriptor.ViewEnginePath) is { } target
        )
        {
            context.Result = new RedirectResult(target);
            return;
        }

        await next();
    }
}
