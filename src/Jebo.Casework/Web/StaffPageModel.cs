using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jebo.Casework.Web;

/// <summary>A staff page: knows who is signed in, as the session re-read them for this request.</summary>
public abstract class StaffPageModel : PageModel
{
    public StaffPrincipal Staff => StaffPrincipal.From(User);

    public StaffUser CurrentUser =>
        StaffSession.CurrentUser(HttpContext)
        ?? throw new InvalidOperationException("a staff page was reached without a session");
}
