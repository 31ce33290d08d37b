using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Web;

/// <summary>The one place the public zone's response headers are decided.</summary>
/// <remarks>
/// Security: a reporter may be watched, on a shared computer, or behind a hostile network. So nothing is loaded from
/// another origin and no script runs but our own file (<c>script-src 'self'</c>, no inline script or style, no eval);
/// pages cannot be framed (clickjacking); no address is leaked to another site in a Referer; browsers may not guess
/// content types; pages that hold report words or a receipt are never stored by the browser or a proxy; and over
/// HTTPS the browser is told to use nothing else. Static assets are the only cacheable responses.
/// </remarks>
public static class SecurityHeaders
{
    /// <summary>The policy of every page and API answer.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action "
        + "'self'; frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'";

    /// <summary>The policy of the QR code SVG: a drawing with no script; its generator writes presentation attributes
    /// only.</summary>
    public const string ImagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    /// <summary>Where static assets are served; the only path whose answers may be cached.</summary>
    public const string AssetsPath = "/assets";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    Apply(context);
                    return Task.CompletedTask;
                });
                return next(context);
            }
        );

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var isImage = context.Request.Path.Equals("/qr.svg", StringComparison.Ordinal);
        headers.ContentSecurityPolicy = isImage ? ImagePolicy : ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] =
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
        if (
            context.Request.Path.StartsWithSegments(AssetsPath, StringComparison.Ordinal)
            && context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
        )
        {
            // Asset URLs carry a content hash (?v=), so a long lifetime never serves a stale file.
            headers.CacheControl = "public, max-age=31536000, immutable";
        }
        else
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }

        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=63072000";
        }
    }
}
