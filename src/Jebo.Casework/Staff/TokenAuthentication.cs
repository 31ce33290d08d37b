using System.Text.Encodings.Web;
using Jebo.Casework.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jebo.Casework.Staff;

/// <summary>Authenticates <c>Authorization: Bearer jebo_...</c> against the hashed personal tokens.</summary>
/// <remarks>Security: a token works only while it is not revoked, its account is enabled and the account's pledge is
/// the current one; the stored value is a SHA-256, so the token table alone grants nothing.</remarks>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CaseworkDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(StaffAccounts.TokenPrefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return AuthenticateResult.Fail("malformed token");
        }

        var hash = StaffAccounts.HashToken(token);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => u)
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.DisabledAt is not null || found.PledgeVersion != Pledge.CurrentVersion)
        {
            return AuthenticateResult.Fail("unknown, revoked or unpledged token");
        }
        var principal = new StaffPrincipal(found.Id, found.Login, found.OfficeCode, found.Role).ToClaims(SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
