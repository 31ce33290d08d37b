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
            .ToDictionary(g => g.Key, g => g.Select(e => ValidationMessages.For(e.Code, language)).ToArray());
        return Results.ValidationProblem(byField, title: Title(language, "validation"), type: "https://jebo.example/problems/validation");
    }

    public static IResult TooLarge(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Title(RequestLanguage.Of(context), "too-large"));

    public static IResult UnknownReceipt(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: Title(RequestLanguage.Of(context), "unknown-receipt"));

    public static string Title(string language, string problem) => (problem, language) switch
    {
        ("validation", "en") => "Some fields need attention.",
        ("validation", "zh") => "部分内容需要修改。",
        ("validation", _) => "일부 항목을 확인해 주세요.",
        ("too-large", "en") => "The request is too large.",
        ("too-large", "zh") => "请求过大。",
        ("too-large", _) => "요청이 너무 큽니다.",
        ("unknown-receipt", "en") => "No report was found for this receipt code. Please check it and try again.",
        ("unknown-receipt", "zh") => "未找到与此查询码对应的举报。请核对后重试。",
        ("unknown-receipt", _) => "이 조회 코드로 찾은 제보가 없습니다. 확인하고 다시 시도해 주세요.",
        _ => problem,
    };
}
