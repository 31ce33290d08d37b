using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments;
using Jebo.Intake.FollowUps;
using Jebo.Intake.Localization;
using Jebo.Intake.Maintenance;
using Jebo.Intake.Status;
using Jebo.Intake.Validation;
using Jebo.Intake.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Intake.Api;

/// <summary><c>POST /api/v1/status</c>, <c>POST /api/v1/followups</c>, <c>POST /api/v1/contact</c> and
/// <c>POST /api/v1/rewards</c>: the receipt travels in the body, never in a URL.</summary>
public static class StatusApi
{
    public sealed record StatusRequest(string? Receipt);

    public sealed record FollowUpRequest(string? Receipt, string? Text, string? Proof = null, bool Protection = false);

    /// <summary>A name and phone given after the report, with consent to be contacted.</summary>
    public sealed record ContactRequest(
        string? Receipt,
        string? Name,
        string? Phone,
        bool ContactConsent,
        string? Proof = null
    );

    /// <summary>A reward claim: who is paid, and where.</summary>
    public sealed record RewardRequest(
        string? Receipt,
        string? Name,
        string? Phone,
        string? Bank,
        string? Account,
        string? Proof = null
    );

    /// <summary>The answer to a look-up.</summary>
    /// <param name="Status">The public status.</param>
    /// <param name="UpdatedAt">When it last changed.</param>
    /// <param name="Messages">The office's messages.</param>
    /// <param name="Result">What verification found, once published: <c>substantiated</c>, <c>partly</c>,
    /// <c>unsubstantiated</c> or <c>referred</c>; null before.</param>
    /// <param name="ReferredTo">For a <c>referred</c> result, the kind of body: <c>prosecution</c>, <c>police</c>,
    /// <c>discipline</c> or <c>other</c>.</param>
    /// <param name="ResultText">The result said in the request's language.</param>
    /// <param name="FollowUps">The reporter's own follow-ups, oldest first, each with the names of its files.</param>
    /// <param name="Protection">The reporter's request for protection: <c>requested</c> (received, waiting for staff),
    /// <c>acknowledged</c> (staff acted on it), or null when none was made.</param>
    /// <param name="Reward">The reporter's reward claim: <c>claimed</c> (received, waiting for two people to decide),
    /// <c>granted</c> or <c>refused</c>, or null when none was made.</param>
    /// <param name="RewardAmount">The amount granted, in won; null unless granted.</param>
    /// <param name="RewardReason">Why the claim was refused; null unless refused.</param>
    public sealed record StatusResponse(
        string Status,
        DateTimeOffset UpdatedAt,
        IReadOnlyList<MessageResponse> Messages,
        string? Result,
        string? ReferredTo,
        string? ResultText,
        IReadOnlyList<FollowUpResponse> FollowUps,
        string? Protection,
        string? Reward = null,
        long? RewardAmount = null,
        string? RewardReason = null
    );

    public sealed record MessageResponse(DateTimeOffset At, string Text);

    /// <summary>One of the reporter's own follow-ups: when, the words, and the names of the files it carried.</summary>
    public sealed record FollowUpResponse(DateTimeOffset At, string Text, IReadOnlyList<string> Files);

    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder api)
    {
        api.MapPost("/status", LookUpAsync)
            .WithName("LookUpStatus")
            .WithSummary("Look up a report's status by its receipt")
            .Accepts<StatusRequest>("application/json")
            .Produces<StatusResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(AbusePolicies.Lookup);
        api.MapPost("/followups", FollowUpAsync)
            .WithName("SubmitFollowUp")
            .WithSummary("Send more information, a reply or files about a report")
            .Accepts<FollowUpRequest>("application/json", "multipart/form-data")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(MaintenanceMode.RefuseWhileOnAsync)
            .RequireRateLimiting(AbusePolicies.Submit);
        api.MapPost("/contact", ContactAsync)
            .WithName("GiveContact")
            .WithSummary("Give a name and phone for a report made anonymously, with consent to be contacted")
            .Accepts<ContactRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(MaintenanceMode.RefuseWhileOnAsync)
            .RequireRateLimiting(AbusePolicies.Submit);
        api.MapPost("/rewards", RewardAsync)
            .WithName("ClaimReward")
            .WithSummary("Claim a reward for a report whose result was substantiated and reviewed")
            .Accepts<RewardRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(MaintenanceMode.RefuseWhileOnAsync)
            .RequireRateLimiting(AbusePolicies.Submit);
        return api;
    }

    private static async Task<IResult> LookUpAsync(HttpContext context, IntakeGuard guard)
    {
        var body = await JsonBody.ReadAsync<StatusRequest>(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body.IsTooLarge)
        {
            return IntakeProblems.TooLarge(context);
        }

        if (body.Errors is { } errors)
        {
            return IntakeProblems.Validation(context, errors);
        }

        var outcome = await guard.LookUpAsync(context, body.Value!.Receipt, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return outcome.Problem(context);
        }

        var view = outcome.Value.View;
        return Results.Ok(
            new StatusResponse(
                view.Status,
                view.UpdatedAt,
                [.. view.Messages.Select(m => new MessageResponse(m.At, m.Text))],
                view.Result?.Result,
                view.Result?.Agency,
                view.Result is { } result ? ResultText.Of(result, RequestLanguage.Of(context)) : null,
                [.. (view.FollowUps ?? []).Select(f => new FollowUpResponse(f.At, f.Text, f.Files ?? []))],
                view.Protection?.State,
                view.Reward?.State,
                view.Reward?.Amount,
                view.Reward?.Reason
            )
        );
    }

    private static async Task<IResult> FollowUpAsync(
        HttpContext context,
        IntakeGuard guard,
        AttachmentIntake attachments,
        ClientKeys clients,
        IntakeOptions options
    )
    {
        if (context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await FollowUpWithFilesAsync(context, guard, attachments, clients.ForClient(context), options);
        }

        var body = await JsonBody.ReadAsync<FollowUpRequest>(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body.IsTooLarge)
        {
            return IntakeProblems.TooLarge(context);
        }

        return body.Errors is { } errors
            ? IntakeProblems.Validation(context, errors)
            : await SubmitFollowUpAsync(context, guard, body.Value!, []);
    }

    /// <summary>The multipart form of CONTRACT.md: a <c>followup</c> part holding the JSON, and file parts, read,
    /// cleaned, sealed and limited exactly as a report's (<see cref="AttachmentUpload"/>). Any refusal discards the
    /// files kept.</summary>
    private static async Task<IResult> FollowUpWithFilesAsync(
        HttpContext context,
        IntakeGuard guard,
        AttachmentIntake attachments,
        string client,
        IntakeOptions options
    )
    {
        var upload = await AttachmentUpload.ReadAsync(context, FollowUpPart, attachments, client, options);
        var answer = upload.Problem(context, options);
        if (answer is null && (upload.Malformed || upload.Json is null))
        {
            var missing = new FieldErrors();
            missing.Add(FollowUpPart, upload.Malformed ? ValidationCode.InvalidValue : ValidationCode.Required);
            answer = IntakeProblems.Validation(context, missing);
        }

        if (answer is null && upload.Json!.Length > MaxBodyBytes)
        {
            answer = IntakeProblems.TooLarge(context);
        }

        if (answer is null)
        {
            var body = JsonBody.Parse<FollowUpRequest>(upload.Json);
            answer = body.Errors is { } errors
                ? IntakeProblems.Validation(context, errors)
                : await SubmitFollowUpAsync(
                    context,
                    guard,
                    body.Value!,
                    [.. upload.Kept.Select(k => new FollowUpFile(k.Id!.Value, k.Name))]
                );
            if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted })
            {
                return answer;
            }
        }

        await attachments.DiscardAsync(upload.KeptIds, context.RequestAborted);
        return answer;
    }

    private static async Task<IResult> SubmitFollowUpAsync(
        HttpContext context,
        IntakeGuard guard,
        FollowUpRequest request,
        IReadOnlyList<FollowUpFile> files
    )
    {
        var fieldErrors = new FieldErrors();
        // A request for protection needs no words: being threatened is reason enough; nor do files, which speak for
        // themselves.
        if (string.IsNullOrWhiteSpace(request.Text) && !request.Protection && files.Count == 0)
        {
            fieldErrors.Add("text", ValidationCode.Required);
        }
        else if (request.Text?.Length > FollowUpIntake.MaxText)
        {
            fieldErrors.Add("text", ValidationCode.TooLong);
        }

        if (!fieldErrors.IsEmpty)
        {
            return IntakeProblems.Validation(context, fieldErrors);
        }

        var signals = new AbuseSignals(request.Proof ?? AbuseSignals.ProofHeader(context), null);
        var outcome = await guard.SubmitFollowUpAsync(
            context,
            request.Receipt,
            new FollowUpSubmission(request.Text?.Trim() ?? "", request.Protection, Attachments: files),
            signals,
            context.RequestAborted
        );
        return outcome.Succeeded ? Results.Accepted() : outcome.Problem(context);
    }

    /// <summary>The name of the multipart part that holds the follow-up's JSON.</summary>
    public const string FollowUpPart = "followup";

    private static async Task<IResult> ContactAsync(HttpContext context, IntakeGuard guard)
    {
        var body = await JsonBody.ReadAsync<ContactRequest>(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body.IsTooLarge)
        {
            return IntakeProblems.TooLarge(context);
        }

        if (body.Errors is { } errors)
        {
            return IntakeProblems.Validation(context, errors);
        }

        var request = body.Value!;
        var (contact, fieldErrors) = LaterContacts.Check(request.Name, request.Phone, request.ContactConsent);
        if (contact is null)
        {
            return IntakeProblems.Validation(context, fieldErrors);
        }

        var signals = new AbuseSignals(request.Proof ?? AbuseSignals.ProofHeader(context), null);
        var outcome = await guard.SubmitFollowUpAsync(
            context,
            request.Receipt,
            new FollowUpSubmission("", Contact: contact),
            signals,
            context.RequestAborted
        );
        return outcome.Succeeded ? Results.Accepted() : outcome.Problem(context);
    }

    private static async Task<IResult> RewardAsync(HttpContext context, IntakeGuard guard)
    {
        var body = await JsonBody.ReadAsync<RewardRequest>(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body.IsTooLarge)
        {
            return IntakeProblems.TooLarge(context);
        }

        if (body.Errors is { } errors)
        {
            return IntakeProblems.Validation(context, errors);
        }

        var request = body.Value!;
        var (claim, fieldErrors) = RewardClaims.Check(request.Name, request.Phone, request.Bank, request.Account);
        if (claim is null)
        {
            return IntakeProblems.Validation(context, fieldErrors);
        }

        var signals = new AbuseSignals(request.Proof ?? AbuseSignals.ProofHeader(context), null);
        var outcome = await guard.SubmitFollowUpAsync(
            context,
            request.Receipt,
            new FollowUpSubmission("", Reward: claim),
            signals,
            context.RequestAborted
        );
        return outcome.Succeeded ? Results.Accepted() : outcome.Problem(context);
    }
}
