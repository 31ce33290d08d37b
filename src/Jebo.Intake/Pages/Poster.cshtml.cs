using Jebo.Intake.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jebo.Intake.Pages;

/// <summary><c>/poster</c>: a printable A4 sheet with the QR code and the address, for notice boards.</summary>
public sealed class PosterModel(IntakeOptions options) : PageModel
{
    public string Address { get; private set; } = "";

    public void OnGet() => Address = QrCode.PublicAddress(HttpContext, options);
}
