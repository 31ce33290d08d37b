using Jebo.Intake.Localization;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Intake.Reports;

/// <summary><c>POST /api/v1/reports</c> and the lists the form is built from.</summary>
public static class ReportsApi
{
    public sealed record ReceiptResponse(string Receipt);

    public sealed record CodeName(string Code, string Name);

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/reports", SubmitAsync)
            .WithName("SubmitReport")
            .Accepts<ReportContent>("application/json")
            .Produces<ReceiptResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet("/categories", (HttpContext context, CategoryList categories) =>
        {
            var language = RequestLanguage.Of(context);
            return categories.All.Select(c => new CodeName(c.Code, c.Name.In(language)))
                .Append(new CodeName(CategoryList.Unclear, Unclear(language)));
        }).WithName("ListCategories");

        api.MapGet("/regions", (HttpContext context, RegionDataset regions) =>
        {
            var language = RequestLanguage.Of(context);
            return regions.All.Select(r => new CodeName(r.Code, r.Name.In(language)))
                .Append(new CodeName(RegionDataset.Unclear, Unclear(language)));
        }).WithName("ListRegions");
        return api;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, ReportValidator validator, ReportIntake intake, IntakeOptions options)
    {
        var body = await JsonBody.ReadAsync<ReportContent>(context.Request, options.MaxReportBytes, context.RequestAborted);
        if (body.IsTooLarge)
        {
            return IntakeProblems.TooLarge(context);
        }

        if (body.Errors is { } parseErrors)
        {
            return IntakeProblems.Validation(context, parseErrors);
        }

        var report = body.Value!;
        var errors = validator.Validate(report);
        if (!errors.IsEmpty)
        {
            return IntakeProblems.Validation(context, errors);
        }

        var receipt = await intake.SubmitAsync(report, [], context.RequestAborted);
        return Results.Json(new ReceiptResponse(receipt.ToString()), statusCode: StatusCodes.Status201Created);
    }

    public static string Unclear(string language) => Texts.Get("Choice.Unclear", language);
}
