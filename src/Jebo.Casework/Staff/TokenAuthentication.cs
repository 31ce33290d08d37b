using System.Text.Encodings.Web;
using Jebo.Casework.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jebo.Casework.Staff;

/// <summary>Authenticates <c>Authorization: Bearer jebo_...</c> against the hashed personal tokens.</summary>
/// <remarks>Security: whether a token works is decided by <see cref="TokenRules"/> (not revoked, not expired, issued
/// under the account's current credentials, account enabled, no password change due, current pledge accepted); the
/// stored value is a SHA-256, so the token table alone grants nothing.</remarks>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CaseworkDb db,
    TimeProvider time
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

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
        var match = await db
            .ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (
            match is null
            || TokenRules.StateOf(
                match.Token,
                match.User,
                time.GetUtcNow(),
                await PledgeRegister.CurrentVersionAsync(db, Context.RequestAborted)
            ) != TokenState.Live
        )
        {
            return AuthenticateResult.Fail("unknown, revoked, expired or outdated token");
        }

        var found = match.User;
        await NoteUseAsync(match.Token);
        var principal = new StaffPrincipal(found.Id, found.Login, found.OfficeCode, found.Role).ToClaims(SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A program without a valid token is told how to authenticate; never redirected to a sign-in
    /// page.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>Keeps "last used" to the minute: at most one small write per token per minute, however busy the
    /// client.</summary>
    private async Task NoteUseAsync(ApiToken token)
    {
        var now = time.GetUtcNow();
        if (token.LastUsedAt is { } last && now - last < LastUsedResolution)
        {
            return;
        }

        await db
            .ApiTokens.Where(t => t.Id == token.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
    }
}
