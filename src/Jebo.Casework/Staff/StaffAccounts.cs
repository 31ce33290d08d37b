using System.Security.Cryptography;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Staff;

/// <summary>Creating staff accounts and issuing personal API tokens, as <c>jebo users</c> and the admin pages do.</summary>
public sealed class StaffAccounts(CaseworkDb db, AuditLog audit, TimeProvider time)
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const string TokenPrefix = "jebo_";

    public async Task<StaffUser> AddAsync(string login, string officeCode, string role, string password, bool pledgeSigned, bool mustChangePassword, string actor, string? actorOffice, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login) || login.Length > 64 || !login.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new StaffAccountException("login must be 1-64 letters, digits, '-', '_' or '.'");
        }

        if (!Roles.All.Contains(role))
        {
            throw new StaffAccountException($"unknown role '{role}' (one of {string.Join(", ", Roles.All)})");
        }

        if (PasswordProblem(login, password) is { } problem)
        {
            throw new StaffAccountException(problem switch
            {
                PasswordChangeResult.TooShort => $"password must be at least {MinPasswordLength} characters",
                PasswordChangeResult.TooLong => $"password must be at most {MaxPasswordLength} characters",
                _ => "password must not be the login",
            });
        }

        if (!await db.Offices.AnyAsync(o => o.Code == officeCode, cancellationToken))
        {
            throw new StaffAccountException($"unknown office '{officeCode}'");
        }

        if (await db.Users.AnyAsync(u => u.Login == login, cancellationToken))
        {
            throw new StaffAccountException($"login '{login}' is taken");
        }

        var now = time.GetUtcNow();
        var user = new StaffUser
        {
            Id = Guid.NewGuid(),
            Login = login,
            OfficeCode = officeCode,
            Role = role,
            PasswordHash = PasswordHasher.Hash(password),
            CreatedAt = now,
            PledgeVersion = pledgeSigned ? Pledge.CurrentVersion : null,
            PledgeAcceptedAt = pledgeSigned ? now : null,
            PledgeMethod = pledgeSigned ? "paper" : null,
            MustChangePassword = mustChangePassword,
        };
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        db.Users.Add(user);
        await audit.AppendAsync(actor, actorOffice, "user.created", null, new { login, office = officeCode, role, pledge = pledgeSigned ? "paper" : "pending" }, cancellationToken);
        if (pledgeSigned)
        {
            await audit.AppendAsync(actor, actorOffice, "pledge.recorded", null, new { login, version = Pledge.CurrentVersion, method = "paper" }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>Issues a new personal token; only its hash is kept. Refused until the pledge is recorded.</summary>
    public async Task<string> IssueTokenAsync(string login, string actor, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Login == login, cancellationToken)
            ?? throw new StaffAccountException($"no account '{login}'");
        if (user.DisabledAt is not null)
        {
            throw new StaffAccountException($"account '{login}' is disabled");
        }

        if (user.PledgeVersion != Pledge.CurrentVersion)
        {
            throw new StaffAccountException($"account '{login}' has not accepted the current confidentiality pledge; record it first");
        }

        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var id = Guid.NewGuid();
        db.ApiTokens.Add(new ApiToken { Id = id, UserId = user.Id, Hash = HashToken(token), CreatedAt = time.GetUtcNow() });
        await audit.AppendAsync(actor, user.OfficeCode, "token.issued", null, new { login, tokenId = id }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    /// <summary>Why a password is not acceptable, or null. Length is what counts (NIST SP 800-63B): no composition rules.</summary>
    public static PasswordChangeResult? PasswordProblem(string login, string? password) => password switch
    {
        null => PasswordChangeResult.TooShort,
        { Length: < MinPasswordLength } => PasswordChangeResult.TooShort,
        { Length: > MaxPasswordLength } => PasswordChangeResult.TooLong,
        _ when string.Equals(password, login, StringComparison.OrdinalIgnoreCase) => PasswordChangeResult.SameAsLogin,
        _ => null,
    };

    /// <summary>A random one-time password (120 bits) for a new or reset account; it must be changed at first sign-in.</summary>
    public static string NewOneTimePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');

    /// <summary>An account's personal tokens, newest first (hashes are never shown).</summary>
    public async Task<List<TokenView>> TokensAsync(Guid userId, CancellationToken cancellationToken)
    {
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .Select(t => new TokenView(t.Id, t.CreatedAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>Revokes a personal token: the owner's own, or, for an administrator, anyone's they manage. Returns
    /// false when there is no such live token the actor may revoke.</summary>
    public async Task<bool> RevokeTokenAsync(Guid tokenId, StaffUser owner, StaffPrincipal actor, CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == owner.Id && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = time.GetUtcNow();
        await audit.AppendAsync(actor.Login, actor.OfficeCode, "token.revoked", null, new { login = owner.Login, tokenId }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Gives an account a new one-time password (shown once to the administrator), to be changed at the next
    /// sign-in; open sessions of the account end, and a lockout is lifted.</summary>
    public async Task<string> ResetPasswordAsync(Guid userId, StaffPrincipal actor, CancellationToken cancellationToken)
    {
        var password = NewOneTimePassword();
        await ChangeAsync(userId, actor, "user.password-reset", null, user =>
        {
            user.PasswordHash = PasswordHasher.Hash(password);
            user.MustChangePassword = true;
            user.FailedSignIns = 0;
            user.LockedUntil = null;
        }, cancellationToken);
        return password;
    }

    /// <summary>Forgets the TOTP secret (a lost phone): the person enrols again at their next sign-in.</summary>
    public Task ResetTotpAsync(Guid userId, StaffPrincipal actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, actor, "user.totp-reset", null, user =>
        {
            user.TotpSecret = null;
            user.TotpLastStep = null;
        }, cancellationToken);

    /// <summary>Disables or re-enables an account; a disabled account can neither sign in nor use its tokens.</summary>
    public Task SetDisabledAsync(Guid userId, bool disabled, StaffPrincipal actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, actor, disabled ? "user.disabled" : "user.enabled", null, user => user.DisabledAt = disabled ? time.GetUtcNow() : null, cancellationToken);

    /// <summary>Lifts a lockout before it runs out.</summary>
    public Task UnlockAsync(Guid userId, StaffPrincipal actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, actor, "user.unlocked", null, user =>
        {
            user.FailedSignIns = 0;
            user.LockedUntil = null;
        }, cancellationToken);

    /// <summary>Records that the person signed the current pledge on paper, before an administrator.</summary>
    public Task RecordPaperPledgeAsync(Guid userId, StaffPrincipal actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, actor, "pledge.recorded", new { version = Pledge.CurrentVersion, method = "paper" }, user =>
        {
            user.PledgeVersion = Pledge.CurrentVersion;
            user.PledgeAcceptedAt = time.GetUtcNow();
            user.PledgeMethod = "paper";
        }, cancellationToken);

    private async Task ChangeAsync(Guid userId, StaffPrincipal actor, string auditAction, object? details, Action<StaffUser> change, CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        change(user);
        await audit.AppendAsync(actor.Login, actor.OfficeCode, auditAction, null, new { login = user.Login, details }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Tokens are 256 random bits, so a fast hash is enough to make a stolen table useless.</summary>
    public static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}

/// <summary>A personal token as its owner and administrators see it.</summary>
public sealed record TokenView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed class StaffAccountException(string message) : Exception(message);
