using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Pages.Account;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Pages.Staff;

/// <summary>One account, for an administrator who manages its office: reset its password (a new one-time password,
/// shown once) or its TOTP, change its role or office, unlock, disable or enable it, revoke its tokens one by one or
/// sign it out everywhere. Resets of a privileged account, promotions into a privileged role and moves of a privileged
/// account wait for a second administrator (<see cref="AccountRequests"/>); the last national administrator is kept.
/// Administrators do not act on their own account here (that is what the account pages are for), and no one accepts
/// the pledge for another person here: each accepts it themselves, or signs it on paper before a witness, which an
/// administrator enters in the register (<c>/pledges</c>).</summary>
public sealed class UserModel(
    CaseworkDb db,
    StaffAccounts accounts,
    AccountRequests requests,
    OfficeTree offices,
    TimeProvider time
) : StaffPageModel
{
    public StaffUser? Account { get; private set; }
    public TokenTable Tokens { get; private set; } = new([], "");
    public string? Done { get; private set; }
    public string? OneTimePassword { get; private set; }
    public DateTimeOffset Now => time.GetUtcNow();
    public bool IsSelf => Account?.Id == CurrentUser.Id;

    /// <summary>The offices the administrator may move the account to: their own subtree.</summary>
    public IReadOnlyList<string> Offices => offices.Subtree(Staff.OfficeCode);

    /// <summary>Whether the last change was refused as bad input (the page answers 400).</summary>
    public bool Invalid { get; private set; }

    public async Task<IActionResult> OnGetAsync(string login) => await LoadAsync(login) ? Page() : NotFound();

    /// <summary>Whether the last change waits for a second administrator (and <see cref="OneTimePassword"/> is the
    /// requester's half).</summary>
    public bool Requested { get; private set; }

    public Task<IActionResult> OnPostResetPasswordAsync(string login) =>
        ActAsync(login, "Users.PasswordReset", async user =>
            Show(await requests.ResetPasswordAsync(Staff, user, HttpContext.RequestAborted))
        );

    public Task<IActionResult> OnPostResetTotpAsync(string login) =>
        ActAsync(login, "Users.TotpReset", async user =>
            Show(await requests.ResetTotpAsync(Staff, user, HttpContext.RequestAborted))
        );

    public Task<IActionResult> OnPostRoleAsync(string login, string? role) =>
        ActAsync(login, "Users.RoleChanged", async user =>
            Show(await requests.ChangeRoleAsync(Staff, user, role ?? "", HttpContext.RequestAborted))
        );

    public Task<IActionResult> OnPostOfficeAsync(string login, string? office) =>
        ActAsync(
            login,
            "Users.OfficeChanged",
            async user => Show(await requests.MoveAsync(Staff, user, office ?? "", HttpContext.RequestAborted)),
            invalid: "Users.BadOffice"
        );

    public Task<IActionResult> OnPostSignOutEverywhereAsync(string login) =>
        ActAsync(login, "Users.SignedOutEverywhere", user =>
            accounts.EndSessionsAsync(user.Id, Staff.Login, Staff.OfficeCode, HttpContext.RequestAborted)
        );

    public Task<IActionResult> OnPostUnlockAsync(string login) =>
        ActAsync(login, "Users.Unlocked", user => accounts.UnlockAsync(user.Id, Staff, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostDisableAsync(string login) =>
        ActAsync(login, "Users.DisabledDone", user =>
            accounts.SetDisabledAsync(user.Id, true, Staff, HttpContext.RequestAborted)
        );

    public Task<IActionResult> OnPostEnableAsync(string login) =>
        ActAsync(login, "Users.EnabledDone", user =>
            accounts.SetDisabledAsync(user.Id, false, Staff, HttpContext.RequestAborted)
        );

    public async Task<IActionResult> OnPostRevokeAsync(string login, Guid id)
    {
        if (!await LoadAsync(login))
        {
            return NotFound();
        }

        if (!await accounts.RevokeTokenAsync(id, Account!, Staff, HttpContext.RequestAborted))
        {
            return NotFound();
        }

        Done = "Tokens.Revoked";
        await LoadAsync(login);
        return Page();
    }

    private async Task<IActionResult> ActAsync(
        string login,
        string done,
        Func<StaffUser, Task> act,
        string invalid = "Users.BadRole"
    )
    {
        if (!await LoadAsync(login))
        {
            return NotFound();
        }

        if (IsSelf)
        {
            return Forbid();
        }

        try
        {
            await act(Account!);
        }
        catch (AccountRefusedException e)
        {
            Refusal = e.Refusal;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        catch (StaffAccountException)
        {
            Refusal = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            (Done, Invalid) = (invalid, true);
            return Page();
        }

        Done = Requested ? "Users.RequestSent" : done;
        await LoadAsync(login);
        return Page();
    }

    /// <summary>Why the last change was refused, if it was.</summary>
    public AccountRefusal? Refusal { get; private set; }

    private void Show(AccountChange change) => (OneTimePassword, Requested) = (change.Password, change.Pending);

    /// <summary>Loads the account if it exists and lies in the administrator's subtree; otherwise it does not exist
    /// for them (404), as cases outside a jurisdiction do not.</summary>
    private async Task<bool> LoadAsync(string login)
    {
        Account = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Login == login, HttpContext.RequestAborted);
        if (Account is null || !StaffAdministration.MayManage(Staff, Account.OfficeCode, offices))
        {
            Account = null;
            return false;
        }

        Tokens = new TokenTable(
            await accounts.TokensAsync(Account.Id, HttpContext.RequestAborted),
            $"/admin/users/{Uri.EscapeDataString(Account.Login)}"
        );
        return true;
    }
}
