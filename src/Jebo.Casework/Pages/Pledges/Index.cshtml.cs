using System.Globalization;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Pledges;

/// <summary>The pledge register (<see cref="PledgeRegister"/>) for administrators and auditors, within their office
/// subtree: who accepted which version, when, how and before whom, and who has not yet accepted the current version.
/// An administrator enters here a pledge signed on paper, with the date signed and the witness.</summary>
public sealed class IndexModel(PledgeRegister pledges, PlatformTimeZone zone, TimeProvider time) : StaffPageModel
{
    public PledgeRegisterView Register { get; private set; } = new(0, [], []);

    /// <summary>Whether the reader may enter paper acceptances (for the accounts they manage).</summary>
    public bool MayRecordPaper => Staff.Role == Roles.Administrator;

    /// <summary>Today in Seoul, the latest date a paper pledge may carry.</summary>
    public string Today => zone.DateOf(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Why the last paper acceptance was refused, if it was.</summary>
    public PledgeRefusal? Refusal { get; private set; }

    /// <summary>The login whose paper acceptance was just entered.</summary>
    public string? Recorded { get; private set; }

    public string? Login { get; private set; }
    public string? Witness { get; private set; }
    public string? SignedOn { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!PledgeRegister.MayRead(Staff.Role))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Register = await pledges.ReadAsync(Staff, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostPaperAsync(string? login, string? witness, string? signedOn, int version)
    {
        if (!MayRecordPaper)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        (Login, Witness, SignedOn) = (login, witness?.Trim(), signedOn);
        DateOnly? day = DateOnly.TryParseExact(
            signedOn,
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var parsed
        )
            ? parsed
            : null;
        Refusal = await pledges.RecordPaperAsync(Staff, login, Witness, day, version, HttpContext.RequestAborted);
        if (Refusal == PledgeRefusal.NoSuchPerson)
        {
            return NotFound();
        }

        if (Refusal is null)
        {
            (Recorded, Login, Witness, SignedOn) = (login, null, null, null);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Register = await pledges.ReadAsync(Staff, HttpContext.RequestAborted);
        return Page();
    }
}
