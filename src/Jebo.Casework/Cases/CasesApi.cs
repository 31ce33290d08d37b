using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The staff API for cases and their audit trail (CONTRACT.md).</summary>
public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cases", async (HttpContext context, CaseQueries queries, string? status, string? office, string? q, int? page) =>
            TypedResults.Ok(await queries.ListAsync(StaffPrincipal.From(context.User), status, office, q, page ?? 1, context.RequestAborted)))
            .WithName("ListCases");

        api.MapGet("/cases/{id}", async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> (HttpContext context, CaseQueries queries, string id, string? include) =>
        {
            var detail = await queries.GetAsync(StaffPrincipal.From(context.User), id, include == "identity", context.RequestAborted);
            return detail is null ? NotFound(id) : TypedResults.Ok(detail);
        }).WithName("GetCase");

        api.MapGet("/audit", async Task<Results<Ok<List<AuditEntryView>>, ProblemHttpResult>> (HttpContext context, CaseQueries queries, CaseworkDb db, string? @case) =>
        {
            var staff = StaffPrincipal.From(context.User);
            if (@case is null)
            {
                if (staff.Role != Roles.Auditor && staff.Role != Roles.Administrator)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only auditors and administrators may read the whole audit log.");
                }

                return TypedResults.Ok(await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Take(500)
                    .Select(a => new AuditEntryView(a.Sequence, a.At, a.Actor, a.ActorOffice, a.Action, a.CaseId, a.Details, a.Hash)).ToListAsync(context.RequestAborted));
            }

            if (!await queries.Visible(staff).AnyAsync(c => c.Id == @case, context.RequestAborted))
            {
                return NotFound(@case);
            }

            return TypedResults.Ok(await db.AuditEntries.AsNoTracking().Where(a => a.CaseId == @case).OrderBy(a => a.Sequence)
                .Select(a => new AuditEntryView(a.Sequence, a.At, a.Actor, a.ActorOffice, a.Action, a.CaseId, a.Details, a.Hash)).ToListAsync(context.RequestAborted));
        }).WithName("ListAudit");
        return api;
    }

    public sealed record AuditEntryView(long Sequence, DateTimeOffset At, string Actor, string? ActorOffice, string Action, string? CaseId, string Details, string Hash);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No case {id} in your jurisdiction.");
}
