using System.Globalization;
using System.Security.Claims;
using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Web;

/// <summary>The web session of a member of staff: a cookie issued after password and TOTP, ending after
/// <see cref="IdleTimeout"/> without use and <see cref="AbsoluteTimeout"/> after sign-in whatever happens; and the
/// short-lived cookie that carries a half-finished sign-in from the password step to the code step.</summary>
/// <remarks>Security: every request re-reads the account, so disabling it, resetting its password or its TOTP
/// ends its sessions at once, and a changed role or office takes effect on the next click. The cookies are HttpOnly,
/// SameSite=Strict and encrypted with the zone's data protection keys (kept under <c>casework/keys/dataprotection</c>,
/// so a restart keeps sessions valid); they are Secure whenever the request came over HTTPS.</remarks>
public static class StaffSession
{
    public const string Scheme = "StaffSession";
    public const string PendingScheme = "StaffSignIn";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(10);

    /// <summary>How long the password step stays good for entering the code (or enrolling).</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(5);

    public const string StampClaim = "jebo:stamp";
    private const string SignedInAtItem = "jebo.signedInAt";
    private const string UserItem = "jebo.staffUser";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "jebo-staff";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/";
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = "/signin";
        options.LogoutPath = "/signout";
        options.AccessDeniedPath = "/error/403";
        options.ReturnUrlParameter = "returnUrl";
        options.Events.OnValidatePrincipal = ValidateAsync;
        // A page the role may not open answers 403 in place (its error page), not a redirect that hides why.
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    public static void ConfigurePending(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "jebo-signin";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/signin";
        options.ExpireTimeSpan = PendingTimeout;
        options.SlidingExpiration = false;
        options.LoginPath = "/signin";
    }

    /// <summary>The principal of a full session for the account.</summary>
    public static ClaimsPrincipal PrincipalFor(StaffUser user, string scheme)
    {
        var principal = new StaffPrincipal(user.Id, user.Login, user.OfficeCode, user.Role).ToClaims(scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(StampClaim, StaffSignIn.SessionStamp(user)));
        return principal;
    }

    /// <summary>Starts the full session once both factors are right, and drops the half-finished sign-in.</summary>
    public static async Task StartAsync(HttpContext context, StaffUser user, DateTimeOffset now)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInAtItem] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await context.SignOutAsync(PendingScheme);
        await context.SignInAsync(Scheme, PrincipalFor(user, Scheme), properties);
        KnownBrowser.Remember(context, user.Id);
    }

    /// <summary>The account of the current session, as re-read for this request; null on anonymous pages.</summary>
    public static StaffUser? CurrentUser(HttpContext context) => context.Items[UserItem] as StaffUser;

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<CaseworkDb>();
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = Guid.TryParse(id, out var userId)
            ? await db
                .Users.AsNoTracking()
                .SingleOrDefaultAsync(u => u.Id == userId, context.HttpContext.RequestAborted)
            : null;
        var signedInAt =
            context.Properties.Items.TryGetValue(SignedInAtItem, out var at)
            && long.TryParse(at, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : (DateTimeOffset?)null;
        if (
            user is null
            || user.DisabledAt is not null
            || user.TotpSecret is null
            || context.Principal?.FindFirstValue(StampClaim) != StaffSignIn.SessionStamp(user)
            || signedInAt is null
            || now - signedInAt.Value > AbsoluteTimeout
        )
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.HttpContext.Items[UserItem] = user;
        context.ReplacePrincipal(PrincipalFor(user, Scheme));
    }
}
