using System.Globalization;
using System.Text.Json;
using Jebo.Casework.Staff;
using Jebo.Casework.Transfer;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Cases;

/// <summary>Entering by hand a clue received by phone, letter, visit or from another agency: the form builds the body
/// of <c>POST /api/v1/cases</c> and calls the same service (<see cref="ClueEntry"/>), so the form and the API check
/// and create alike. The time it was received is written on the Seoul clock. A receipt asked for is shown on the answer
/// page this once, to hand over (never in an address, and the page is not cached).</summary>
public sealed class NewModel(ClueEntry entry, PlatformTimeZone zone) : StaffPageModel
{
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    /// <summary>What was posted, to show again when something needs attention.</summary>
    public IFormCollection? Posted { get; private set; }

    /// <summary>The receipt to hand to the person, after a clue entered with one; null otherwise.</summary>
    public string? IssuedReceipt { get; private set; }

    /// <summary>The case the clue opened, shown with its receipt.</summary>
    public string? CaseId { get; private set; }

    public string Value(string field) => Posted?[field].ToString() ?? "";

    public string? ErrorFor(string field) =>
        Errors.TryGetValue(field, out var messages) ? string.Join("; ", messages) : null;

    public IActionResult OnGet() => CasePermissions.MayEnterClues(Staff.Role) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CasePermissions.MayEnterClues(Staff.Role))
        {
            return Forbid();
        }

        Posted = Request.Form;
        var outcome = await entry.EnterAsync(Staff, Body(), HttpContext.RequestAborted);
        if (outcome.CaseId is { } id)
        {
            if (outcome.Receipt is { } receipt)
            {
                // Shown here, once: a redirect would have to carry it in the address.
                (CaseId, IssuedReceipt, Posted) = (id, receipt, null);
                return Page();
            }

            return Redirect($"/cases/{Uri.EscapeDataString(id)}");
        }

        Errors = outcome.Errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The form as the API's body: a report's fields, its source and when it was received.</summary>
    private JsonElement Body()
    {
        string? Field(string name) => Value(name).Trim() is { Length: > 0 } text ? text : null;
        var named = Value("reporter.mode") == "named";
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["source"] = Field("source"),
            ["receipt"] = Value("receipt") == "true",
            ["receivedAt"] = ReceivedAt(Field("receivedAt")),
            ["language"] = Field("language"),
            ["category"] = Field("category"),
            ["region"] = Field("region"),
            ["reporter"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["anonymous"] = !named,
                ["name"] = Field("reporter.name"),
                ["phone"] = Field("reporter.phone"),
                ["contactConsent"] = named && Value("reporter.contactConsent") == "true",
            },
            ["facts"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["when"] = Field("facts.when"),
                ["where"] = Field("facts.where"),
                ["description"] = Field("facts.description"),
            },
        };
        if (Field("subject.name") is { } subject)
        {
            body["subjects"] = new[] { new Dictionary<string, string?> { ["name"] = subject } };
        }

        return JsonSerializer.SerializeToElement(body);
    }

    /// <summary>A <c>datetime-local</c> value is a Seoul wall-clock time; the API takes it with its offset.</summary>
    private string? ReceivedAt(string? local)
    {
        if (local is null)
        {
            return null;
        }

        if (
            !DateTime.TryParseExact(
                local,
                ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var wall
            )
        )
        {
            return local;
        }

        var offset = zone.Zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToString("O", CultureInfo.InvariantCulture);
    }
}
