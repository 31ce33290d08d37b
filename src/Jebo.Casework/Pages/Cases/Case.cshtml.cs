using System.Text.Json;
using Jebo.Casework.Api;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Retention;
using Jebo.Casework.Sealing;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Pages.Cases;

/// <summary>A case in full: its reports, follow-ups, screening and related cases, deadlines on the Seoul clock, the
/// timeline from the audit chain, and a form for each action the person may take now. Each showing is audited (by
/// <see cref="CaseQueries"/>); the reporter's identity is shown only on an explicit request (a POST) by a role allowed
/// to see it, for a stated purpose, and that showing is audited too; an auditor reads the content only for a stated
/// purpose. Actions go through <see cref="CaseActions"/>, the same service and the
/// same input checks (<see cref="CaseActionRequest.Parse"/>) as <c>POST /api/v1/cases/{id}/actions</c>, so the form
/// and the API can never disagree. A case outside the person's jurisdiction answers 404, as in the API.</summary>
public sealed class CaseModel(
    CaseQueries queries,
    CaseActions actions,
    OfficeTree offices,
    CaseworkDb db,
    AuditLog audit,
    SealedBoxOpener opener,
    ILogger<CaseModel> logger,
    IStringLocalizer<StaffText> text,
    LegalHolds holds,
    CaseDocuments documents,
    Screening.RepetitionWatch repetition
) : StaffPageModel
{
    /// <summary>The form fields an action form may send, as the API's JSON fields of the same names.</summary>
    private static readonly string[] ActionFields =
    [
        "office",
        "reason",
        "channel",
        "outcome",
        "report",
        "result",
        "agency",
        "summary",
        "decision",
        "message",
        "into",
        "relation",
        "progressBy",
        "event",
        "version",
        "reached",
        "satisfaction",
        "disputes",
        "comment",
        "text",
        "assessment",
        "assignee",
        "purpose",
        "note",
        "category",
        "region",
        "name",
        "amount",
    ];

    public CaseDetail? Detail { get; private set; }
    public string? Done { get; private set; }
    public string? Refusal { get; private set; }
    public string? FailedAction { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public bool MaySeeIdentity => CasePermissions.MaySeeIdentity(Staff.Role);

    /// <summary>Whether the person may set or lift a legal hold at all (supervisors); whether they may lift this one
    /// is <see cref="LegalHolds"/>' to say.</summary>
    public bool MayHold => CasePermissions.MayHoldCases(Staff.Role);

    /// <summary>The hold just set or lifted ("set", "lifted"), to confirm after the redirect.</summary>
    public string? HoldChanged { get; private set; }

    /// <summary>Offices a case can be assigned down to: those below the case's office, within the person's
    /// jurisdiction.</summary>
    public IReadOnlyList<string> AssignableOffices =>
        Detail is null
            ? []
            :
            [
                .. offices
                    .Subtree(Detail.Office)
                    .Where(o => o != Detail.Office && offices.IsWithin(o, Staff.OfficeCode)),
            ];

    /// <summary>The people of the case's office it can be assigned to (<see cref="CasePermissions.MayBeAssigned"/>).
    /// </summary>
    public IReadOnlyList<string> Assignees { get; private set; } = [];

    /// <summary>Offices a case can be transferred to: any but its own.</summary>
    public IReadOnlyList<string> TransferOffices =>
        Detail is null
            ? []
            : [.. offices.Subtree(Reference.Regions.RegionDataset.National).Where(o => o != Detail.Office)];

    /// <summary>Whether the timeline lists every viewing too (they are many; hidden unless asked for).</summary>
    public bool ShowViews { get; private set; }

    /// <summary>Whether the person just judged the case's repetition flag genuine, to confirm after the
    /// redirect.</summary>
    public bool RepetitionJudged { get; private set; }

    /// <summary>Whether the person may judge a repetition flag (<see cref="Screening.RepetitionWatch.MayJudge"/>).
    /// </summary>
    public bool MayJudgeRepetition => Screening.RepetitionWatch.MayJudge(Staff.Role);

    public Task<IActionResult> OnGetAsync(
        string id,
        string? done,
        string? views,
        string? hold,
        string? document,
        string? repetition
    )
    {
        RepetitionJudged = repetition == "judged";
        ShowViews = views == "all";
        DocumentAdded = document == "added";
        Done = done is not null && CaseAction.All.Contains(done) ? done : null;
        HoldChanged = hold is "set" or "lifted" ? hold : null;
        return ShowAsync(id, withIdentity: false);
    }

    /// <summary>Whether an investigation document was just added, to confirm after the redirect.</summary>
    public bool DocumentAdded { get; private set; }

    /// <summary>An investigation document, as a download (audited; never shown inside the staff pages).</summary>
    public async Task<IActionResult> OnGetDocumentAsync(string id, Guid document)
    {
        if (await DocumentsApi.SendAsync(HttpContext, Staff, NormalizeId(id), document, documents) is not { } sent)
        {
            return NotFound();
        }

        await sent.ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    /// <summary>Adds an investigation document (<see cref="CaseDocuments"/>, the same service as the API).</summary>
    [RequestSizeLimit(CaseDocuments.MaxBytes + (1024 * 1024))]
    [RequestFormLimits(MultipartBodyLengthLimit = CaseDocuments.MaxBytes + (1024 * 1024))]
    public async Task<IActionResult> OnPostDocumentAsync(string id, IFormFile? file)
    {
        var status = StatusCodes.Status400BadRequest;
        if (file is null || file.Length == 0)
        {
            Errors["file"] = [text["Case.DocumentMissing"]];
        }
        else if (file.Length > CaseDocuments.MaxBytes)
        {
            Errors["file"] = [text["Case.DocumentTooLarge", CaseDocuments.MaxBytes / (1024 * 1024)]];
            status = StatusCodes.Status413PayloadTooLarge;
        }
        else
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, HttpContext.RequestAborted);
            var outcome = await documents.AddAsync(
                Staff,
                NormalizeId(id),
                file.FileName,
                file.ContentType,
                buffer.ToArray(),
                HttpContext.RequestAborted
            );
            switch (outcome)
            {
                case DocumentOutcome.Added:
                    return Redirect($"/cases/{Uri.EscapeDataString(NormalizeId(id))}?document=added#documents");
                case DocumentOutcome.NotFound:
                    return NotFound();
                case DocumentOutcome.Forbidden:
                    (Refusal, status) = (text["Case.DocumentForbidden"], StatusCodes.Status403Forbidden);
                    break;
                case DocumentOutcome.Invalid invalid:
                    Errors["file"] = [invalid.Why];
                    break;
            }
        }

        var shown = await ShowAsync(id, withIdentity: false);
        Response.StatusCode = Detail is null ? StatusCodes.Status404NotFound : status;
        return shown;
    }

    /// <summary>A file sent with a report, as a download (audited; never shown inside the staff pages).</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(string id, Guid attachment)
    {
        var sent = await AttachmentsApi.SendAsync(
            HttpContext,
            Staff,
            NormalizeId(id),
            attachment,
            queries,
            db,
            audit,
            opener,
            logger
        );
        return sent is null ? NotFound() : new EmptyResult();
    }

    /// <summary>Shows the identities, for the purpose the person states (kept in the trail); without one, says
    /// so.</summary>
    public async Task<IActionResult> OnPostIdentityAsync(string id, string? purpose)
    {
        if (!MaySeeIdentity)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        return await ShowForPurposeAsync(id, purpose, withIdentity: true);
    }

    /// <summary>An auditor reads the case's content for the purpose they state (kept in the trail).</summary>
    public async Task<IActionResult> OnPostContentAsync(string id, string? purpose) =>
        CasePermissions.NeedsPurposeForContent(Staff.Role)
            ? await ShowForPurposeAsync(id, purpose, withIdentity: false)
            : StatusCode(StatusCodes.Status403Forbidden);

    private async Task<IActionResult> ShowForPurposeAsync(string id, string? purpose, bool withIdentity)
    {
        if (CaseQueries.Purpose(purpose) is null)
        {
            Errors["purpose"] = [text["Purpose.Required", CaseQueries.MaxPurpose]];
            var shown = await ShowAsync(id, withIdentity: false);
            Response.StatusCode = Detail is null ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            return shown;
        }

        return await ShowAsync(id, withIdentity, purpose);
    }

    public async Task<IActionResult> OnPostActionAsync(string id, string? action)
    {
        var (request, errors) = CaseActionRequest.Parse(FormAsJson(action));
        var status = StatusCodes.Status400BadRequest;
        if (request is not null)
        {
            switch (await actions.TakeAsync(Staff, NormalizeId(id), request, HttpContext.RequestAborted))
            {
                case CaseActionOutcome.Done:
                    // Post/redirect/get: a reload does not take the action twice.
                    return Redirect(
                        $"/cases/{Uri.EscapeDataString(NormalizeId(id))}?done={Uri.EscapeDataString(request.Action)}"
                    );
                case CaseActionOutcome.NotFound:
                    return NotFound();
                case CaseActionOutcome.Invalid invalid:
                    errors = invalid.Errors;
                    break;
                case CaseActionOutcome.Forbidden forbidden:
                    (Refusal, status) = (forbidden.Why, StatusCodes.Status403Forbidden);
                    break;
                case CaseActionOutcome.Conflict conflict:
                    (Refusal, status) = (conflict.Why, StatusCodes.Status409Conflict);
                    break;
            }
        }

        FailedAction = action;
        Errors = errors;
        var shown = await ShowAsync(id, withIdentity: false);
        Response.StatusCode = Detail is null ? StatusCodes.Status404NotFound : status;
        return shown;
    }

    /// <summary>Judges the case's repetition flag genuine, through the same service and checks as
    /// <c>POST /api/v1/cases/{id}/repetition</c>.</summary>
    public async Task<IActionResult> OnPostRepetitionAsync(string id, string? reason)
    {
        var status = StatusCodes.Status400BadRequest;
        var why = reason?.Trim() is { Length: > 0 } given ? given : null;
        if (why is { Length: > CaseActionRequest.MaxReason })
        {
            Errors["repetitionReason"] = [text["Repetition.Reason", CaseActionRequest.MaxReason]];
        }
        else
        {
            switch (await repetition.JudgeGenuineAsync(Staff, NormalizeId(id), why, HttpContext.RequestAborted))
            {
                case null:
                    return Redirect($"/cases/{Uri.EscapeDataString(NormalizeId(id))}?repetition=judged#repetition");
                case StatusCodes.Status404NotFound:
                    return NotFound();
                case StatusCodes.Status403Forbidden:
                    (Refusal, status) = (text["Refusal.Title.Forbidden"], StatusCodes.Status403Forbidden);
                    break;
                default:
                    (Refusal, status) = (text["Repetition.NotFlagged"], StatusCodes.Status409Conflict);
                    break;
            }
        }

        var shown = await ShowAsync(id, withIdentity: false);
        Response.StatusCode = Detail is null ? StatusCodes.Status404NotFound : status;
        return shown;
    }

    /// <summary>Sets (<paramref name="hold"/>) or lifts the case's legal hold, with the reason the person gives,
    /// through the same service and rules as <c>POST /api/v1/cases/{id}/hold</c>.</summary>
    public async Task<IActionResult> OnPostHoldAsync(string id, bool hold, string? reason)
    {
        var status = StatusCodes.Status400BadRequest;
        if (LegalHolds.Reason(reason) is not { } why)
        {
            Errors["holdReason"] = [text["Hold.ReasonRequired", LegalHolds.MaxReason]];
        }
        else
        {
            switch (await holds.ChangeAsync(Staff, NormalizeId(id), hold, why, HttpContext.RequestAborted))
            {
                case HoldOutcome.Done:
                    var changed = hold ? "set" : "lifted";
                    return Redirect($"/cases/{Uri.EscapeDataString(NormalizeId(id))}?hold={changed}#hold");
                case HoldOutcome.NotFound:
                    return NotFound();
                case HoldOutcome.Forbidden:
                    (Refusal, status) = (text["Hold.Forbidden"], StatusCodes.Status403Forbidden);
                    break;
                default:
                    (Refusal, status) = (
                        text[hold ? "Hold.AlreadyHeld" : "Hold.NotHeld"],
                        StatusCodes.Status409Conflict
                    );
                    break;
            }
        }

        var shown = await ShowAsync(id, withIdentity: false);
        Response.StatusCode = Detail is null ? StatusCodes.Status404NotFound : status;
        return shown;
    }

    public string? ErrorFor(string field) =>
        Errors.TryGetValue(field, out var messages) ? string.Join("; ", messages) : null;

    private async Task<IActionResult> ShowAsync(string id, bool withIdentity, string? purpose = null)
    {
        Detail =
            id.Length <= 32
                ? await queries.GetAsync(Staff, NormalizeId(id), withIdentity, HttpContext.RequestAborted, purpose)
                : null;
        if (Detail is not null)
        {
            var office = Detail.Office;
            Assignees =
            [
                .. (
                    await db
                        .Users.AsNoTracking()
                        .Where(u => u.OfficeCode == office && u.DisabledAt == null)
                        .OrderBy(u => u.Login)
                        .ToListAsync(HttpContext.RequestAborted)
                )
                    .Where(u => CasePermissions.MayBeAssigned(u, office))
                    .Select(u => u.Login),
            ];
        }

        return Detail is null ? NotFound() : Page();
    }

    private static string NormalizeId(string id) => id.Trim().ToUpperInvariant();

    /// <summary>The posted form as the API's JSON body: the action and every non-empty known field.</summary>
    private JsonElement FormAsJson(string? action)
    {
        var body = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(action))
        {
            body["action"] = action;
        }

        foreach (var field in ActionFields)
        {
            if (Request.Form.TryGetValue(field, out var value) && value.ToString() is { Length: > 0 } text)
            {
                body[field] = text;
            }
        }

        return JsonSerializer.SerializeToElement(body);
    }
}
