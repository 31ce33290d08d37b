using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments;
using Jebo.Intake.Data;
using Jebo.Intake.Localization;
using Jebo.Intake.Maintenance;
using Jebo.Intake.Reports;
using Jebo.Intake.Validation;
using Jebo.Intake.Web;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Jebo.Intake.Pages.Reports;

/// <summary><c>/report</c>: the form, and after a successful post the receipt. Files stream in and are sealed as they
/// arrive, so the antiforgery token is checked by hand once the whole form has been read.</summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(AbusePolicies.Submit)]
public sealed class IndexModel(
    ReportValidator validator,
    IntakeGuard guard,
    AttachmentIntake attachments,
    ClientKeys clients,
    IAntiforgery antiforgery,
    IntakeOptions options,
    CategoryList categories,
    RegionDataset regions,
    MaintenanceMode maintenance
) : PageModel
{
    /// <summary>Set while maintenance is on: the page shows the notice and the operator's message instead of the
    /// form.</summary>
    public MaintenanceSwitch? Maintenance { get; private set; }

    public ReportForm Form { get; private set; } = ReportForm.Blank();

    /// <summary>Messages by form field, in the order the summary lists them.</summary>
    public List<FieldMessage> Errors { get; } = [];

    public List<string> Notices { get; } = [];

    /// <summary>Set once the report is stored: the page shows the receipt instead of the form.</summary>
    public string? Receipt { get; private set; }

    public int AttachmentCount { get; private set; }

    public CategoryList Categories => categories;
    public RegionDataset Regions => regions;
    public IntakeOptions Options => options;
    public string Language => RequestLanguage.Of(HttpContext);

    public IReadOnlyList<string> ErrorsFor(string field) =>
        [.. Errors.Where(e => e.Field == field).Select(e => e.Message)];

    public async Task OnGetAsync() => await PausedAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (await PausedAsync())
        {
            return Page(); // before a single file is read
        }

        var language = Language;
        FormReader.AllowBody(HttpContext, (options.MaxAttachments + 1) * (options.MaxAttachmentBytes + (1024 * 1024)));
        var received = new List<AttachmentReceipt>();
        var refused = new FieldErrors();
        var client = clients.ForClient(HttpContext);
        Hold? held = null;
        var posted = await FormReader.ReadAsync(
            Request,
            async file =>
            {
                if (file.FieldName != ReportForm.AttachmentsField || held is not null)
                {
                    return;
                }

                if (received.Count(r => r.Id is not null) >= options.MaxAttachments)
                {
                    refused.Add(
                        ReportForm.AttachmentsField,
                        ValidationCode.AttachmentTooMany,
                        AttachmentIntake.SafeName(file.FileName),
                        options.MaxAttachments
                    );
                    return;
                }

                var receipt = await attachments.ReceiveAsync(file.Body, file.FileName, client, cancellationToken);
                if (receipt.Hold is { } hold)
                {
                    held = hold;
                    return;
                }

                received.Add(receipt);
                if (receipt.Refusal is { } code)
                {
                    refused.Add(
                        ReportForm.AttachmentsField,
                        code,
                        receipt.Name,
                        options.MaxAttachmentBytes / (1024 * 1024)
                    );
                }
            },
            cancellationToken
        );
        var fresh = received.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToList();

        // The form read here is what antiforgery checks: the token field was among the text fields.
        HttpContext.Features.Set<IFormFeature>(new FormFeature(new FormCollection(posted.Fields)));
        if (posted.Malformed || !await PortalPages.IsGenuineAsync(HttpContext, antiforgery))
        {
            await attachments.DiscardAsync(fresh, cancellationToken);
            Form = ReportForm.Read(posted);
            Notices.Add(Texts.Get(posted.Malformed ? "Report.Unreadable" : "Report.Expired", language));
            if (fresh.Count > 0)
            {
                Notices.Add(Texts.Get("Report.AttachAgain", language));
            }

            await KeepOnlyPendingAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Form = ReportForm.Read(posted);
        foreach (var receipt in received.Where(r => r.Id is not null))
        {
            Form.Attachments.Add(new KeptAttachment(receipt.Id!.Value, receipt.Size, receipt.Cleaned, receipt.Name));
        }

        if (posted.TooLarge)
        {
            refused.Add(ReportForm.AttachmentsField, ValidationCode.AttachmentsTooLarge);
        }

        var overTotal = await FitReportLimitsAsync(fresh, refused, cancellationToken);
        if (held is not null)
        {
            // Too many files parked from this connection (or in all): the form stays as it was, nothing is sent.
            AddErrors(refused);
            Notices.Add(IntakeProblems.Explain(language, held));
            Response.StatusCode = IntakeProblems.HoldStatus(Response, held);
            await KeepOnlyPendingAsync(cancellationToken);
            return Page();
        }

        var command = posted.Get(ReportForm.CommandField);
        var removed = Form.Attachments.Select(a => a.Id).ToList();
        if (Form.Apply(command))
        {
            await attachments.DiscardAsync(
                removed.Except(Form.Attachments.Select(a => a.Id)).ToList(),
                cancellationToken
            );
            AddErrors(refused);
            await KeepOnlyPendingAsync(cancellationToken);
            if (Errors.Count == 0 && command == "stay")
            {
                Notices.Add(Texts.Get("Report.NotSent", language));
            }

            if (overTotal)
            {
                Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }

            return Page();
        }

        var content = Form.ToContent(language);
        var errors = new FieldErrors();
        errors.AddRange(refused);
        errors.AddRange(validator.Validate(content));
        if (await KeepOnlyPendingAsync(cancellationToken))
        {
            errors.Add(ReportForm.AttachmentsField, ValidationCode.AttachmentExpired);
        }

        if (!errors.IsEmpty)
        {
            AddErrors(errors);
            Response.StatusCode = overTotal ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            // The same guard and service the API calls: a report posted here and one posted as JSON are treated alike.
            var signals = new AbuseSignals(posted.Get("proof"), posted.Get(SpamSignals.HoneypotField));
            var outcome = await guard.SubmitReportAsync(
                HttpContext,
                content,
                signals,
                [.. Form.Attachments.Select(a => a.Id)],
                cancellationToken
            );
            if (outcome.Succeeded)
            {
                Receipt = outcome.Value!.ToString();
                AttachmentCount = Form.Attachments.Count;
                return Page();
            }

            // Refused: the form stays as it was, files included (they stay pending), with the reason.
            if (outcome.Hold is { } hold)
            {
                Notices.Add(IntakeProblems.Explain(language, hold));
                Response.StatusCode = IntakeProblems.HoldStatus(Response, hold);
            }
            else if (outcome.IsTooLarge)
            {
                // Never acknowledged: the files stay kept, so the reporter can remove some and send again.
                errors.Add(
                    ReportForm.AttachmentsField,
                    ValidationCode.ReportTooLarge,
                    options.MaxReportAttachmentMegabytes
                );
                AddErrors(errors);
                Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }
            else if (outcome.IsRepeat)
            {
                Notices.Add(IntakeProblems.Title(language, "repeat"));
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
            else
            {
                AddErrors(outcome.Errors ?? new FieldErrors());
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }

            return Page();
        }
        catch (AttachmentsExpiredException)
        {
            await KeepOnlyPendingAsync(cancellationToken);
            errors.Add(ReportForm.AttachmentsField, ValidationCode.AttachmentExpired);
            AddErrors(errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    /// <summary>True (and the page answers 503) while maintenance is on.</summary>
    private async Task<bool> PausedAsync()
    {
        Maintenance = await maintenance.CurrentAsync(HttpContext.RequestAborted);
        if (Maintenance is not null)
        {
            MaintenanceMode.SetRetryAfter(Response);
        }

        return Maintenance is not null;
    }

    /// <summary>Drops kept attachments that are no longer pending; true when any was dropped.</summary>
    private async Task<bool> KeepOnlyPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await attachments.PendingSizesAsync([.. Form.Attachments.Select(a => a.Id)], cancellationToken);
        return Form.Attachments.RemoveAll(a => !pending.ContainsKey(a.Id)) > 0;
    }

    /// <summary>A report's limits hold across every post of the form: the files kept from earlier posts and those just
    /// sent count together, by their stored size (the hidden field's is not believed). Files just sent that go over the
    /// number or the total are let go, newest first, each named; the earlier ones stay. True when the total was the
    /// reason (the page then answers 413).</summary>
    private async Task<bool> FitReportLimitsAsync(
        List<Guid> fresh,
        FieldErrors refused,
        CancellationToken cancellationToken
    )
    {
        var sizes = await attachments.PendingSizesAsync([.. Form.Attachments.Select(a => a.Id)], cancellationToken);
        var dropped = new List<Guid>();
        var overTotal = false;
        while (Form.Attachments.LastOrDefault(a => fresh.Contains(a.Id)) is { } newest)
        {
            var tooMany = Form.Attachments.Count > options.MaxAttachments;
            if (
                !tooMany
                && Form.Attachments.Sum(a => sizes.GetValueOrDefault(a.Id)) <= options.MaxReportAttachmentBytes
            )
            {
                break;
            }

            Form.Attachments.Remove(newest);
            dropped.Add(newest.Id);
            if (tooMany)
            {
                refused.Add(
                    ReportForm.AttachmentsField,
                    ValidationCode.AttachmentTooMany,
                    newest.Name,
                    options.MaxAttachments
                );
            }
            else
            {
                refused.Add(
                    ReportForm.AttachmentsField,
                    ValidationCode.AttachmentsOverTotal,
                    newest.Name,
                    options.MaxReportAttachmentMegabytes
                );
                overTotal = true;
            }
        }

        await attachments.DiscardAsync(dropped, cancellationToken);
        return overTotal;
    }

    private void AddErrors(FieldErrors errors)
    {
        foreach (var error in errors.Items)
        {
            Errors.Add(new FieldMessage(Form.FieldOf(error.Field), ValidationMessages.For(error, Language)));
        }

        ViewData["HasErrors"] = Errors.Count > 0;
    }
}
