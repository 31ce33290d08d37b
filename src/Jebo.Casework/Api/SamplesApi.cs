using System.Globalization;
using Jebo.Casework.Localization;
using Jebo.Casework.Sampling;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/samples/{YYYY-MM}</c>: the month's callback sample, the items within the caller's
/// jurisdiction, each with its callback once recorded.</summary>
public static class SamplesApi
{
    public static RouteGroupBuilder MapSamplesApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/samples/{month}",
                async Task<Results<Ok<CallbackSampleView>, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    CallbackSampling sampling,
                    string month
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return CasesApi.NoCases();
                    }

                    if (!IsMonth(month))
                    {
                        return TypedResults.ValidationProblem(
                            new Dictionary<string, string[]> { ["month"] = [Refusals.Text("Field.Month")] },
                            title: Refusals.Text("Refusal.Title.Fields")
                        );
                    }

                    var sample = await sampling.ReadAsync(staff, month, context.RequestAborted);
                    return sample is null
                        ? TypedResults.Problem(
                            statusCode: StatusCodes.Status404NotFound,
                            title: Refusals.Text("Problem.SampleNotDrawn", month)
                        )
                        : TypedResults.Ok(sample);
                }
            )
            .WithName("ReadCallbackSample")
            .WithSummary("Read a month's callback sample within your jurisdiction")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>Whether <paramref name="month"/> is a month as <c>YYYY-MM</c>.</summary>
    public static bool IsMonth(string? month) =>
        month is { Length: 7 }
        && DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
