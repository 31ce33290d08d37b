using Microsoft.AspNetCore.Http;
using QRCoder;

namespace Jebo.Intake.Portal;

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

    public static string Svg(string address)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(address, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
