using Jebo.Casework.StaffWeb;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages;

/// <summary>The start page is the office's queue.</summary>
public sealed class IndexModel : StaffPageModel
{
    public IActionResult OnGet() => Redirect("/cases");
}
