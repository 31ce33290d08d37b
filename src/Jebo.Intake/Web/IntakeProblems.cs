using System.Globalization;
using Jebo.Intake.Abuse;
using Jebo.Intake.Localization;
using Jebo.Intake.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Web;

/// <summary>The RFC 9457 problems the public API answers with, in the request's language.</summary>
public static class IntakeProblems
{
    public static IResult Validation(HttpContext context, FieldErrors errors)
    {
        var language = RequestLanguage.Of(context);
        var byField = errors
            .Items.GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => ValidationMessages.For(e, language)).ToArray());
        return Results.ValidationProblem(
            byField,
            title: Title(language, "validation"),
            type: "https://jebo.example/problems/validation"
        );
    }

    public static IResult TooLarge(HttpContext context) =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: Title(RequestLanguage.Of(context), "too-large")
        );

    /// <summary>413: the report's files together are over the limit, or the report could not travel to casework in one
    /// piece; nothing was stored and no receipt given.</summary>
    public static IResult ReportTooLarge(HttpContext context, long maxMegabytes)
    {
        var language = RequestLanguage.Of(context);
        return Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: Title(language, "too-large"),
            detail: Texts.Format("Validation." + ValidationCode.ReportTooLarge, language, maxMegabytes),
            type: "https://jebo.example/problems/report-too-large"
        );
    }

    public static IResult UnknownReceipt(HttpContext context) =>
        Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: Title(RequestLanguage.Of(context), "unknown-receipt")
        );

    /// <summary>429 (a client's or a receipt's limit) or 503 (the whole intake's), with <c>Retry-After</c>.</summary>
    public static IResult Held(HttpContext context, Hold hold)
    {
        var language = RequestLanguage.Of(context);
        var problem = ProblemOf(hold);
        return Results.Problem(
            statusCode: HoldStatus(context.Response, hold),
            title: Title(language, problem),
            detail: TryAgain(language, hold.RetryAfter),
            type: "https://jebo.example/problems/" + problem
        );
    }

    /// <summary>Sets <c>Retry-After</c> for a hold and returns its status: 429 for a client's or a receipt's limit, 503
    /// for the whole intake's. The one mapping the API, the pages and the rate limiter's own page all use.</summary>
    public static int HoldStatus(HttpResponse response, Hold hold)
    {
        response.HttpContext.RequestServices.GetRequiredService<Monitoring.IntakeMetrics>().Held(hold.Scope);
        response.Headers.RetryAfter = RetryAfterSeconds(hold.RetryAfter).ToString(CultureInfo.InvariantCulture);
        return hold.Scope == HoldScope.System
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status429TooManyRequests;
    }

    /// <summary>The problem (and its title's key) a hold is.</summary>
    public static string ProblemOf(Hold hold) =>
        hold.Scope switch
        {
            HoldScope.Client => "limited",
            HoldScope.Receipt => "receipt-limited",
            HoldScope.Parked => "parked",
            _ => "busy",
        };

    /// <summary>Why a request was held back and when to try again, in one sentence pair, for a page.</summary>
    public static string Explain(string language, Hold hold) =>
        Title(language, ProblemOf(hold)) + " " + TryAgain(language, hold.RetryAfter);

    /// <summary>409: the same content was received recently. Never names the earlier receipt.</summary>
    public static IResult Repeat(HttpContext context) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: Title(RequestLanguage.Of(context), "repeat"),
            type: "https://jebo.example/problems/repeat"
        );

    /// <summary>409: the request is refused for the report as it stands now (a reward claimed before a substantiated,
    /// reviewed result, or claimed twice: <see cref="Status.RewardEligibility"/>).</summary>
    public static IResult Refused(HttpContext context, string problem) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: Title(RequestLanguage.Of(context), problem),
            type: "https://jebo.example/problems/" + problem
        );

    /// <summary>Whole seconds, rounded up, at least one: what <c>Retry-After</c> carries.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

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

    /// <summary>The title of a problem in the request's language (the <c>Problems.*</c> entries of
    /// <see cref="Texts"/>).</summary>
    public static string Title(string language, string problem) => Texts.Get("Problems." + problem, language);
}
