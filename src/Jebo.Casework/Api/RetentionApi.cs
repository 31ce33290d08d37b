using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Localization;
using Jebo.Casework.Retention;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Api;

/// <summary>A case's legal hold: <c>GET /api/v1/cases/{id}/hold</c> reads it, <c>POST</c> with
/// <c>{"hold": true|false, "reason": "..."}</c> sets or lifts it (supervisors;
/// <see cref="CasePermissions.MayHoldCases"/>).</summary>
public static class RetentionApi
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{id}/hold", async (HttpContext context, CaseQueries queries, LegalHolds holds, string id) =>
            {
                var staff = StaffPrincipal.From(context.User);
                if (!CasePermissions.MayReadCases(staff.Role))
                {
                    return CasesApi.NoCases();
                }

                var visible = await queries.Visible(staff).AnyAsync(c => c.Id == id, context.RequestAborted);
                return visible ? Results.Ok(await holds.OfAsync(id, context.RequestAborted)) : CasesApi.NotFound(id);
            })
            .WithName("GetLegalHold")
            .WithSummary("Read a case's legal hold")
            .Produces<LegalHoldView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/cases/{id}/hold", async (HttpContext context, LegalHolds holds, string id) =>
            {
                var (read, tooLarge) = await CasesApi.ReadJsonAsync(
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

                var body = read is { ValueKind: JsonValueKind.Object } json ? json : default;
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                bool? hold =
                    body.ValueKind == JsonValueKind.Object
                    && body.TryGetProperty("hold", out var h)
                    && h.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? h.GetBoolean()
                        : null;
                if (hold is null)
                {
                    errors["hold"] = [Refusals.Text("Field.Hold")];
                }

                var reason = LegalHolds.Reason(
                    body.ValueKind == JsonValueKind.Object
                    && body.TryGetProperty("reason", out var r)
                    && r.ValueKind == JsonValueKind.String
                        ? r.GetString()
                        : null
                );
                if (reason is null)
                {
                    errors["reason"] =
                    [
                        $"say in 1 to {LegalHolds.MaxReason} characters why (a court order, an investigation's "
                            + $"reference)",
                    ];
                }

                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors, title: Refusals.Text("Refusal.Title.Fields"));
                }

                var staff = StaffPrincipal.From(context.User);
                return await holds.ChangeAsync(staff, id, hold!.Value, reason!, context.RequestAborted) switch
                {
                    HoldOutcome.Done done => Results.Ok(done.Hold),
                    HoldOutcome.Unchanged unchanged => Results.Ok(unchanged.Hold),
                    HoldOutcome.NotFound => CasesApi.NotFound(id),
                    HoldOutcome.Forbidden forbidden => Results.Problem(
                        statusCode: StatusCodes.Status403Forbidden,
                        title: Refusals.Text("Problem.LegalHoldForbidden"),
                        detail: forbidden.Why
                    ),
                    _ => throw new InvalidOperationException("unknown outcome"),
                };
            })
            .WithName("ChangeLegalHold")
            .WithSummary("Set or lift a case's legal hold")
            .Accepts<JsonElement>("application/json")
            .Produces<LegalHoldView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }
}
