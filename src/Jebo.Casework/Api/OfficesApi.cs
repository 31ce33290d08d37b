using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/offices</c>: the offices of the caller's jurisdiction (to assign down to), and the chain of
/// offices above theirs (to know who reviews and supervises).</summary>
public static class OfficesApi
{
    public sealed record OfficeView(string Code, string? Parent, string Name, string NameEn, string NameZh, int Level);

    public sealed record OfficesAnswer(IReadOnlyList<OfficeView> Jurisdiction, IReadOnlyList<string> Above);

    public static RouteGroupBuilder MapOfficesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/offices", async (HttpContext context, CaseworkDb db, Jurisdiction jurisdiction, OfficeTree tree) =>
            {
                var staff = StaffPrincipal.From(context.User);
                var codes = jurisdiction.Offices(staff);
                var offices = await db
                    .Offices.AsNoTracking()
                    .Where(o => codes.Contains(o.Code))
                    .OrderBy(o => o.Level)
                    .ThenBy(o => o.Code)
                    .Select(o => new OfficeView(o.Code, o.ParentCode, o.Name, o.NameEn, o.NameZh, o.Level))
                    .ToListAsync(context.RequestAborted);
                var above = new List<string>();
                for (var at = tree.ParentOf(staff.OfficeCode); at is not null; at = tree.ParentOf(at))
                {
                    above.Add(at);
                }

                return TypedResults.Ok(new OfficesAnswer(offices, above));
            })
            .WithName("ListOffices")
            .WithSummary("List the offices of your jurisdiction and those above yours");
        return api;
    }
}
