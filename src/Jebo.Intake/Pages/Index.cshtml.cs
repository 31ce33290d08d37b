using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jebo.Intake.Pages;

/// <summary><c>/</c>: what may be reported, where else to go, the rules, and the two ways on.</summary>
public sealed class IndexModel : PageModel { }
