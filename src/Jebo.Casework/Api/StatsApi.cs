using Jebo.Casework.Audit;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Api;

/// <summary><c>GET /api/v1/stats[?from=&amp;to=&amp;office=&amp;category=]</c>: figures within the caller's
/// jurisdiction, by the day of receipt in the platform's time zone when a range is given; <c>GET /api/v1/ledger</c>:
/// an office's ledger of clues as CSV or XLSX, audited.</summary>
public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/stats",
                async Task<Results<Ok<CaseStats>, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    CaseStatistics statistics,
                    StatsFilterReader reader,
                    IStringLocalizer<StaffText> text,
                    string? from,
                    string? to,
                    string? office,
                    string? category
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    var reading = reader.Read(staff, from, to, office, category);
                    if (Invalid(reading, text) is { } invalid)
                    {
                        return invalid;
                    }

                    if (reading.OfficeNotFound)
                    {
                        return OfficeNotFound(text);
                    }

                    return TypedResults.Ok(
                        await statistics.ComputeAsync(staff, reading.Filter, context.RequestAborted)
                    );
                }
            )
            .WithName("Stats")
            .WithSummary("Count the cases of your jurisdiction")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet(
                "/ledger",
                async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    CaseLedger ledger,
                    StatsFilterReader reader,
                    IStringLocalizer<StaffText> text,
                    string? office,
                    string? from,
                    string? to,
                    string? category,
                    string? format
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return CasesApi.NoCases();
                    }

                    var reading = reader.Read(staff, from, to, office, category);
                    var chosen = string.IsNullOrEmpty(format) ? ExportFile.Csv : format;
                    if (!ExportFile.Formats.Contains(chosen))
                    {
                        reading.Errors["format"] = [text["Stats.Error.Format"]];
                    }

                    if (Invalid(reading, text) is { } invalid)
                    {
                        return invalid;
                    }

                    if (reading.OfficeNotFound)
                    {
                        return OfficeNotFound(text);
                    }

                    var file = await ledger.ExportAsync(staff, reading.Filter, chosen, context.RequestAborted);
                    return TypedResults.File(file.Content, file.ContentType, file.FileName);
                }
            )
            .WithName("Ledger")
            .WithSummary("Export an office's ledger of clues as CSV or XLSX (audited)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(
                StatusCodes.Status200OK,
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>400 with a reason per field; null when the filter holds.</summary>
    private static ValidationProblem? Invalid(StatsFilterReader.Reading reading, IStringLocalizer<StaffText> text) =>
        reading.Errors.Count > 0
            ? TypedResults.ValidationProblem(reading.Errors, title: text["Stats.Error.Title"])
            : null;

    /// <summary>An office outside the jurisdiction is not found, like a case outside it.</summary>
    private static ProblemHttpResult OfficeNotFound(IStringLocalizer<StaffText> text) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: text["Stats.Error.Office"]);
}
