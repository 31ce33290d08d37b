using Microsoft.AspNetCore.Builder;

namespace Jebo.Casework.Web;

/// <summary>The HTTP response headers every casework answer carries, pages and API alike: the one place they are
/// set.</summary>
/// <remarks>Security: the staff application shows decrypted reports and reporter identities. Nothing may run but
/// the zone's own code (no script at all, styles only from itself: no inline style or script, so an injected fragment
/// cannot execute), nothing may frame it (clickjacking), nothing is cached by the browser or a proxy (a shared
/// workstation's cache must not hold a case), and no address is sent onwards in a Referer.</remarks>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri "
        + "'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XFrameOptions = "DENY";
                    headers.XContentTypeOptions = "nosniff";
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    headers["Cross-Origin-Resource-Policy"] = "same-origin";
                    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
}
