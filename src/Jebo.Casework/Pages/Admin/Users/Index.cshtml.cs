using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Casework.StaffWeb;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Pages.Admin.Users;

/// <summary>User administration: the accounts of the administrator's office subtree, and creating one with an office,
/// a role and a one-time password (shown once, to be changed at first sign-in; TOTP is enrolled then too).</summary>
public sealed class IndexModel(CaseworkDb db, StaffAccounts accounts, OfficeTree offices) : StaffPageModel
{
    public IReadOnlyList<StaffUser> Users { get; private set; } = [];
    public IReadOnlyList<string> Offices { get; private set; } = [];
    public string? Login { get; private set; }
    public string? Office { get; private set; }
    public string? Role { get; private set; }
    public string? Created { get; private set; }
    public string? OneTimePassword { get; private set; }
    public string? Failure { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? login, string? office, string? role, bool pledgeSigned)
    {
        (Login, Office, Role) = (login?.Trim(), office, role);
        if (office is null || !StaffAdministration.MayManage(Staff, office, offices))
        {
            Failure = "office: not in your jurisdiction";
        }
        else
        {
            try
            {
                var password = StaffAccounts.NewOneTimePassword();
                var user = await accounts.AddAsync(Login ?? "", office, role ?? "", password, pledgeSigned, mustChangePassword: true,
                    Staff.Login, Staff.OfficeCode, HttpContext.RequestAborted);
                (Created, OneTimePassword, Login) = (user.Login, password, null);
            }
            catch (StaffAccountException e)
            {
                Failure = e.Message;
            }
        }

        if (Failure is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Offices = offices.Subtree(Staff.OfficeCode);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Login).ToListAsync(HttpContext.RequestAborted);
        Users = [.. all.Where(u => StaffAdministration.MayManage(Staff, u.OfficeCode, offices))];
    }
}
