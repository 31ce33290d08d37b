using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Web;

/// <summary>A browser that has completed a sign-in (password and TOTP) to an account: a long-lived cookie, encrypted
/// with the zone's data protection keys, naming that account. Its failures are counted apart from strangers'
/// (<see cref="Staff.StaffSignIn"/>), so nobody can lock a person out of their own machine by failing on
/// purpose.</summary>
/// <remarks>Security: the cookie grants nothing by itself (password and code are still needed, and the known browsers'
/// own count still slows down and locks); it is HttpOnly, SameSite=Strict, scoped to <c>/signin</c>, Secure over https,
/// and a copy is useless without the casework disk's keys.</remarks>
public static class KnownBrowser
{
    public const string CookieName = "jebo-browser";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);
    private const string Purpose = "Jebo.Casework.KnownBrowser.v1";

    /// <summary>The account this browser signed in to before, or null.</summary>
    public static Guid? AccountOf(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var text = Protector(context).Unprotect(value);
            return Guid.TryParse(text, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Expired, from another installation, or tampered with: simply not a known browser.
            return null;
        }
    }

    /// <summary>Remembers, after a complete sign-in, that this browser belongs to the account.</summary>
    public static void Remember(HttpContext context, Guid userId) =>
        context.Response.Cookies.Append(
            CookieName,
            Protector(context).Protect(userId.ToString(), Lifetime),
            new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/signin",
                MaxAge = Lifetime,
                IsEssential = true,
            }
        );

    private static ITimeLimitedDataProtector Protector(HttpContext context) =>
        context
            .RequestServices.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(Purpose)
            .ToTimeLimitedDataProtector();
}
