using Jebo.Intake.Localization;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Reports;

/// <summary>The RFC 9457 problems the public API answers with, in the request's language.</summary>
public static class IntakeProblems
{
    public static IResult Validation(HttpContext context, FieldErrors errors)
    {
        var language = RequestLanguage.Of(context);
        var byField = errors.Items
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => ValidationMessages.For(e, language)).ToArray());
        return Results.ValidationProblem(byField, title: Title(language, "validation"), type: "https://jebo.example/problems/validation");
    }

    public static IResult TooLarge(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Title(RequestLanguage.Of(context), "too-large"));

    public static IResult UnknownReceipt(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: Title(RequestLanguage.Of(context), "unknown-receipt"));

    /// <summary>The title of a problem in the request's language (the <c>Problems.*</c> entries of <see cref="Texts"/>).</summary>
    public static string Title(string language, string problem) => Texts.Get("Problems." + problem, language);
}
