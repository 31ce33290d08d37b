using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Jebo.Intake.Web;

/// <summary>The public pages: Razor Pages under <c>Pages/</c>, their embedded assets, the QR code and the
/// poster.</summary>
public static class PortalPages
{
    /// <summary>Embedded resources under this prefix are the web root (<c>Web/Assets</c> → <c>/assets/</c>).</summary>
    public const string WebRootNamespace = "Jebo.Intake.wwwroot";

    /// <summary>Assets are embedded in the assembly, so <c>dotnet run</c>, tests and a published build serve the same
    /// bytes without a web root folder to copy or lose.</summary>
    public static void UseEmbeddedWebRoot(IWebHostEnvironment environment) =>
        environment.WebRootFileProvider = new EmbeddedFileProvider(typeof(PortalPages).Assembly, WebRootNamespace);

    public static IServiceCollection AddPortal(this IServiceCollection services, IntakeOptions options)
    {
        services.AddRazorPages().AddViewLocalization();
        // Korean and Chinese are written as themselves, not as numeric entities; markup characters are still escaped.
        services.AddWebEncoders(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
                System.Text.Unicode.UnicodeRanges.All
            )
        );
        services.Configure<FormOptions>(o =>
        {
            // Forms read the usual way (the status page) are small; these limits keep any file a client sends to them
            // in memory and refused above 1 MiB, never spilled to a temporary file. The report form streams its files
            // itself.
            o.MultipartBodyLengthLimit = 1024 * 1024;
            o.MemoryBufferThreshold = 1024 * 1024;
            o.ValueCountLimit = 200;
        });
        services
            .AddDataProtection()
            .SetApplicationName("jebo-intake")
            .PersistKeysToFileSystem(new DirectoryInfo(options.DataProtectionKeysFolder));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "jebo-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
            // SecurityHeaders sends the stricter X-Frame-Options: DENY on every answer.
            o.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        app.MapGet("/qr.svg", (HttpContext context, IntakeOptions options) =>
                Results.Text(QrCode.Svg(QrCode.PublicAddress(context, options)), "image/svg+xml; charset=utf-8")
            )
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Validates the antiforgery token of a form the page has already read (see
    /// <see cref="FormReader"/>).</summary>
    public static async Task<bool> IsGenuineAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
