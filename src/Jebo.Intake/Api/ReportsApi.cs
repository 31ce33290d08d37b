using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments;
using Jebo.Intake.Localization;
using Jebo.Intake.Maintenance;
using Jebo.Intake.Reports;
using Jebo.Intake.Validation;
using Jebo.Intake.Web;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Intake.Api;

/// <summary><c>POST /api/v1/reports</c> and the lists the form is built from.</summary>
public static class ReportsApi
{
    public sealed record ReceiptResponse(string Receipt);

    public sealed record CodeName(string Code, string Name);

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/reports", SubmitAsync)
            .WithName("SubmitReport")
            .WithSummary("Submit a report")
            .Accepts<ReportContent>("application/json", "multipart/form-data")
            .Produces<ReceiptResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(MaintenanceMode.RefuseWhileOnAsync)
            .RequireRateLimiting(AbusePolicies.Submit);

        api.MapGet("/categories", (HttpContext context, CategoryList categories) =>
            {
                var language = RequestLanguage.Of(context);
                return categories
                    .All.Select(c => new CodeName(c.Code, c.Name.In(language)))
                    .Append(new CodeName(CategoryList.Unclear, Unclear(language)));
            })
            .WithName("ListCategories")
            .WithSummary("List the report categories, in the request's language");

        api.MapGet("/regions", (HttpContext context, RegionDataset regions) =>
            {
                var language = RequestLanguage.Of(context);
                return regions
                    .All.Select(r => new CodeName(r.Code, r.Name.In(language)))
                    .Append(new CodeName(RegionDataset.Unclear, Unclear(language)));
            })
            .WithName("ListRegions")
            .WithSummary("List the regions, in the request's language");
        return api;
    }

    /// <summary>The fields a report body may carry besides the report: the proof of work and the honeypot.</summary>
    public static readonly IReadOnlyCollection<string> SideFields = ["proof", SpamSignals.HoneypotField];

    private static async Task<IResult> SubmitAsync(
        HttpContext context,
        ReportValidator validator,
        IntakeGuard guard,
        AttachmentIntake attachments,
        ClientKeys clients,
        IntakeOptions options
    )
    {
        if (context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await SubmitWithFilesAsync(
                context,
                validator,
                guard,
                attachments,
                clients.ForClient(context),
                options
            );
        }

        var body = await JsonBody.ReadAsync<ReportContent>(
            context.Request,
            options.MaxReportBytes,
            context.RequestAborted,
            SideFields
        );
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

        var signals = new AbuseSignals(
            body.SideField("proof") ?? AbuseSignals.ProofHeader(context),
            body.SideField(SpamSignals.HoneypotField)
        );
        var outcome = await guard.SubmitReportAsync(context, report, signals, context.RequestAborted);
        return outcome.Succeeded
            ? Results.Json(new ReceiptResponse(outcome.Value.ToString()), statusCode: StatusCodes.Status201Created)
            : outcome.Problem(context);
    }

    /// <summary>The multipart form of CONTRACT.md: a <c>report</c> part holding the JSON, and file parts, each sealed
    /// as it streams in (see <see cref="AttachmentIntake"/>). A refused file refuses the report, naming the file; files
    /// over the report's total refuse it with 413, and once the client's parked files are at their limit no further
    /// file is read (429, or 503 when the quota for all parked files is reached).</summary>
    private static async Task<IResult> SubmitWithFilesAsync(
        HttpContext context,
        ReportValidator validator,
        IntakeGuard guard,
        AttachmentIntake attachments,
        string client,
        IntakeOptions options
    )
    {
        var cancellationToken = context.RequestAborted;
        var upload = await AttachmentUpload.ReadAsync(context, ReportPart, attachments, client, options);
        var kept = upload.KeptIds;
        var answer = upload.Problem(context, options);
        var reportJson = upload.Json;
        if (answer is null && (upload.Malformed || reportJson is null))
        {
            var missing = new FieldErrors();
            missing.Add(ReportPart, upload.Malformed ? ValidationCode.InvalidValue : ValidationCode.Required);
            answer = IntakeProblems.Validation(context, missing);
        }

        if (answer is null && reportJson!.Length > options.MaxReportBytes)
        {
            answer = IntakeProblems.TooLarge(context);
        }

        if (answer is null)
        {
            var body = JsonBody.Parse<ReportContent>(reportJson, SideFields);
            var errors = body.Errors ?? validator.Validate(body.Value!);
            if (errors.IsEmpty)
            {
                var signals = new AbuseSignals(
                    body.SideField("proof") ?? AbuseSignals.ProofHeader(context),
                    body.SideField(SpamSignals.HoneypotField)
                );
                var outcome = await guard.SubmitReportAsync(context, body.Value!, signals, kept, cancellationToken);
                if (outcome.Succeeded)
                {
                    return Results.Json(
                        new ReceiptResponse(outcome.Value.ToString()),
                        statusCode: StatusCodes.Status201Created
                    );
                }

                answer = outcome.Problem(context);
            }
            else
            {
                answer = IntakeProblems.Validation(context, errors);
            }
        }

        await attachments.DiscardAsync(kept, cancellationToken);
        return answer;
    }

    /// <summary>The name of the multipart part that holds the report's JSON.</summary>
    public const string ReportPart = "report";

    public static string Unclear(string language) => Texts.Get("Choice.Unclear", language);
}
