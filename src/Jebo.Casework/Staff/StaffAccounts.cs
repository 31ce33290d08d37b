using System.Security.Cryptography;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Staff;

/// <summary>Creating staff accounts and issuing personal API tokens, as <c>jebo users</c> and the admin pages
/// do.</summary>
public sealed class StaffAccounts(CaseworkDb db, AuditLog audit, PledgeRegister pledges, TimeProvider time)
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const string TokenPrefix = "jebo_";

    /// <summary>Creates an account at once. The admin pages reach this only through <see cref="AccountRequests"/>;
    /// <c>jebo users add</c> calls it directly as the operator's break-glass on the machine itself
    /// (<paramref name="onTheMachine"/>), which is audited as such and raises a security alert for privileged
    /// roles.</summary>
    public async Task<StaffUser> AddAsync(
        string login,
        string officeCode,
        string role,
        string password,
        bool pledgeSigned,
        bool mustChangePassword,
        string actor,
        string? actorOffice,
        bool onTheMachine,
        CancellationToken cancellationToken
    )
    {
        await CheckNewAsync(login, officeCode, role, cancellationToken);
        if (PasswordProblem(login, password) is { } problem)
        {
            throw new StaffAccountException(
                problem switch
                {
                    PasswordChangeResult.TooShort => $"password must be at least {MinPasswordLength} characters",
                    PasswordChangeResult.TooLong => $"password must be at most {MaxPasswordLength} characters",
                    _ => "password must not be the login",
                }
            );
        }

        var user = NewUser(login, officeCode, role, password, mustChangePassword, actor);
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var pledge = await pledges.CurrentVersionAsync(cancellationToken);
        if (pledgeSigned)
        {
            // The operator's break-glass on the machine: signed on paper before them, with no other account to
            // name as witness for the first ones.
            pledges.Accept(user, pledge, user.CreatedAt, PledgeAcceptance.Paper, witness: null, recordedBy: actor);
        }

        db.Users.Add(user);
        await audit.AppendAsync(
            actor,
            actorOffice,
            AuditActions.UserCreated,
            null,
            new
            {
                login,
                office = officeCode,
                role,
                pledge = pledgeSigned ? "paper" : "pending",
            },
            cancellationToken
        );
        if (onTheMachine)
        {
            await audit.AppendAsync(
                actor,
                actorOffice,
                AuditActions.AccountBreakGlass,
                null,
                new
                {
                    login,
                    office = officeCode,
                    role,
                    privileged = StaffAdministration.NeedsTwoAdministrators(role),
                },
                cancellationToken
            );
        }

        if (pledgeSigned)
        {
            await audit.AppendAsync(
                actor,
                actorOffice,
                AuditActions.PledgeRecorded,
                null,
                new
                {
                    login,
                    version = pledge,
                    method = PledgeAcceptance.Paper,
                },
                cancellationToken
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>Throws unless a new account with this login, office and role could be made.</summary>
    public async Task CheckNewAsync(string login, string officeCode, string role, CancellationToken cancellationToken)
    {
        if (
            string.IsNullOrWhiteSpace(login)
            || login.Length > 64
            || !login.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        )
        {
            throw new StaffAccountException("login must be 1-64 letters, digits, '-', '_' or '.'");
        }

        if (!Roles.All.Contains(role))
        {
            throw new StaffAccountException($"unknown role '{role}' (one of {string.Join(", ", Roles.All)})");
        }

        if (!await db.Offices.AnyAsync(o => o.Code == officeCode, cancellationToken))
        {
            throw new StaffAccountException($"unknown office '{officeCode}'");
        }

        if (
            await db.Users.AnyAsync(u => u.Login == login, cancellationToken)
            || await db.AccountRequests.AnyAsync(
                r => r.Login == login && r.Kind == AccountRequest.Create && r.Decision == null,
                cancellationToken
            )
        )
        {
            throw new StaffAccountException($"login '{login}' is taken");
        }
    }

    /// <summary>A new account without pledge or TOTP, whose credentials <paramref name="issuedBy"/> set.</summary>
    public StaffUser NewUser(
        string login,
        string officeCode,
        string role,
        string password,
        bool mustChangePassword,
        string issuedBy
    ) =>
        new()
        {
            Id = Guid.NewGuid(),
            Login = login,
            OfficeCode = officeCode,
            Role = role,
            PasswordHash = PasswordHasher.Hash(password),
            CreatedAt = time.GetUtcNow(),
            MustChangePassword = mustChangePassword,
            CredentialsIssuedBy = issuedBy,
        };

    /// <summary>Issues a new personal token valid for <paramref name="lifetime"/>; only its hash is kept. Refused until
    /// the pledge is recorded and while a one-time password waits to be changed.</summary>
    public async Task<IssuedToken> IssueTokenAsync(
        string login,
        string actor,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    )
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Login == login, cancellationToken)
            ?? throw new StaffAccountException($"no account '{login}'");
        if (user.DisabledAt is not null)
        {
            throw new StaffAccountException($"account '{login}' is disabled");
        }

        if (user.PledgeVersion != await pledges.CurrentVersionAsync(cancellationToken))
        {
            throw new StaffAccountException(
                $"account '{login}' has not accepted the current confidentiality pledge; record it first"
            );
        }

        if (user.MustChangePassword)
        {
            throw new StaffAccountException($"account '{login}' must change its one-time password first");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(TokenRules.MaxDays))
        {
            throw new StaffAccountException($"a token lives 1-{TokenRules.MaxDays} days");
        }

        var token =
            TokenPrefix
            + Convert
                .ToBase64String(RandomNumberGenerator.GetBytes(32))
                .TrimEnd('=')
                .Replace('+', '-')
                .Replace('/', '_');
        var now = time.GetUtcNow();
        var expiresAt = now + lifetime;
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var id = Guid.NewGuid();
        db.ApiTokens.Add(
            new ApiToken
            {
                Id = id,
                UserId = user.Id,
                Hash = HashToken(token),
                CreatedAt = now,
                ExpiresAt = expiresAt,
                CredentialStamp = StaffSignIn.SessionStamp(user),
            }
        );
        await audit.AppendAsync(
            actor,
            user.OfficeCode,
            AuditActions.TokenIssued,
            null,
            new
            {
                login,
                tokenId = id,
                expiresAt,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedToken(token, expiresAt);
    }

    /// <summary>Why a password is not acceptable, or null. Length is what counts (NIST SP 800-63B): no composition
    /// rules.</summary>
    public static PasswordChangeResult? PasswordProblem(string login, string? password) =>
        password switch
        {
            null => PasswordChangeResult.TooShort,
            { Length: < MinPasswordLength } => PasswordChangeResult.TooShort,
            { Length: > MaxPasswordLength } => PasswordChangeResult.TooLong,
            _ when string.Equals(password, login, StringComparison.OrdinalIgnoreCase) =>
                PasswordChangeResult.SameAsLogin,
            _ => null,
        };

    /// <summary>A random one-time password (120 bits) for a new or reset account; it must be changed at first
    /// sign-in.</summary>
    public static string NewOneTimePassword() => NewOneTimePassword(15);

    /// <summary>A random one-time password of <paramref name="bytes"/> random bytes (for halves: 9, 72 bits
    /// each).</summary>
    public static string NewOneTimePassword(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).Replace('+', 'x').Replace('/', 'y');

    /// <summary>An account's personal tokens, newest first, each with its state (hashes are never shown).</summary>
    public async Task<List<TokenView>> TokensAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var pledge = await pledges.CurrentVersionAsync(cancellationToken);
        return
        [
            .. tokens
                .OrderByDescending(t => t.CreatedAt)
                .Select(t => new TokenView(
                    t.Id,
                    t.CreatedAt,
                    t.ExpiresAt,
                    t.LastUsedAt,
                    t.RevokedAt,
                    TokenRules.StateOf(t, user, now, pledge)
                )),
        ];
    }

    /// <summary>Revokes a personal token: the owner's own, or, for an administrator, anyone's they manage. Returns
    /// false when there is no such live token the actor may revoke.</summary>
    public async Task<bool> RevokeTokenAsync(
        Guid tokenId,
        StaffUser owner,
        StaffPrincipal actor,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(
            t => t.Id == tokenId && t.UserId == owner.Id && t.RevokedAt == null,
            cancellationToken
        );
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = time.GetUtcNow();
        await audit.AppendAsync(
            actor.Login,
            actor.OfficeCode,
            AuditActions.TokenRevoked,
            null,
            new { login = owner.Login, tokenId },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Gives an account a new password, to be changed at the next sign-in; open sessions and tokens of the
    /// account end (its credential stamp changes), and a lockout is lifted. <see cref="AccountRequests"/> decides
    /// when.</summary>
    public static void ResetPassword(StaffUser user, string password, string issuedBy)
    {
        user.PasswordHash = PasswordHasher.Hash(password);
        user.MustChangePassword = true;
        StaffSignIn.ClearFailures(user);
        user.CredentialsIssuedBy = issuedBy;
    }

    /// <summary>Forgets the TOTP secret (a lost phone): the person enrols again at their next sign-in; sessions and
    /// tokens end.</summary>
    public static void ResetTotp(StaffUser user, string issuedBy)
    {
        user.TotpSecret = null;
        user.TotpLastStep = null;
        user.CredentialsIssuedBy = issuedBy;
    }

    /// <summary>Disables or re-enables an account; a disabled account can neither sign in nor use its tokens.</summary>
    public Task SetDisabledAsync(
        Guid userId,
        bool disabled,
        StaffPrincipal actor,
        CancellationToken cancellationToken
    ) =>
        ChangeAsync(
            userId,
            actor,
            disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled,
            null,
            user => user.DisabledAt = disabled ? time.GetUtcNow() : null,
            cancellationToken
        );

    /// <summary>Every account, by login (<c>jebo users list</c>).</summary>
    public Task<List<StaffUser>> ListAsync(CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().OrderBy(u => u.Login).ToListAsync(cancellationToken);

    /// <summary>Signs the account out everywhere: every API token is revoked and the credential stamp changes
    /// (<see cref="StaffUser.SessionsEndedAt"/>), so every web session and half-finished sign-in ends at its next
    /// request. Returns how many live tokens were revoked.</summary>
    public async Task<int> EndSessionsAsync(
        Guid userId,
        string actor,
        string? actorOffice,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        var now = time.GetUtcNow();
        user.SessionsEndedAt = now;
        var tokens = await db
            .ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ToListAsync(cancellationToken);
        tokens.ForEach(t => t.RevokedAt = now);
        await audit.AppendAsync(
            actor,
            actorOffice,
            AuditActions.UserSignedOutEverywhere,
            null,
            new { login = user.Login, tokensRevoked = tokens.Count },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tokens.Count;
    }

    /// <summary>The operator's change on the casework machine itself (<c>jebo users set</c>): role, office and whether
    /// the account is disabled, at once and in one transaction. Like <c>jebo users add</c> it is the break-glass:
    /// audited change by change under <paramref name="actor"/>, and as <c>account.break-glass</c> (a security alert)
    /// when it leaves an enabled account in a privileged role. The last national administrator is kept.</summary>
    public async Task<StaffUser> SetOnTheMachineAsync(
        string login,
        string? role,
        string? officeCode,
        bool? disabled,
        string actor,
        CancellationToken cancellationToken
    )
    {
        if (role is not null && !Roles.All.Contains(role))
        {
            throw new StaffAccountException($"unknown role '{role}' (one of {string.Join(", ", Roles.All)})");
        }

        if (officeCode is not null && !await db.Offices.AnyAsync(o => o.Code == officeCode, cancellationToken))
        {
            throw new StaffAccountException($"unknown office '{officeCode}'");
        }

        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Login == login, cancellationToken)
            ?? throw new StaffAccountException($"no account '{login}'");
        var (newRole, newOffice, newDisabled) = (
            role ?? user.Role,
            officeCode ?? user.OfficeCode,
            disabled ?? user.DisabledAt is not null
        );
        if (
            await IsLastNationalAdministratorAsync(user, cancellationToken)
            && !StaffAdministration.IsNationalAdministrator(newRole, newOffice, newDisabled)
        )
        {
            throw new AccountRefusedException(AccountRefusal.LastNationalAdministrator);
        }

        var changes = new List<string>();
        if (newRole != user.Role)
        {
            await audit.AppendAsync(
                actor,
                null,
                AuditActions.UserRoleChanged,
                null,
                new
                {
                    login,
                    from = user.Role,
                    to = newRole,
                },
                cancellationToken
            );
            changes.Add($"role {user.Role} to {newRole}");
            user.Role = newRole;
        }

        if (newOffice != user.OfficeCode)
        {
            await audit.AppendAsync(
                actor,
                null,
                AuditActions.UserOfficeChanged,
                null,
                new
                {
                    login,
                    from = user.OfficeCode,
                    to = newOffice,
                },
                cancellationToken
            );
            changes.Add($"office {user.OfficeCode} to {newOffice}");
            user.OfficeCode = newOffice;
        }

        if (newDisabled != (user.DisabledAt is not null))
        {
            await audit.AppendAsync(
                actor,
                null,
                newDisabled ? AuditActions.UserDisabled : AuditActions.UserEnabled,
                null,
                new { login },
                cancellationToken
            );
            changes.Add(newDisabled ? "disabled" : "enabled");
            user.DisabledAt = newDisabled ? time.GetUtcNow() : null;
        }

        if (changes.Count > 0 && !newDisabled && StaffAdministration.NeedsTwoAdministrators(newRole))
        {
            await audit.AppendAsync(
                actor,
                null,
                AuditActions.AccountBreakGlass,
                null,
                new
                {
                    login,
                    office = newOffice,
                    role = newRole,
                    privileged = true,
                    change = string.Join(", ", changes),
                },
                cancellationToken
            );
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>Whether the account is the last enabled national administrator, the only kind who manages every office:
    /// no change may take it out of that role, office or state (<see cref="StaffAdministration"/>).</summary>
    public async Task<bool> IsLastNationalAdministratorAsync(StaffUser account, CancellationToken cancellationToken)
    {
        if (!StaffAdministration.IsNationalAdministrator(account))
        {
            return false;
        }

        var others = await db
            .Users.AsNoTracking()
            .Where(u => u.Id != account.Id && u.Role == Roles.Administrator)
            .ToListAsync(cancellationToken);
        return !others.Any(StaffAdministration.IsNationalAdministrator);
    }

    /// <summary>Lifts a lockout before it runs out.</summary>
    public Task UnlockAsync(Guid userId, StaffPrincipal actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, actor, AuditActions.UserUnlocked, null, StaffSignIn.ClearFailures, cancellationToken);

    /// <summary>Changes an account in one write transaction with its audit entry; never the last national administrator
    /// out of that office, role or state (<see cref="IsLastNationalAdministratorAsync"/>).</summary>
    public async Task ChangeAsync(
        Guid userId,
        StaffPrincipal actor,
        string auditAction,
        object? details,
        Action<StaffUser> change,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        var wasLast = await IsLastNationalAdministratorAsync(user, cancellationToken);
        change(user);
        if (wasLast && !StaffAdministration.IsNationalAdministrator(user))
        {
            throw new AccountRefusedException(AccountRefusal.LastNationalAdministrator);
        }

        await audit.AppendAsync(
            actor.Login,
            actor.OfficeCode,
            auditAction,
            null,
            new { login = user.Login, details },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Tokens are 256 random bits, so a fast hash is enough to make a stolen table useless.</summary>
    public static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}

/// <summary>A personal token as its owner and administrators see it.</summary>
public sealed record TokenView(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    TokenState State
);

/// <summary>A token just issued (the only time its value exists outside the holder's hands) and when it
/// expires.</summary>
public sealed record IssuedToken(string Value, DateTimeOffset ExpiresAt);

public sealed class StaffAccountException(string message) : Exception(message);
