using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Pages.Staff;

/// <summary>User administration: the accounts of the administrator's office subtree; creating one with an office, a
/// role and a one-time password (shown once, to be changed at first sign-in; TOTP and the pledge come then too); and
/// the requests that wait for a second administrator (<see cref="AccountRequests"/>), to approve or refuse.</summary>
public sealed class IndexModel(
    CaseworkDb db,
    AccountRequests requests,
    OfficeTree offices,
    IStringLocalizer<StaffText> text
) : StaffPageModel
{
    public IReadOnlyList<StaffUser> Users { get; private set; } = [];
    public IReadOnlyList<AccountRequest> Pending { get; private set; } = [];
    public IReadOnlyList<string> Offices { get; private set; } = [];
    public string? Login { get; private set; }
    public string? Office { get; private set; }
    public string? Role { get; private set; }

    /// <summary>The login just created or asked for, and the one-time password (or the half of it) to hand
    /// over.</summary>
    public string? Created { get; private set; }
    public string? OneTimePassword { get; private set; }
    public bool Requested { get; private set; }

    /// <summary>The request just approved or refused (a resource key), and the approver's half of a one-time
    /// password.</summary>
    public string? Decided { get; private set; }
    public string? ApproverHalf { get; private set; }
    public string? Failure { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? login, string? office, string? role)
    {
        (Login, Office, Role) = (login?.Trim(), office, role);
        try
        {
            var change = await requests.CreateAsync(
                Staff,
                Login ?? "",
                office ?? "",
                role ?? "",
                HttpContext.RequestAborted
            );
            (Created, OneTimePassword, Requested, Login) = (Login, change.Password, change.Pending, null);
        }
        catch (StaffAccountException e)
        {
            Failure = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id)
    {
        var result = await requests.ApproveAsync(Staff, id, HttpContext.RequestAborted);
        if (result is null)
        {
            return NotFound();
        }

        if (result.Refusal is { } refusal)
        {
            Failure = text["Users.Refusal." + refusal];
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        else
        {
            (Decided, ApproverHalf) = ("Users.Approved", result.ApproverHalf);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRefuseAsync(Guid id)
    {
        if (!await requests.RefuseAsync(Staff, id, HttpContext.RequestAborted))
        {
            return NotFound();
        }

        Decided = "Users.RequestRefused";
        await LoadAsync();
        return Page();
    }

    /// <summary>The current pledge version, which an active account has accepted.</summary>
    public int CurrentPledge { get; private set; }

    private async Task LoadAsync()
    {
        Offices = offices.Subtree(Staff.OfficeCode);
        CurrentPledge = await PledgeRegister.CurrentVersionAsync(db, HttpContext.RequestAborted);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Login).ToListAsync(HttpContext.RequestAborted);
        Users = [.. all.Where(u => StaffAdministration.MayManage(Staff, u.OfficeCode, offices))];
        Pending = await requests.PendingAsync(Staff, HttpContext.RequestAborted);
    }
}
