using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Pages.Account;
using Jebo.Casework.Staff;
using Jebo.Casework.StaffWeb;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Pages.Admin.Users;

/// <summary>One account, for an administrator who manages its office: reset its password (a new one-time password,
/// shown once) or its TOTP, unlock, disable or enable it, record a paper pledge, and revoke its tokens. Administrators
/// do not act on their own account here (that is what the account pages are for), so no one can lock themselves out
/// or skip their own pledge.</summary>
public sealed class UserModel(CaseworkDb db, StaffAccounts accounts, OfficeTree offices, TimeProvider time) : StaffPageModel
{
    public StaffUser? Account { get; private set; }
    public TokenTable Tokens { get; private set; } = new([], "");
    public string? Done { get; private set; }
    public string? OneTimePassword { get; private set; }
    public DateTimeOffset Now => time.GetUtcNow();
    public bool IsSelf => Account?.Id == CurrentUser.Id;

    public async Task<IActionResult> OnGetAsync(string login) => await LoadAsync(login) ? Page() : NotFound();

    public Task<IActionResult> OnPostResetPasswordAsync(string login) => ActAsync(login, "Users.PasswordReset", async user =>
        OneTimePassword = await accounts.ResetPasswordAsync(user.Id, Staff, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostResetTotpAsync(string login) =>
        ActAsync(login, "Users.TotpReset", user => accounts.ResetTotpAsync(user.Id, Staff, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostUnlockAsync(string login) =>
        ActAsync(login, "Users.Unlocked", user => accounts.UnlockAsync(user.Id, Staff, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostPledgeAsync(string login) =>
        ActAsync(login, "Users.PledgeSaved", user => accounts.RecordPaperPledgeAsync(user.Id, Staff, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostDisableAsync(string login) =>
        ActAsync(login, "Users.DisabledDone", user => accounts.SetDisabledAsync(user.Id, true, Staff, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostEnableAsync(string login) =>
        ActAsync(login, "Users.EnabledDone", user => accounts.SetDisabledAsync(user.Id, false, Staff, HttpContext.RequestAborted));

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

    private async Task<IActionResult> ActAsync(string login, string done, Func<StaffUser, Task> act)
    {
        if (!await LoadAsync(login))
        {
            return NotFound();
        }

        if (IsSelf)
        {
            return Forbid();
        }

        await act(Account!);
        Done = done;
        await LoadAsync(login);
        return Page();
    }

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

        Tokens = new TokenTable(await accounts.TokensAsync(Account.Id, HttpContext.RequestAborted), $"/admin/users/{Uri.EscapeDataString(Account.Login)}");
        return true;
    }
}
