using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Localization;
using Jebo.Casework.Screening;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>POST /api/v1/cases/{id}/repetition</c> with <c>{"judgement": "genuine", "reason": "..."}</c>: a person
/// judged a repetition flag genuine (<see cref="RepetitionWatch.JudgeGenuineAsync"/>); an abusive repetition is not
/// accepted with <c>reject</c> and the reason <c>abusive</c> instead.</summary>
public static class RepetitionApi
{
    public static RouteGroupBuilder MapRepetitionApi(this RouteGroupBuilder api)
    {
        api.MapPost(
                "/cases/{id}/repetition",
                async Task<IResult> (HttpContext context, RepetitionWatch watch, string id) =>
                {
                    var (body, tooLarge) = await CasesApi.ReadJsonAsync(
                        context.Request,
                        CasesApi.MaxActionBytes,
                        context.RequestAborted
                    );
                    if (tooLarge)
                    {
                        return Results.Problem(
                            statusCode: StatusCodes.Status413PayloadTooLarge,
                            title: Refusals.Text("Refusal.Title.TooLarge")
                        );
                    }

                    var (reason, errors) = Read(body);
                    if (errors.Count > 0)
                    {
                        return Results.ValidationProblem(errors, title: Refusals.Text("Refusal.Title.Fields"));
                    }

                    var staff = StaffPrincipal.From(context.User);
                    return await watch.JudgeGenuineAsync(staff, id, reason, context.RequestAborted) switch
                    {
                        null => Results.NoContent(),
                        StatusCodes.Status404NotFound => CasesApi.NotFound(id),
                        StatusCodes.Status403Forbidden => Results.Problem(
                            statusCode: StatusCodes.Status403Forbidden,
                            title: Refusals.Text("Refusal.Title.Forbidden")
                        ),
                        var status => Results.Problem(
                            statusCode: status,
                            title: Refusals.Text("Repetition.NotFlagged")
                        ),
                    };
                }
            )
            .WithName("JudgeRepetition")
            .WithSummary("Judge a case flagged as possible malicious repetition genuine")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    /// <summary>The reason given, and the errors per field: <c>judgement</c> must be <c>genuine</c>.</summary>
    public static (string? Reason, Dictionary<string, string[]> Errors) Read(JsonElement? body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body is not { ValueKind: JsonValueKind.Object } element)
        {
            errors[""] = [Refusals.Text("Field.Json")];
            return (null, errors);
        }

        if (
            !element.TryGetProperty("judgement", out var judgement)
            || judgement.ValueKind != JsonValueKind.String
            || judgement.GetString() != RepetitionWatch.Genuine
        )
        {
            errors["judgement"] = [Refusals.Text("Repetition.Judgement")];
        }

        string? reason = null;
        if (element.TryGetProperty("reason", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            reason = given.ValueKind == JsonValueKind.String ? given.GetString()?.Trim() : null;
            if (reason is null || reason.Length > CaseActionRequest.MaxReason)
            {
                errors["reason"] = [Refusals.Text("Repetition.Reason", CaseActionRequest.MaxReason)];
            }
        }

        return (reason is { Length: > 0 } ? reason : null, errors);
    }
}
