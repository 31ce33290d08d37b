using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Staff;

/// <summary>What became of an administrator's change to an account: done at once (with the whole one-time password, if
/// one was made), or waiting for a second administrator (with the requester's half of it).</summary>
public sealed record AccountChange(Guid? RequestId, string? Password)
{
    public bool Pending => RequestId is not null;
}

/// <summary>What became of an approval: refused (and why), or done (with the approver's half of the one-time password,
/// if one was made).</summary>
public sealed record ApprovalResult(AccountRefusal? Refusal, string? ApproverHalf);

/// <summary>The administrators' changes to accounts, the way the admin pages make them: changes one administrator may
/// make alone happen at once; those <see cref="StaffAdministration.NeedsTwoAdministrators"/> names wait as an
/// <see cref="AccountRequest"/> until another administrator approves. Every step is audited, and each approved one
/// raises a security alert (<see cref="SecurityAlerts"/>).</summary>
public sealed class AccountRequests(
    CaseworkDb db,
    AuditLog audit,
    StaffAccounts accounts,
    OfficeTree offices,
    TimeProvider time
)
{
    /// <summary>A request not decided within this time can no longer be approved.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<AccountChange> CreateAsync(
        StaffPrincipal admin,
        string login,
        string officeCode,
        string role,
        CancellationToken cancellationToken
    )
    {
        if (!StaffAdministration.MayManage(admin, officeCode, offices))
        {
            throw new StaffAccountException("office: not in your jurisdiction");
        }

        if (!StaffAdministration.NeedsTwoAdministrators(role))
        {
            var password = StaffAccounts.NewOneTimePassword();
            await accounts.AddAsync(
                login,
                officeCode,
                role,
                password,
                pledgeSigned: false,
                mustChangePassword: true,
                admin.Login,
                admin.OfficeCode,
                onTheMachine: false,
                cancellationToken
            );
            return new AccountChange(null, password);
        }

        await accounts.CheckNewAsync(login, officeCode, role, cancellationToken);
        return await RequestAsync(
            admin,
            AccountRequest.Create,
            login,
            officeCode,
            role,
            withPassword: true,
            cancellationToken
        );
    }

    public async Task<AccountChange> ResetPasswordAsync(
        StaffPrincipal admin,
        StaffUser account,
        CancellationToken cancellationToken
    )
    {
        Require(admin, AccountRequest.ResetPassword, account);
        if (StaffAdministration.NeedsTwoAdministrators(account.Role))
        {
            return await RequestAsync(
                admin,
                AccountRequest.ResetPassword,
                account.Login,
                account.OfficeCode,
                account.Role,
                withPassword: true,
                cancellationToken
            );
        }

        var password = StaffAccounts.NewOneTimePassword();
        await accounts.ChangeAsync(
            account.Id,
            admin,
            AuditActions.UserPasswordReset,
            null,
            user => StaffAccounts.ResetPassword(user, password, admin.Login),
            cancellationToken
        );
        return new AccountChange(null, password);
    }

    public async Task<AccountChange> ResetTotpAsync(
        StaffPrincipal admin,
        StaffUser account,
        CancellationToken cancellationToken
    )
    {
        Require(admin, AccountRequest.ResetTotp, account);
        if (StaffAdministration.NeedsTwoAdministrators(account.Role))
        {
            return await RequestAsync(
                admin,
                AccountRequest.ResetTotp,
                account.Login,
                account.OfficeCode,
                account.Role,
                withPassword: false,
                cancellationToken
            );
        }

        await accounts.ChangeAsync(
            account.Id,
            admin,
            AuditActions.UserTotpReset,
            null,
            user => StaffAccounts.ResetTotp(user, admin.Login),
            cancellationToken
        );
        return new AccountChange(null, null);
    }

    /// <summary>Gives the account another role: into a privileged role only with a second administrator; out of one at
    /// once.</summary>
    public async Task<AccountChange> ChangeRoleAsync(
        StaffPrincipal admin,
        StaffUser account,
        string role,
        CancellationToken cancellationToken
    )
    {
        if (!Roles.All.Contains(role))
        {
            throw new StaffAccountException($"unknown role '{role}' (one of {string.Join(", ", Roles.All)})");
        }

        Require(admin, AccountRequest.Promote, account);
        if (StaffAdministration.NeedsTwoAdministrators(role))
        {
            return await RequestAsync(
                admin,
                AccountRequest.Promote,
                account.Login,
                account.OfficeCode,
                role,
                withPassword: false,
                cancellationToken
            );
        }

        await accounts.ChangeAsync(
            account.Id,
            admin,
            AuditActions.UserRoleChanged,
            new { from = account.Role, to = role },
            user => user.Role = role,
            cancellationToken
        );
        return new AccountChange(null, null);
    }

    /// <summary>Moves the account to another office; the administrator must manage both. A privileged account (one that
    /// sees identities, or an administrator) moves only with a second administrator, since the move changes whose
    /// identities it sees.</summary>
    public async Task<AccountChange> MoveAsync(
        StaffPrincipal admin,
        StaffUser account,
        string toOffice,
        CancellationToken cancellationToken
    )
    {
        if (!offices.Exists(toOffice) || toOffice == account.OfficeCode)
        {
            throw new StaffAccountException($"unknown office '{toOffice}'");
        }

        Require(admin, AccountRequest.Move, account);
        if (!StaffAdministration.MayMove(admin, account.OfficeCode, toOffice, offices))
        {
            throw new AccountRefusedException(AccountRefusal.NotAdministrator);
        }

        if (StaffAdministration.NeedsTwoAdministrators(account.Role))
        {
            return await RequestAsync(
                admin,
                AccountRequest.Move,
                account.Login,
                account.OfficeCode,
                account.Role,
                withPassword: false,
                cancellationToken,
                toOffice
            );
        }

        await accounts.ChangeAsync(
            account.Id,
            admin,
            AuditActions.UserOfficeChanged,
            new { from = account.OfficeCode, to = toOffice },
            user => user.OfficeCode = toOffice,
            cancellationToken
        );
        return new AccountChange(null, null);
    }

    /// <summary>The undecided, unexpired requests for accounts of <paramref name="admin"/>'s office subtree, oldest
    /// first.</summary>
    public async Task<List<AccountRequest>> PendingAsync(StaffPrincipal admin, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - Lifetime;
        var pending = await db
            .AccountRequests.AsNoTracking()
            .Where(r => r.Decision == null)
            .ToListAsync(cancellationToken);
        return
        [
            .. pending
                .Where(r => r.RequestedAt > since && StaffAdministration.MayManage(admin, r.OfficeCode, offices))
                .OrderBy(r => r.RequestedAt),
        ];
    }

    /// <summary>Approves a request and makes the change; null when there is no such pending request the approver
    /// manages.</summary>
    public async Task<ApprovalResult?> ApproveAsync(
        StaffPrincipal approver,
        Guid requestId,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var request = await OpenAsync(approver, requestId, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var account = await db.Users.SingleOrDefaultAsync(u => u.Login == request.Login, cancellationToken);
        var refusal = StaffAdministration.ApprovalRefusal(approver, request, account, offices);
        if (
            refusal is null
            && (
                (request.Kind == AccountRequest.Create) != (account is null)
                || (request.Kind == AccountRequest.Move && account!.OfficeCode != request.OfficeCode)
            )
        )
        {
            refusal = AccountRefusal.Outdated;
        }

        if (
            refusal is null
            && account is not null
            && request.Kind is AccountRequest.Promote or AccountRequest.Move
            && await accounts.IsLastNationalAdministratorAsync(account, cancellationToken)
            && !StaffAdministration.IsNationalAdministrator(
                request.Role,
                request.ToOfficeCode ?? account.OfficeCode,
                disabled: false
            )
        )
        {
            refusal = AccountRefusal.LastNationalAdministrator;
        }

        if (refusal is { } refused)
        {
            await audit.AppendAsync(
                approver.Login,
                approver.OfficeCode,
                AuditActions.AccountApprovalRefused,
                null,
                new
                {
                    request = request.Id,
                    request.Kind,
                    request.Login,
                    requestedBy = request.RequestedBy,
                    reason = refused.ToString(),
                },
                cancellationToken
            );
            await SaveAsync(transaction, cancellationToken);
            return new ApprovalResult(refused, null);
        }

        var issuedBy = request.RequestedBy + "," + approver.Login;
        var half = request.RequesterHalf is null ? null : StaffAccounts.NewOneTimePassword(HalfBytes);
        var password = request.RequesterHalf + half;
        switch (request.Kind)
        {
            case AccountRequest.Create:
                db.Users.Add(
                    accounts.NewUser(
                        request.Login,
                        request.OfficeCode,
                        request.Role,
                        password,
                        mustChangePassword: true,
                        issuedBy
                    )
                );
                await audit.AppendAsync(
                    approver.Login,
                    approver.OfficeCode,
                    AuditActions.UserCreated,
                    null,
                    new
                    {
                        login = request.Login,
                        office = request.OfficeCode,
                        role = request.Role,
                        pledge = "pending",
                        requestedBy = request.RequestedBy,
                    },
                    cancellationToken
                );
                break;
            case AccountRequest.Promote:
                await audit.AppendAsync(
                    approver.Login,
                    approver.OfficeCode,
                    AuditActions.UserRoleChanged,
                    null,
                    new
                    {
                        login = account!.Login,
                        from = account.Role,
                        to = request.Role,
                    },
                    cancellationToken
                );
                account.Role = request.Role;
                break;
            case AccountRequest.Move:
                await audit.AppendAsync(
                    approver.Login,
                    approver.OfficeCode,
                    AuditActions.UserOfficeChanged,
                    null,
                    new
                    {
                        login = account!.Login,
                        from = account.OfficeCode,
                        to = request.ToOfficeCode,
                    },
                    cancellationToken
                );
                account.OfficeCode = request.ToOfficeCode!;
                break;
            case AccountRequest.ResetPassword:
                StaffAccounts.ResetPassword(account!, password, issuedBy);
                await audit.AppendAsync(
                    approver.Login,
                    approver.OfficeCode,
                    AuditActions.UserPasswordReset,
                    null,
                    new { login = account!.Login },
                    cancellationToken
                );
                break;
            default:
                StaffAccounts.ResetTotp(account!, issuedBy);
                await audit.AppendAsync(
                    approver.Login,
                    approver.OfficeCode,
                    AuditActions.UserTotpReset,
                    null,
                    new { login = account!.Login },
                    cancellationToken
                );
                break;
        }

        (request.Decision, request.DecidedBy, request.DecidedAt, request.RequesterHalf) = (
            "approved",
            approver.Login,
            time.GetUtcNow(),
            null
        );
        await audit.AppendAsync(
            approver.Login,
            approver.OfficeCode,
            AuditActions.AccountApproved,
            null,
            new
            {
                request = request.Id,
                request.Kind,
                request.Login,
                office = request.OfficeCode,
                role = request.Role,
                requestedBy = request.RequestedBy,
            },
            cancellationToken
        );
        await SaveAsync(transaction, cancellationToken);
        return new ApprovalResult(null, half);
    }

    /// <summary>Refuses a request (any administrator who manages the account, the requester too, who withdraws
    /// it).</summary>
    public async Task<bool> RefuseAsync(StaffPrincipal admin, Guid requestId, CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var request = await OpenAsync(admin, requestId, cancellationToken);
        if (request is null)
        {
            return false;
        }

        (request.Decision, request.DecidedBy, request.DecidedAt, request.RequesterHalf) = (
            "refused",
            admin.Login,
            time.GetUtcNow(),
            null
        );
        await audit.AppendAsync(
            admin.Login,
            admin.OfficeCode,
            AuditActions.AccountRefused,
            null,
            new
            {
                request = request.Id,
                request.Kind,
                request.Login,
                requestedBy = request.RequestedBy,
            },
            cancellationToken
        );
        await SaveAsync(transaction, cancellationToken);
        return true;
    }

    /// <summary>Each half of a two-administrator one-time password: 72 random bits, 12 characters.</summary>
    private const int HalfBytes = 9;

    private static void Require(StaffPrincipal admin, string kind, StaffUser account)
    {
        if (StaffAdministration.Refusal(admin, kind, account) is { } refusal)
        {
            throw new AccountRefusedException(refusal);
        }
    }

    private async Task<AccountRequest?> OpenAsync(
        StaffPrincipal admin,
        Guid requestId,
        CancellationToken cancellationToken
    )
    {
        var since = time.GetUtcNow() - Lifetime;
        var request = await db.AccountRequests.SingleOrDefaultAsync(
            r => r.Id == requestId && r.Decision == null,
            cancellationToken
        );
        return
            request is not null
            && request.RequestedAt > since
            && StaffAdministration.MayManage(admin, request.OfficeCode, offices)
            ? request
            : null;
    }

    private async Task<AccountChange> RequestAsync(
        StaffPrincipal admin,
        string kind,
        string login,
        string officeCode,
        string role,
        bool withPassword,
        CancellationToken cancellationToken,
        string? toOffice = null
    )
    {
        var half = withPassword ? StaffAccounts.NewOneTimePassword(HalfBytes) : null;
        var request = new AccountRequest
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Login = login,
            OfficeCode = officeCode,
            Role = role,
            RequestedBy = admin.Login,
            RequestedByOffice = admin.OfficeCode,
            RequestedAt = time.GetUtcNow(),
            RequesterHalf = half,
            ToOfficeCode = toOffice,
        };
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        db.AccountRequests.Add(request);
        await audit.AppendAsync(
            admin.Login,
            admin.OfficeCode,
            AuditActions.AccountRequested,
            null,
            new
            {
                request = request.Id,
                kind,
                login,
                office = officeCode,
                role,
                toOffice,
            },
            cancellationToken
        );
        await SaveAsync(transaction, cancellationToken);
        return new AccountChange(request.Id, half);
    }

    private async Task SaveAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        CancellationToken cancellationToken
    )
    {
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>An administrator tried an account change the rules of <see cref="StaffAdministration"/> forbid
/// them.</summary>
public sealed class AccountRefusedException(AccountRefusal refusal) : Exception($"account change refused: {refusal}")
{
    public AccountRefusal Refusal { get; } = refusal;
}
