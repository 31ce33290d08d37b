using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments;
using Jebo.Intake.FollowUps;
using Jebo.Intake.Localization;
using Jebo.Intake.Maintenance;
using Jebo.Intake.Status;
using Jebo.Intake.Validation;
using Jebo.Intake.Web;
using Jebo.Transfer.Receipts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Jebo.Intake.Pages.Status;

/// <summary><c>/status</c>: the receipt is typed into a POST form, never put in a URL; the answer is the timeline, the
/// published result, the office's messages interleaved with the reporter's own follow-ups, and a form to add
/// information. The same services as <c>POST /api/v1/status</c> and
/// <c>/api/v1/followups</c>, behind the same guard (<see cref="IntakeGuard"/>): failed look-ups slow and then block a
/// client, follow-ups count against the receipt's and the client's limits. The follow-up form may carry files: it is
/// posted as multipart and read as it streams in (<see cref="AttachmentUpload"/>, as the API reads it), so no file is
/// ever buffered by the framework, and the antiforgery token is checked by hand once the whole form has been
/// read.</summary>
[EnableRateLimiting(AbusePolicies.Lookup)]
[IgnoreAntiforgeryToken]
public sealed class IndexModel(
    IntakeGuard guard,
    MaintenanceMode maintenance,
    StatusLookup lookup,
    AttachmentIntake attachments,
    ClientKeys clients,
    IAntiforgery antiforgery,
    IntakeOptions options
) : PageModel
{
    public const string ReceiptField = "receipt";
    public const string TextField = "text";
    public const string ProtectionField = "protection";
    public const string AttachmentsField = "attachments";

    /// <summary>The files of a follow-up posted with the form, read before anything is bound; null for a post without
    /// them.</summary>
    private UploadedFiles? upload;

    /// <summary>False when the post's antiforgery token did not hold: nothing it asked for is done.</summary>
    private bool genuine = true;

    /// <summary>The follow-up was stored, with its files.</summary>
    private bool stored;

    public IntakeOptions Options => options;

    /// <summary>The reward form's fields, named apart from the contact form's on the same page.</summary>
    public const string RewardNameField = "rewardName";
    public const string RewardPhoneField = "rewardPhone";
    public const string RewardBankField = "rewardBank";
    public const string RewardAccountField = "rewardAccount";

    /// <summary>The public statuses in the order a report moves through them; "not accepted" replaces the later
    /// steps.</summary>
    public static readonly IReadOnlyList<string> Steps = ["received", "accepted", "in-verification", "completed"];

    [BindProperty(Name = ReceiptField)]
    public string? ReceiptText { get; set; }

    [BindProperty(Name = TextField)]
    public string? FollowUpText { get; set; }

    [BindProperty(Name = ProtectionField)]
    public bool Protection { get; set; }

    [BindProperty(Name = LaterContacts.NameField)]
    public string? ContactName { get; set; }

    [BindProperty(Name = LaterContacts.PhoneField)]
    public string? ContactPhone { get; set; }

    [BindProperty(Name = LaterContacts.ConsentField)]
    public bool ContactConsent { get; set; }

    [BindProperty(Name = RewardNameField)]
    public string? RewardName { get; set; }

    [BindProperty(Name = RewardPhoneField)]
    public string? RewardPhone { get; set; }

    [BindProperty(Name = RewardBankField)]
    public string? RewardBank { get; set; }

    [BindProperty(Name = RewardAccountField)]
    public string? RewardAccount { get; set; }

    public StatusView? View { get; private set; }

    /// <summary>The receipt as found, written canonically, for the follow-up form's hidden field.</summary>
    public string? FoundReceipt { get; private set; }

    public bool FollowUpSent { get; private set; }

    public bool ProtectionSent { get; private set; }

    public bool ContactSent { get; private set; }

    public bool RewardSent { get; private set; }

    /// <summary>Why the request was held back (a limit, a repeat), shown above the form.</summary>
    public string? Notice { get; private set; }

    public List<FieldMessage> Errors { get; } = [];

    public string Language => RequestLanguage.Of(HttpContext);

    public IReadOnlyList<string> ErrorsFor(string field) =>
        [.. Errors.Where(e => e.Field == field).Select(e => e.Message)];

    /// <summary>Before the form is bound: a multipart post (the follow-up form with files) is read here, its files
    /// sealed as they arrive, and its text fields put where binding and the antiforgery check read them; every post's
    /// token is then checked by hand.</summary>
    public override async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        if (!HttpMethods.IsPost(Request.Method))
        {
            return;
        }

        if (Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Files are taken only by the follow-up form, and not while paused (that handler then answers 503); any
            // other post's files are read past, never kept.
            var takesFiles =
                context.HandlerMethod?.Name == "FollowUp"
                && await maintenance.CurrentAsync(HttpContext.RequestAborted) is null;
            var fields = !takesFiles
                ? (await FormReader.ReadAsync(Request, _ => Task.CompletedTask, HttpContext.RequestAborted)).Fields
                : (
                    upload = await AttachmentUpload.ReadAsync(
                        HttpContext,
                        null,
                        attachments,
                        clients.ForClient(HttpContext),
                        options
                    )
                ).Fields;
            HttpContext.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields)));
        }

        genuine = await PortalPages.IsGenuineAsync(HttpContext, antiforgery);
    }

    public async Task<IActionResult> OnPostAsync() =>
        !genuine ? Expired()
        : await FindAsync() is null ? Refused()
        : Page();

    public async Task<IActionResult> OnPostFollowUpAsync()
    {
        var files = upload?.Kept.Select(k => new FollowUpFile(k.Id!.Value, k.Name)).ToList() ?? [];
        var answer = await FollowUpAsync(files);
        if (!stored && upload is not null)
        {
            // Refused: nothing sent is kept; the reporter attaches the files again.
            await attachments.DiscardAsync(upload.KeptIds, HttpContext.RequestAborted);
            if (files.Count > 0 && Response.StatusCode != StatusCodes.Status503ServiceUnavailable)
            {
                Error(AttachmentsField, Texts.Get("Report.AttachAgain", Language));
            }
        }

        return answer;
    }

    private async Task<IActionResult> FollowUpAsync(List<FollowUpFile> files)
    {
        if (!genuine)
        {
            return Expired();
        }

        if (await FindAsync() is null)
        {
            return Refused();
        }

        if (await PausedAsync() is { } paused)
        {
            return paused;
        }

        if (upload is not null && (upload.TooLarge || upload.OverTotal || upload.Held is not null))
        {
            foreach (var error in upload.Refused.Items)
            {
                Error(AttachmentsField, ValidationMessages.For(error, Language));
            }

            if (upload.Held is { } hold)
            {
                return Refused(hold);
            }

            Error(
                AttachmentsField,
                upload.OverTotal
                    ? Texts.Format(
                        "Validation." + ValidationCode.ReportTooLarge,
                        Language,
                        options.MaxReportAttachmentMegabytes
                    )
                    : ValidationMessages.For(ValidationCode.AttachmentsTooLarge, Language)
            );
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }

        if (upload is { Refused.IsEmpty: false })
        {
            foreach (var error in upload.Refused.Items)
            {
                Error(AttachmentsField, ValidationMessages.For(error, Language));
            }

            return Refused();
        }

        var text = FollowUpText?.Trim() ?? "";
        if (
            (text.Length == 0 && !Protection && files.Count == 0)
            || text.Length > FollowUpIntake.MaxText
            || text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
        )
        {
            var code =
                text.Length == 0 ? ValidationCode.FollowUpEmpty
                : text.Length > FollowUpIntake.MaxText ? ValidationCode.TooLong
                : ValidationCode.InvalidCharacters;
            Error(TextField, code);
            return Refused();
        }

        if (await SubmitAsync(new FollowUpSubmission(text, Protection, Attachments: files), TextField) is { } refused)
        {
            return refused;
        }

        stored = true;
        (FollowUpSent, ProtectionSent) = (text.Length > 0 || files.Count > 0, Protection);
        (FollowUpText, Protection) = (null, false);
        return await ShowFreshAsync();
    }

    /// <summary>A name and phone given after the report, checked as <c>POST /api/v1/contact</c> checks them
    /// (<see cref="LaterContacts"/>).</summary>
    public async Task<IActionResult> OnPostContactAsync()
    {
        if (!genuine)
        {
            return Expired();
        }

        if (await FindAsync() is null)
        {
            return Refused();
        }

        if (await PausedAsync() is { } paused)
        {
            return paused;
        }

        var (contact, fieldErrors) = LaterContacts.Check(ContactName, ContactPhone, ContactConsent);
        if (contact is null)
        {
            foreach (var error in fieldErrors.Items)
            {
                Errors.Add(new FieldMessage(error.Field, ValidationMessages.For(error, Language)));
            }

            ViewData["HasErrors"] = true;
            return Refused();
        }

        if (await SubmitAsync(new FollowUpSubmission("", Contact: contact), LaterContacts.PhoneField) is { } refused)
        {
            return refused;
        }

        ContactSent = true;
        (ContactName, ContactPhone, ContactConsent) = (null, null, false);
        return await ShowFreshAsync();
    }

    /// <summary>A reward claim, checked as <c>POST /api/v1/rewards</c> checks it (<see cref="RewardClaims"/>, then
    /// <see cref="RewardEligibility"/> inside the guard).</summary>
    public async Task<IActionResult> OnPostRewardAsync()
    {
        if (await FindAsync() is null)
        {
            return Refused();
        }

        if (await PausedAsync() is { } paused)
        {
            return paused;
        }

        var (claim, fieldErrors) = RewardClaims.Check(RewardName, RewardPhone, RewardBank, RewardAccount);
        if (claim is null)
        {
            foreach (var error in fieldErrors.Items)
            {
                Errors.Add(new FieldMessage(RewardFieldOf(error.Field), ValidationMessages.For(error, Language)));
            }

            ViewData["HasErrors"] = true;
            return Refused();
        }

        if (await SubmitAsync(new FollowUpSubmission("", Reward: claim), RewardNameField) is { } refused)
        {
            return refused;
        }

        RewardSent = true;
        (RewardName, RewardPhone, RewardBank, RewardAccount) = (null, null, null, null);
        return await ShowFreshAsync();
    }

    private static string RewardFieldOf(string field) =>
        field switch
        {
            RewardClaims.NameField => RewardNameField,
            RewardClaims.PhoneField => RewardPhoneField,
            RewardClaims.BankField => RewardBankField,
            _ => RewardAccountField,
        };

    /// <summary>The page held back while intake is paused: the status was found and is shown; only what the reporter
    /// sends waits (see <see cref="MaintenanceMode"/>).</summary>
    private async Task<PageResult?> PausedAsync()
    {
        if (await maintenance.CurrentAsync(HttpContext.RequestAborted) is not { } paused)
        {
            return null;
        }

        MaintenanceMode.SetRetryAfter(Response);
        return Held(
            Texts.Get("Problems.maintenance", Language)
                + " "
                + (paused.Message ?? Texts.Get("Maintenance.Body", Language)),
            StatusCodes.Status503ServiceUnavailable
        );
    }

    /// <summary>Sends through the guard; returns the page refusing it (errors shown at <paramref name="field"/>), or
    /// null when it was stored.</summary>
    private async Task<PageResult?> SubmitAsync(FollowUpSubmission submission, string field)
    {
        var outcome = await guard.SubmitFollowUpAsync(
            HttpContext,
            ReceiptText,
            submission,
            new AbuseSignals(Request.Form["proof"].LastOrDefault(), null),
            HttpContext.RequestAborted
        );
        if (outcome.Succeeded)
        {
            return null;
        }

        if (outcome.Errors is { } errors)
        {
            foreach (var error in errors.Items)
            {
                Errors.Add(new FieldMessage(field, ValidationMessages.For(error, Language)));
            }

            ViewData["HasErrors"] = true;
            return Refused();
        }

        if (outcome.IsTooLarge)
        {
            Error(
                AttachmentsField,
                Texts.Format(
                    "Validation." + ValidationCode.ReportTooLarge,
                    Language,
                    options.MaxReportAttachmentMegabytes
                )
            );
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }

        return outcome.IsRepeat ? Held(IntakeProblems.Title(Language, "repeat"), StatusCodes.Status409Conflict)
            : outcome.Refused is { } problem
                ? Held(IntakeProblems.Title(Language, problem), StatusCodes.Status409Conflict)
            : Refused(outcome.Hold);
    }

    /// <summary>The form could not be trusted (its antiforgery token is missing or stale): nothing is done.</summary>
    private PageResult Expired()
    {
        Notice = Texts.Get("Report.Expired", Language);
        ViewData["HasErrors"] = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Reads the status again, without counting as another look-up, so the page shows what was just
    /// sent.</summary>
    private async Task<PageResult> ShowFreshAsync()
    {
        if (
            Receipt.TryParse(FoundReceipt, out var receipt)
            && await lookup.FindAsync(receipt.Value, HttpContext.RequestAborted) is { } fresh
        )
        {
            View = fresh.View;
        }

        return Page();
    }

    private async Task<Guid?> FindAsync()
    {
        if (!Receipt.TryParse(ReceiptText, out var receipt))
        {
            Error(
                ReceiptField,
                string.IsNullOrWhiteSpace(ReceiptText) ? ValidationCode.Required : ValidationCode.InvalidReceipt
            );
            return null;
        }

        var found = await guard.LookUpAsync(HttpContext, receipt.Value.ToString(), HttpContext.RequestAborted);
        if (found.Hold is { } hold)
        {
            held = hold;
            return null;
        }

        if (!found.Succeeded)
        {
            Error(ReceiptField, ValidationCode.UnknownReceipt);
            return null;
        }

        View = found.Value.View;
        FoundReceipt = receipt.Value.ToString();
        return found.Value.ReportId;
    }

    private Hold? held;

    /// <summary>The status page after a refusal: held back by a limit (429/503 with <c>Retry-After</c>) or refused
    /// (400).</summary>
    private PageResult Refused(Hold? hold = null)
    {
        hold ??= held;
        if (hold is not null)
        {
            return Held(IntakeProblems.Explain(Language, hold), IntakeProblems.HoldStatus(Response, hold));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Held(string notice, int status)
    {
        Notice = notice;
        ViewData["HasErrors"] = true;
        Response.StatusCode = status;
        return Page();
    }

    private void Error(string field, ValidationCode code) => Error(field, ValidationMessages.For(code, Language));

    private void Error(string field, string message)
    {
        Errors.Add(new FieldMessage(field, message));
        ViewData["HasErrors"] = true;
    }
}
