using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Transfer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary>The transfer's alerts for the staff application: refused bundles, gaps, bundles waiting for keys.</summary>
/// <remarks>Security: alerts name bundle files, numbers and reasons — never report content — and are shown only to
/// administrators and auditors, who watch the seam; resolving one is an audited act of an administrator of the national
/// office, which owns the seam (<see cref="CasePermissions.MayResolveTransferAlerts"/>).</remarks>
public static class TransferApi
{
    public const int MaxReason = QuarantineAlerts.MaxReason;

    public sealed record AlertList(IReadOnlyList<TransferAlert> Items, int Total);

    public sealed record Resolution(string? Reason);

    public static RouteGroupBuilder MapTransferApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/transfer/alerts",
                async Task<Results<Ok<AlertList>, ProblemHttpResult>> (HttpContext context, TransferMonitor monitor) =>
                {
                    if (StaffPrincipal.From(context.User).Role is not (Roles.Administrator or Roles.Auditor))
                    {
                        return TypedResults.Problem(
                            statusCode: StatusCodes.Status403Forbidden,
                            title: Refusals.Text("Problem.TransferAlertsForbidden")
                        );
                    }

                    var alerts = (await monitor.StateAsync(context.RequestAborted)).Alerts;
                    return TypedResults.Ok(new AlertList(alerts, alerts.Count));
                }
            )
            .WithName("ListTransferAlerts")
            .WithSummary("List the transfer's open alerts")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost(
                "/transfer/alerts/{id:guid}/resolve",
                async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    QuarantineAlerts alerts,
                    Guid id,
                    Resolution body
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayResolveTransferAlerts(staff))
                    {
                        return TypedResults.Problem(
                            statusCode: StatusCodes.Status403Forbidden,
                            title: Refusals.Text("Problem.TransferAlertsResolve")
                        );
                    }

                    var reason = body.Reason?.Trim() ?? "";
                    if (reason.Length is 0 or > MaxReason)
                    {
                        return TypedResults.ValidationProblem(
                            new Dictionary<string, string[]>
                            {
                                ["reason"] = [Refusals.Text("Field.TransferAlertReason", MaxReason)],
                            }
                        );
                    }

                    return
                        await alerts.ResolveAsync(id, reason, staff.Login, staff.OfficeCode, context.RequestAborted)
                            is null
                        ? TypedResults.Problem(
                            statusCode: StatusCodes.Status404NotFound,
                            title: Refusals.Text("Problem.NoTransferAlert")
                        )
                        : TypedResults.NoContent();
                }
            )
            .WithName("ResolveTransferAlert")
            .WithSummary("Resolve a transfer alert, saying why")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
