using System.Globalization;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/stats[?from=YYYY-MM-DD&amp;to=YYYY-MM-DD]</c>: counts within the caller's jurisdiction, by
/// the day of receipt in the platform's time zone when a range is given.</summary>
public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/stats",
                async Task<Results<Ok<CaseStats>, ValidationProblem>> (
                    HttpContext context,
                    CaseStatistics statistics,
                    string? from,
                    string? to
                ) =>
                {
                    var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                    var first = ParseDate(from, "from", errors);
                    var last = ParseDate(to, "to", errors);
                    if (errors.Count > 0)
                    {
                        return TypedResults.ValidationProblem(errors);
                    }

                    return TypedResults.Ok(
                        await statistics.ComputeAsync(
                            StaffPrincipal.From(context.User),
                            first,
                            last,
                            context.RequestAborted
                        )
                    );
                }
            )
            .WithName("Stats")
            .WithSummary("Count the cases of your jurisdiction");
        return api;
    }

    private static DateOnly? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = [Refusals.Text("Field.Date")];
        return null;
    }
}
