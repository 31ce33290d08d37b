using Jebo.Casework.Data;
using Jebo.Casework.Offices;

namespace Jebo.Casework.Staff;

/// <summary>Whose accounts an administrator manages (those of their own office and every office below it), and which
/// account changes need a second administrator: the one place both are decided.</summary>
/// <remarks>Security: a provincial administrator can neither see, create, reset nor disable an account of another
/// province or of the national office. An administrator alone can never make themselves a way to read reporters'
/// identities: creating an account in a role that sees them (or an administrator, who could otherwise create an
/// accomplice to approve their requests), promoting one into such a role, and resetting such an account's password
/// or TOTP wait for a second administrator of the same office or one above. Neither of the two can use the account:
/// each sees only half of its one-time password, the person accepts the pledge themselves, and whoever set an
/// account's credentials may not take part in promoting it. Moving a privileged account to another office changes whose
/// identities it sees, so it too waits for a second administrator who manages both offices. And the platform is never
/// left without an enabled national administrator (<see cref="IsNationalAdministrator(StaffUser)"/>): the last one can
/// be neither disabled, demoted nor moved, from the pages or the command line.</remarks>
public static class StaffAdministration
{
    public static bool MayManage(StaffPrincipal administrator, string officeCode, OfficeTree offices) =>
        administrator.Role == Roles.Administrator && offices.IsWithin(officeCode, administrator.OfficeCode);

    /// <summary>Whether an administrator may move an account from <paramref name="fromOffice"/> to
    /// <paramref name="toOffice"/>: they must manage both.</summary>
    public static bool MayMove(StaffPrincipal administrator, string fromOffice, string toOffice, OfficeTree offices) =>
        MayManage(administrator, fromOffice, offices) && MayManage(administrator, toOffice, offices);

    /// <summary>An enabled administrator of the national office: the platform keeps at least one, since only they
    /// manage every office.</summary>
    public static bool IsNationalAdministrator(StaffUser account) =>
        IsNationalAdministrator(account.Role, account.OfficeCode, account.DisabledAt is not null);

    /// <summary>Whether an account with this role, office and state would be an enabled national
    /// administrator.</summary>
    public static bool IsNationalAdministrator(string role, string officeCode, bool disabled) =>
        role == Roles.Administrator && officeCode == Reference.Regions.RegionDataset.National && !disabled;

    /// <summary>Roles whose accounts two administrators create, promote into and reset.</summary>
    public static bool NeedsTwoAdministrators(string role) =>
        CasePermissions.MaySeeIdentity(role) || role == Roles.Administrator;

    /// <summary>Why <paramref name="administrator"/> may not ask for or approve a change to <paramref name="account"/>
    /// (null when there is none yet, for a creation), or null.</summary>
    public static AccountRefusal? Refusal(StaffPrincipal administrator, string kind, StaffUser? account) =>
        account switch
        {
            _ when administrator.Role != Roles.Administrator => AccountRefusal.NotAdministrator,
            { } when account.Id == administrator.UserId => AccountRefusal.OwnAccount,
            { } when kind == AccountRequest.Promote && IssuedBy(account, administrator.Login) =>
                AccountRefusal.IssuedCredentials,
            _ => null,
        };

    /// <summary>Why <paramref name="approver"/> may not approve <paramref name="request"/>, or null: another person
    /// than the requester, not the account's owner, not someone who set its credentials, and an administrator of its
    /// office or one above.</summary>
    public static AccountRefusal? ApprovalRefusal(
        StaffPrincipal approver,
        AccountRequest request,
        StaffUser? account,
        OfficeTree offices
    ) =>
        !MayManage(approver, request.OfficeCode, offices) ? AccountRefusal.NotAdministrator
        : request.ToOfficeCode is { } to && !MayManage(approver, to, offices) ? AccountRefusal.NotAdministrator
        : approver.Login == request.RequestedBy ? AccountRefusal.OwnRequest
        : approver.Login == request.Login ? AccountRefusal.OwnAccount
        : Refusal(approver, request.Kind, account);

    /// <summary>Whether <paramref name="login"/> created this account or last reset its credentials.</summary>
    public static bool IssuedBy(StaffUser account, string login) =>
        (account.CredentialsIssuedBy ?? "").Split(',').Contains(login, StringComparer.Ordinal);
}

/// <summary>Why an administrator may not take part in an account change.</summary>
public enum AccountRefusal
{
    NotAdministrator,
    OwnAccount,
    OwnRequest,
    IssuedCredentials,

    /// <summary>The account changed since the request (created meanwhile, or gone).</summary>
    Outdated,

    /// <summary>The change would leave no enabled national administrator.</summary>
    LastNationalAdministrator,
}
