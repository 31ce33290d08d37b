using Microsoft.AspNetCore.Authorization;

namespace Jebo.Casework.Staff;

/// <summary>The authorization policies of the casework zone: which credential each surface accepts.</summary>
/// <remarks>Security: the JSON API accepts bearer tokens only, so a browser's session cookie can never be ridden
/// into it from another page (no CSRF surface) and a program without a token gets 401, never a sign-in redirect.
/// The pages accept the session cookie only, issued after password and TOTP. Administration pages also need the
/// administrator role; what an administrator may change is further limited to their own office subtree.</remarks>
public static class StaffPolicies
{
    /// <summary>The staff pages: a signed-in web session.</summary>
    public const string Pages = "staff-pages";

    /// <summary>User administration pages: a signed-in administrator.</summary>
    public const string Administration = "staff-administration";

    /// <summary>The auditor's pages (the whole log, its export, the identity showings, the chain check): a signed-in
    /// member of staff whose role may read the whole audit log
    /// (<see cref="CasePermissions.MayReadWholeAuditLog"/>).</summary>
    public const string Audit = "staff-audit";

    /// <summary>The case and queue pages: a signed-in member of staff whose role reads cases
    /// (<see cref="CasePermissions.MayReadCases"/>; not administrators).</summary>
    public const string Cases = "staff-cases";

    /// <summary>The API's policy (also the default): a valid personal token.</summary>
    public static AuthorizationPolicy Api { get; } =
        new AuthorizationPolicyBuilder(TokenAuthentication.SchemeName).RequireAuthenticatedUser().Build();

    public static void Add(AuthorizationBuilder builder, string sessionScheme) =>
        builder
            .SetDefaultPolicy(Api)
            .AddPolicy(Pages, p => p.AddAuthenticationSchemes(sessionScheme).RequireAuthenticatedUser())
            .AddPolicy(Administration, p =>
                p.AddAuthenticationSchemes(sessionScheme).RequireAuthenticatedUser().RequireRole(Roles.Administrator)
            )
            .AddPolicy(Cases, p =>
                p.AddAuthenticationSchemes(sessionScheme)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context =>
                        context.User.Identity?.IsAuthenticated == true
                        && CasePermissions.MayReadCases(StaffPrincipal.From(context.User).Role)
                    )
            )
            .AddPolicy(Audit, p =>
                p.AddAuthenticationSchemes(sessionScheme)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context =>
                        CasePermissions.MayReadWholeAuditLog(StaffPrincipal.From(context.User).Role)
                    )
            );
}
