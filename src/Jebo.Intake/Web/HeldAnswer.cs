using Jebo.Intake.Abuse;
using Jebo.Intake.Localization;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Web;

/// <summary>What a request the abuse defences hold back is told: the API's problem, or for a person's browser a plain
/// page in their language, with nothing loaded from anywhere.</summary>
public static class HeldAnswer
{
    public static async ValueTask WriteAsync(HttpContext context, Hold hold, CancellationToken cancellationToken)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await IntakeProblems.Held(context, hold).ExecuteAsync(context);
            return;
        }

        var language = RequestLanguage.Of(context);
        context.Response.StatusCode = IntakeProblems.HoldStatus(context.Response, hold);
        context.Response.ContentType = "text/html; charset=utf-8";
        var title = System.Net.WebUtility.HtmlEncode(IntakeProblems.Title(language, IntakeProblems.ProblemOf(hold)));
        var detail = System.Net.WebUtility.HtmlEncode(IntakeProblems.TryAgain(language, hold.RetryAfter));
        await context.Response.WriteAsync(
            $"<!doctype html><html lang=\"{language}\"><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + $"content=\"width=device-width\"><title>{title}</title>"
                + $"<main><h1>{title}</h1><p>{detail}</p></main></html>",
            cancellationToken
        );
    }
}
