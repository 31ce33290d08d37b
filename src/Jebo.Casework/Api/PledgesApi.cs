using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/pledges</c>: the pledge register of the caller's jurisdiction, for administrators and
/// auditors, as <c>/pledges</c> shows it. Publishing a text and entering a paper pledge stay on the pages, with
/// the other account administration.</summary>
public static class PledgesApi
{
    public static RouteGroupBuilder MapPledgesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pledges", async (HttpContext context, PledgeRegister pledges) =>
            {
                var staff = StaffPrincipal.From(context.User);
                return PledgeRegister.MayRead(staff.Role)
                    ? Results.Ok(await pledges.ReadAsync(staff, context.RequestAborted))
                    : Results.Problem(
                        statusCode: StatusCodes.Status403Forbidden,
                        title: Refusals.Text("Problem.PledgesForbidden")
                    );
            })
            .WithName("ReadPledgeRegister")
            .WithSummary("Read the pledge register of the caller's jurisdiction")
            .Produces<PledgeRegisterView>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
