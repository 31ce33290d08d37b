using System.Text.Encodings.Web;
using System.Text.Unicode;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Web;

/// <summary>The staff web application: Razor Pages under <c>Pages/</c>, one page a vertical slice, beside the bearer
/// API; the same domain services serve both.</summary>
public static class StaffWebApp
{
    public const string DataProtectionApplication = "jebo-casework";

    public static IServiceCollection AddStaffWeb(this IServiceCollection services, CaseworkOptions options)
    {
        // Session and antiforgery cookies are encrypted with keys in the zone's own folder: they survive restarts,
        // and a copy of the cookies is useless without the casework machine's disk.
        services
            .AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.KeysFolder, "dataprotection")))
            .SetApplicationName(DataProtectionApplication);
        services.AddLocalization();
        // Hangul and Hanzi are written as they are, not as numeric character references (the encoder still escapes
        // markup characters, so this changes nothing for safety).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "jebo-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
            // SecurityHeaders sends X-Frame-Options: DENY on every answer.
            o.SuppressXFrameOptionsHeader = true;
        });
        services
            .AddAuthentication()
            .AddCookie(StaffSession.Scheme, StaffSession.Configure)
            .AddCookie(StaffSession.PendingScheme, StaffSession.ConfigurePending);
        StaffPolicies.Add(services.AddAuthorizationBuilder(), StaffSession.Scheme);
        services.AddScoped<StaffSignIn>();
        SignInLimits.AddSignInLimits(services, options);
        services.AddSingleton<StaffNames>();
        services
            .AddRazorPages(o =>
            {
                // Every page needs a session unless it is part of signing in; administration needs the role as well.
                o.Conventions.AuthorizeFolder("/", StaffPolicies.Pages);
                o.Conventions.AllowAnonymousToFolder("/SignIn");
                o.Conventions.AddFolderApplicationModelConvention("/SignIn", page =>
                    page.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInLimits.Policy))
                );
                o.Conventions.AllowAnonymousToPage("/Error");
                o.Conventions.AuthorizeFolder("/Staff", StaffPolicies.Administration);
                // Need to know: administrators manage accounts and read no case.
                o.Conventions.AuthorizeFolder("/Cases", StaffPolicies.Cases);
                o.Conventions.AuthorizeFolder("/Queues", StaffPolicies.Cases);
                // The alerts page decides for itself (national supervisors see alerts too); the rest of /audit is the
                // auditors'.
                o.Conventions.AuthorizePage("/Audit/Index", StaffPolicies.Audit);
                o.Conventions.AuthorizePage("/Audit/Identity", StaffPolicies.Audit);
            })
            .AddMvcOptions(o => o.Filters.Add(new StaffGate()));
        return services;
    }

    /// <summary>The request pipeline up to routing: the client and scheme as the proxy on this machine saw them,
    /// headers on every answer, error pages for people and problem details for programs, the language, the sign-in
    /// limits, then who is asking.</summary>
    public static WebApplication UseStaffWeb(this WebApplication app)
    {
        // Behind the TLS proxy the request is https for the browser: cookies then go out Secure (SameAsRequest).
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(
            context => !IsApi(context),
            pages =>
            {
                pages.UseExceptionHandler("/error/500");
                pages.UseStatusCodePagesWithReExecute("/error/{0}");
            }
        );
        // Routing after the error handlers, so a re-executed error page is routed afresh.
        app.UseRouting();
        app.UseStaffLanguage();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapStaffWeb(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/staff.css", () => Results.Text(StyleSheet.Value, "text/css; charset=utf-8")).AllowAnonymous();
        // Browsers ask for an icon on every page; answering keeps their consoles (and the CSP test) free of errors.
        app.MapGet("/favicon.ico", () => Results.Text(Icon, "image/svg+xml")).AllowAnonymous();
        return app;
    }

    private const string Icon =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" "
        + "fill=\"#0b4f8a\"/><path d=\"M4 4h8v2H9v6H7V6H4z\" fill=\"#fff\"/></svg>";

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string> StyleSheet = new(() =>
    {
        using var stream = typeof(StaffWebApp).Assembly.GetManifestResourceStream("Jebo.Casework.Web.staff.css")
            ?? throw new InvalidOperationException("the staff style sheet is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
