using Jebo.Casework.Audit;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/alerts</c>: security alerts, for auditors, administrators and supervisors of the national
/// office.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", async (HttpContext context, SecurityAlerts alerts) =>
            {
                return CasePermissions.MaySeeSecurityAlerts(StaffPrincipal.From(context.User))
                    ? Results.Ok(
                        (await alerts.CurrentAsync(context.RequestAborted)).Select(a =>
                            a.Words is { } words ? a with { Message = Refusals.Text(words.Key, words.Args) } : a
                        )
                    )
                    : Results.Problem(
                        statusCode: StatusCodes.Status403Forbidden,
                        title: Refusals.Text("Problem.AlertsForbidden")
                    );
            })
            .WithName("ListAlerts")
            .WithSummary("List the current security alerts")
            .Produces<IReadOnlyList<SecurityAlert>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
