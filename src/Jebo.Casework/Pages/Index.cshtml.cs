using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages;

/// <summary>The start page is the office's queue; for administrators, who read no case (need to know), the
/// accounts.</summary>
public sealed class IndexModel : StaffPageModel
{
    public IActionResult OnGet() => Redirect(CasePermissions.MayReadCases(Staff.Role) ? "/cases" : "/admin/users");
}
