using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

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

    private const string PledgeItem = "jebo.currentPledge";

    /// <summary>Whether the signed-in person has passed the gate on this request (the layout shows the menu then).
    /// </summary>
    public static bool Passed(HttpContext context) =>
        StaffSession.CurrentUser(context) is { } user
        && context.Items[PledgeItem] is int pledge
        && RedirectFor(user, "/Cases/Index", pledge) is null;

    /// <summary>Where the person must go first, or null when the page may be shown; <paramref name="currentPledge"/>
    /// is the current pledge version (<see cref="PledgeRegister"/>).</summary>
    public static string? RedirectFor(StaffUser user, string page, int currentPledge)
    {
        if (page == SignOutPage)
        {
            return null;
        }

        if (user.MustChangePassword)
        {
            return page == PasswordPage ? null : "/account/password";
        }

        if (user.PledgeVersion != currentPledge)
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
        if (StaffSession.CurrentUser(context.HttpContext) is { } user)
        {
            var pledge = await context
                .HttpContext.RequestServices.GetRequiredService<PledgeRegister>()
                .CurrentVersionAsync(context.HttpContext.RequestAborted);
            context.HttpContext.Items[PledgeItem] = pledge;
            if (RedirectFor(user, context.ActionDescriptor.ViewEnginePath, pledge) is { } target)
            {
                context.Result = new RedirectResult(target);
                return;
            }
        }

        await next();
    }
}
