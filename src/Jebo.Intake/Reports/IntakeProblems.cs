using System.Globalization;
using Jebo.Intake.Abuse;
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

    /// <summary>429 (a client's or a receipt's limit) or 503 (the whole intake's), with <c>Retry-After</c>.</summary>
    public static IResult Held(HttpContext context, Hold hold)
    {
        var language = RequestLanguage.Of(context);
        var problem = hold.Scope switch
        {
            HoldScope.Client => "limited",
            HoldScope.Receipt => "receipt-limited",
            _ => "busy",
        };
        var status = hold.Scope == HoldScope.System ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = RetryAfterSeconds(hold.RetryAfter).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: status,
            title: Title(language, problem),
            detail: TryAgain(language, hold.RetryAfter),
            type: "https://jebo.example/problems/" + problem);
    }

    /// <summary>409: the same content was received recently. Never names the earlier receipt.</summary>
    public static IResult Repeat(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: Title(RequestLanguage.Of(context), "repeat"), type: "https://jebo.example/problems/repeat");

    /// <summary>Whole seconds, rounded up, at least one: what <c>Retry-After</c> carries.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>"Please try again in about N minutes/seconds." in the request's language.</summary>
    public static string TryAgain(string language, TimeSpan retryAfter)
    {
        var seconds = RetryAfterSeconds(retryAfter);
        var minutes = (seconds + 59) / 60;
        return (language, seconds >= 60) switch
        {
            ("en", true) => $"Please try again in about {minutes} minute{(minutes == 1 ? "" : "s")}.",
            ("en", false) => $"Please try again in {seconds} second{(seconds == 1 ? "" : "s")}.",
            ("zh", true) => $"请约 {minutes} 分钟后再试。",
            ("zh", false) => $"请 {seconds} 秒后再试。",
            (_, true) => $"약 {minutes}분 후에 다시 시도해 주세요.",
            (_, false) => $"{seconds}초 후에 다시 시도해 주세요.",
        };
    }

    public static string Title(string language, string problem) => (problem, language) switch
    {
        ("limited", "en") => "Too many requests have come from your connection in a short time.",
        ("limited", "zh") => "您的网络连接在短时间内发出了过多请求。",
        ("limited", _) => "이 연결에서 짧은 시간에 너무 많은 요청이 왔습니다.",
        ("receipt-limited", "en") => "This receipt code has been used too often in a short time.",
        ("receipt-limited", "zh") => "此查询码在短时间内使用过于频繁。",
        ("receipt-limited", _) => "이 조회 코드가 짧은 시간에 너무 자주 사용되었습니다.",
        ("busy", "en") => "Too many people are sending at this moment. Reports already received are safely kept.",
        ("busy", "zh") => "此刻提交的人过多。已收到的举报均已安全保存。",
        ("busy", _) => "지금 요청이 몰려 잠시 받을 수 없습니다. 이미 접수된 제보는 안전하게 보관되어 있습니다.",
        ("repeat", "en") => "A report with the same content was already received recently, so it was not taken again. If you have something new, please add it and send again.",
        ("repeat", "zh") => "最近已收到内容相同的举报，因此没有重复受理。如有新的内容，请补充后再提交。",
        ("repeat", _) => "같은 내용의 제보가 최근에 이미 접수되어 다시 접수하지 않았습니다. 새로운 내용이 있으면 덧붙여 다시 보내 주세요.",
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
