using System.Globalization;
using System.Text;
using QRCoder;

namespace Jebo.Storage.Web;

/// <summary>The one QR code of both zones (the staff's TOTP enrolment, the portal's poster): an SVG path drawn from
/// QRCoder's module matrix, with no inline style, so it shows under either zone's content security policy, inline in
/// a page or served as an image, with no script.</summary>
public static class QrCodeSvg
{
    public static string Render(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (matrix[y][x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }

        var escaped = System.Net.WebUtility.HtmlEncode(label);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size * 6}\" "
                + $"height=\"{size * 6}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{escaped}\"><rect "
                + $"width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
        );
    }
}
