using Jebo.Storage.Web;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Web;

/// <summary>The QR code of the portal's public address, for posters and leaflets.</summary>
public static class QrCode
{
    /// <summary>The configured public address (<c>--public-url</c>), else the origin this request came to.</summary>
    /// <remarks>Security: behind a proxy the request's own Host may not be the address people should use; operators set
    /// <c>--public-url</c> so a printed poster never carries an address a request made up.</remarks>
    public static string PublicAddress(HttpContext context, IntakeOptions options) =>
        options.PublicUrl is { Length: > 0 } configured
            ? configured
            : $"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}/";

    /// <summary>The poster's QR code as an SVG image, named by the address it carries.</summary>
    public static string Svg(string address) => QrCodeSvg.Render(address, address);
}
