using Jebo.Casework.Cases;
using Jebo.Casework.Feedback;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/cases/{id}/sms</c>: the text messages of a case and how their delivery stands, for whoever
/// reads the case; never a phone number.</summary>
public static class SmsApi
{
    public static RouteGroupBuilder MapSmsApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/cases/{id}/sms",
                async Task<Results<Ok<List<SmsView>>, ProblemHttpResult>> (
                    HttpContext context,
                    CaseQueries queries,
                    SmsOutbox outbox,
                    string id
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return CasesApi.NoCases();
                    }

                    if (!await queries.Visible(staff).AnyAsync(c => c.Id == id, context.RequestAborted))
                    {
                        return CasesApi.NotFound(id);
                    }

                    return TypedResults.Ok(await outbox.OfCaseAsync(id, context.RequestAborted));
                }
            )
            .WithName("ListCaseSms")
            .WithSummary("List a case's text messages to reporters and their delivery")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
