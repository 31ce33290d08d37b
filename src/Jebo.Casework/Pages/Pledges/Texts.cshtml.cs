using Jebo.Casework.Data;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Pledges;

/// <summary>The pledge's versions, each in Korean, English and Chinese, for administrators and auditors; the national
/// administrator publishes a new version here (<see cref="PledgeRegister.PublishAsync"/>), after which everyone
/// accepts it again.</summary>
public sealed class TextsModel(PledgeRegister pledges) : StaffPageModel
{
    public IReadOnlyList<PledgeText> Versions { get; private set; } = [];

    public bool MayPublish => PledgeRegister.MayPublish(Staff);

    /// <summary>The texts in the form: the current version's to start from, or what was posted.</summary>
    public string Text { get; private set; } = "";
    public string TextEn { get; private set; } = "";
    public string TextZh { get; private set; } = "";

    public PledgeRefusal? Refusal { get; private set; }

    /// <summary>The version just published.</summary>
    public int? Published { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!PledgeRegister.MayRead(Staff.Role))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? text, string? textEn, string? textZh)
    {
        Refusal = await pledges.PublishAsync(Staff, text, textEn, textZh, HttpContext.RequestAborted);
        if (Refusal == PledgeRefusal.NotNationalAdministrator)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await LoadAsync();
        if (Refusal is null)
        {
            Published = Versions[0].Version;
        }
        else
        {
            (Text, TextEn, TextZh) = (text ?? "", textEn ?? "", textZh ?? "");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private async Task LoadAsync()
    {
        Versions = await pledges.VersionsAsync(HttpContext.RequestAborted);
        if (Versions.Count > 0)
        {
            (Text, TextEn, TextZh) = (Versions[0].Text, Versions[0].TextEn, Versions[0].TextZh);
        }
    }
}
