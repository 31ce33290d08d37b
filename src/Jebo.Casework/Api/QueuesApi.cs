using Jebo.Casework.Cases;
using Jebo.Casework.Localization;
using Jebo.Casework.Queues;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/queues/{name}</c> (<see cref="CaseQueues.All"/>: supervision, due-soon, overdue, escalated,
/// urgent, reverification, follow-ups): the office's queues as case lists.</summary>
public static class QueuesApi
{
    public static RouteGroupBuilder MapQueuesApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/queues/{queue}",
                async Task<Results<Ok<CasePage>, ProblemHttpResult>> (
                    HttpContext context,
                    CaseQueues queues,
                    string queue,
                    int? page
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return CasesApi.NoCases();
                    }

                    var result = await queues.ReadAsync(staff, queue, page ?? 1, context.RequestAborted);
                    return result is null
                        ? TypedResults.Problem(
                            statusCode: StatusCodes.Status404NotFound,
                            title: Refusals.Text("Problem.NoQueue", queue, string.Join(", ", CaseQueues.All))
                        )
                        : TypedResults.Ok(result);
                }
            )
            .WithName("ReadQueue")
            .WithSummary("Read one of your office's queues")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
