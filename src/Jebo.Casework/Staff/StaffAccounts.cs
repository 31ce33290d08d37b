using System.Security.Cryptography;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Staff;

/// <summary>Creating staff accounts and issuing personal API tokens, as <c>jebo users</c> and the admin pages do.</summary>
public sealed class StaffAccounts(CaseworkDb db, AuditLog audit, TimeProvider time)
{
    public const int MinPasswordLength = 12;
    public const string TokenPrefix = "jebo_";

    public async Task<StaffUser> AddAsync(string login, string officeCode, string role, string password, bool pledgeSigned, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login) || login.Length > 64 || !login.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new StaffAccountException("login must be 1-64 letters, digits, '-', '_' or '.'");
        }

        if (!Roles.All.Contains(role))
        {
            throw new StaffAccountException($"unknown role '{role}' (one of {string.Join(", ", Roles.All)})");
        }

        if (password.Length < MinPasswordLength)
        {
            throw new StaffAccountException($"password must be at least {MinPasswordLength} characters");
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
        };
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        db.Users.Add(user);
        await audit.AppendAsync(actor, null, "user.created", null, new { login, office = officeCode, role, pledge = pledgeSigned ? "paper" : "pending" }, cancellationToken);
        if (pledgeSigned)
        {
            await audit.AppendAsync(actor, null, "pledge.recorded", null, new { login, version = Pledge.CurrentVersion, method = "paper" }, cancellationToken);
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

    /// <summary>Tokens are 256 random bits, so a fast hash is enough to make a stolen table useless.</summary>
    public static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}

public sealed class StaffAccountException(string message) : Exception(message);
