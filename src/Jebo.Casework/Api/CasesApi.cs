using System.Text.Json;
using System.Text.Json.Serialization;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Transfer;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Api;

/// <summary>The staff API for cases and their audit trail (CONTRACT.md).</summary>
public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/cases",
                async Task<Results<Ok<CasePage>, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    CaseQueries queries,
                    PlatformTimeZone zone,
                    [AsParameters] CaseListQuery filters,
                    string? after,
                    string? page
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return NoCases();
                    }

                    var (filter, errors) = CaseListFilter.Parse(name => context.Request.Query[name], zone.StartOf);
                    return errors.Count > 0
                        ? TypedResults.ValidationProblem(errors, title: Refusals.Text("Refusal.Title.Fields"))
                        : TypedResults.Ok(await queries.ListAsync(staff, filter, context.RequestAborted));
                }
            )
            .WithName("ListCases")
            .WithSummary("List or search the cases of your jurisdiction")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet(
                "/cases/export",
                async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    CaseListExport export,
                    PlatformTimeZone zone,
                    [AsParameters] CaseListQuery filters,
                    string? format
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return NoCases();
                    }

                    var (filter, errors) = CaseListFilter.Parse(name => context.Request.Query[name], zone.StartOf);
                    var chosen = string.IsNullOrEmpty(format) ? ExportFile.Csv : format;
                    if (!ExportFile.Formats.Contains(chosen))
                    {
                        errors["format"] = [Refusals.Text("Stats.Error.Format")];
                    }

                    if (errors.Count > 0)
                    {
                        return TypedResults.ValidationProblem(errors, title: Refusals.Text("Refusal.Title.Fields"));
                    }

                    var file = await export.ExportAsync(staff, filter, chosen, context.RequestAborted);
                    return file is null
                        ? TypedResults.Problem(
                            statusCode: StatusCodes.Status400BadRequest,
                            title: Refusals.Text("Export.TooMany", CaseListExport.MaxRows)
                        )
                        : TypedResults.File(file.Content, file.ContentType, file.FileName);
                }
            )
            .WithName("ExportCases")
            .WithSummary("Export the case list of your jurisdiction as CSV or XLSX (audited)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: ExportFile.XlsxContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/cases", EnterClueAsync)
            .WithName("EnterClue")
            .WithSummary("Enter by hand a clue received by phone, letter, visit or from another agency")
            .Accepts<JsonElement>("application/json")
            .Produces<EnteredClue>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet(
                "/cases/{id}",
                async Task<Results<Ok<CaseDetail>, ProblemHttpResult, ValidationProblem>> (
                    HttpContext context,
                    CaseQueries queries,
                    string id,
                    string? include,
                    string? purpose
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return NoCases();
                    }

                    // An identity is shown for a reason the trail keeps; asking without one is bad input, not a silent
                    // omission.
                    if (include == "identity" && CaseQueries.Purpose(purpose) is null)
                    {
                        return TypedResults.ValidationProblem(
                            new Dictionary<string, string[]>
                            {
                                ["purpose"] =
                                [
                                    $"say in 1 to {CaseQueries.MaxPurpose} characters why you need the reporter's "
                                        + $"identity",
                                ],
                            }
                        );
                    }

                    var detail = await queries.GetAsync(
                        staff,
                        id,
                        include == "identity",
                        context.RequestAborted,
                        purpose
                    );
                    return detail is null ? NotFound(id) : TypedResults.Ok(detail);
                }
            )
            .WithName("GetCase")
            .WithSummary("Read a case")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/cases/{id}/actions", async Task<IResult> (HttpContext context, CaseActions actions, string id) =>
            {
                var (body, tooLarge) = await ReadJsonAsync(context.Request, MaxActionBytes, context.RequestAborted);
                if (tooLarge)
                {
                    return Results.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: Refusals.Text("Refusal.Title.TooLarge")
                    );
                }

                var (request, errors) = body is { } element
                    ? CaseActionRequest.Parse(element)
                    : (null, new() { [""] = [Refusals.Text("Field.Json")] });
                if (request is null)
                {
                    return Results.ValidationProblem(errors, title: Refusals.Text("Refusal.Title.Fields"));
                }

                return await actions.TakeAsync(
                    StaffPrincipal.From(context.User),
                    id,
                    request,
                    context.RequestAborted
                ) switch
                {
                    CaseActionOutcome.Done done => Results.Ok(done.Case),
                    CaseActionOutcome.Invalid invalid => Results.ValidationProblem(
                        invalid.Errors,
                        title: Refusals.Text("Refusal.Title.Fields")
                    ),
                    CaseActionOutcome.NotFound => NotFound(id),
                    CaseActionOutcome.Forbidden forbidden => Results.Problem(
                        statusCode: StatusCodes.Status403Forbidden,
                        title: Refusals.Text("Refusal.Title.Forbidden"),
                        detail: forbidden.Why
                    ),
                    CaseActionOutcome.Conflict conflict => Results.Problem(
                        statusCode: StatusCodes.Status409Conflict,
                        title: Refusals.Text("Refusal.Title.State"),
                        detail: conflict.Why,
                        extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                        {
                            ["status"] = conflict.Status,
                            ["version"] = conflict.Version,
                            ["allowedActions"] = conflict.AllowedNow,
                        }
                    ),
                    _ => throw new InvalidOperationException("unknown outcome"),
                };
            })
            .WithName("TakeCaseAction")
            .WithSummary("Take an action on a case")
            .Accepts<JsonElement>("application/json")
            .Produces<CaseDetail>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet(
                "/audit",
                async Task<Results<Ok<List<AuditEntryView>>, ProblemHttpResult>> (
                    HttpContext context,
                    CaseQueries queries,
                    CaseworkDb db,
                    Staff.Jurisdiction jurisdiction,
                    string? @case
                ) =>
                {
                    var staff = StaffPrincipal.From(context.User);
                    if (@case is null)
                    {
                        if (!CasePermissions.MayReadWholeAuditLog(staff.Role))
                        {
                            return TypedResults.Problem(
                                statusCode: StatusCodes.Status403Forbidden,
                                title: Refusals.Text("Problem.AuditLogForbidden")
                            );
                        }

                        return TypedResults.Ok(
                            await jurisdiction
                                .FilterAudit(db.AuditEntries.AsNoTracking(), db.Cases.AsNoTracking(), staff)
                                .OrderByDescending(a => a.Sequence)
                                .Take(500)
                                .Select(a => new AuditEntryView(
                                    a.Sequence,
                                    a.At,
                                    a.Actor,
                                    a.ActorOffice,
                                    a.Action,
                                    a.CaseId,
                                    a.Details,
                                    a.Hash
                                ))
                                .ToListAsync(context.RequestAborted)
                        );
                    }

                    if (!CasePermissions.MayReadCases(staff.Role))
                    {
                        return NoCases();
                    }

                    if (!await queries.Visible(staff).AnyAsync(c => c.Id == @case, context.RequestAborted))
                    {
                        return NotFound(@case);
                    }

                    var trail = await db
                        .AuditEntries.AsNoTracking()
                        .Where(a => a.CaseId == @case)
                        .OrderBy(a => a.Sequence)
                        .Select(a => new AuditEntryView(
                            a.Sequence,
                            a.At,
                            a.Actor,
                            a.ActorOffice,
                            a.Action,
                            a.CaseId,
                            a.Details,
                            a.Hash
                        ))
                        .ToListAsync(context.RequestAborted);
                    // The case's trail names only the related cases the reader sees in full (RelatedCaseDisclosure).
                    var seen = await queries.SeenInFullAsync(
                        staff,
                        trail.Where(a => a.Action == AuditActions.CaseScreened).Select(a => a.Details),
                        context.RequestAborted
                    );
                    return TypedResults.Ok(
                        trail
                            .Select(a =>
                                a.Action == AuditActions.CaseScreened
                                    ? a with
                                    {
                                        Details = RelatedCaseDisclosure
                                            .ScreenedDetails(JsonDocument.Parse(a.Details).RootElement, seen.Contains)
                                            .GetRawText(),
                                    }
                                    : a
                            )
                            .ToList()
                    );
                }
            )
            .WithName("ListAudit")
            .WithSummary("Read a case's audit trail, or the latest entries of your jurisdiction")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The answer to a clue entered by hand: the new case's id, and the receipt to hand to the person when
    /// one was asked for (<c>"receipt": true</c>) — answered this once, kept nowhere.</summary>
    public sealed record EnteredClue(
        string Id,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Receipt = null
    );

    /// <summary>A clue entered by hand is a report's body and its source: at most a report's size.</summary>
    public const int MaxClueBytes = 256 * 1024;

    private static async Task<IResult> EnterClueAsync(HttpContext context, ClueEntry entry)
    {
        var staff = StaffPrincipal.From(context.User);
        if (!CasePermissions.MayEnterClues(staff.Role))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: Refusals.Text("Problem.EntryForbidden", Refusals.Name("Role", staff.Role))
            );
        }

        var (body, tooLarge) = await ReadJsonAsync(context.Request, MaxClueBytes, context.RequestAborted);
        if (tooLarge)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: Refusals.Text("Refusal.Title.TooLarge")
            );
        }

        if (body is not { } element)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [""] = [Refusals.Text("Field.Json")] },
                title: Refusals.Text("Refusal.Title.Fields")
            );
        }

        var outcome = await entry.EnterAsync(staff, element, context.RequestAborted);
        return outcome.CaseId is { } id
            ? Results.Json(new EnteredClue(id, outcome.Receipt), statusCode: StatusCodes.Status201Created)
            : Results.ValidationProblem(outcome.Errors, title: Refusals.Text("Refusal.Title.Fields"));
    }

    public sealed record AuditEntryView(
        long Sequence,
        DateTimeOffset At,
        string Actor,
        string? ActorOffice,
        string Action,
        string? CaseId,
        string Details,
        string Hash
    );

    /// <summary>Actions carry short texts (a summary is the longest); anything larger is refused before it is
    /// parsed.</summary>
    public const int MaxActionBytes = 64 * 1024;

    /// <summary>Reads a JSON body within a size limit: the parsed element, null when it is not JSON, or "too
    /// large".</summary>
    internal static async Task<(JsonElement? Body, bool TooLarge)> ReadJsonAsync(
        HttpRequest request,
        int maxBytes,
        CancellationToken cancellationToken
    )
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, true);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(
                buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
                new JsonDocumentOptions { MaxDepth = 16 }
            );
            return (document.RootElement.Clone(), false);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    /// <summary>The answer to a role that reads no case (administrators).</summary>
    public static ProblemHttpResult NoCases() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Refusals.Text("Refusal.Title.NoCases"));

    /// <summary>The answer for a case outside the caller's jurisdiction, the same as for one that does not
    /// exist.</summary>
    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Refusals.Text("Problem.NoCase", id));
}
