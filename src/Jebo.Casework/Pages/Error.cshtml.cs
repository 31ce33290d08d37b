using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jebo.Casework.Pages;

/// <summary>The page people see for an error status: what it means, without any detail of the fault.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string MessageKey =>
        Code switch
        {
            StatusCodes.Status400BadRequest => "Error.400",
            StatusCodes.Status403Forbidden => "Error.403",
            StatusCodes.Status404NotFound => "Error.404",
            StatusCodes.Status405MethodNotAllowed => "Error.400",
            _ => "Error.500",
        };

    public void OnGet(int? code) => Show(code);

    // The error page is re-executed for failed POSTs too (e.g. a stale antiforgery token gives 400).
    public void OnPost(int? code) => Show(code);

    private void Show(int? code)
    {
        Code = code is >= 400 and < 600 ? code.Value : StatusCodes.Status500InternalServerError;
        Response.StatusCode = Code;
    }
}
