using Jebo.Casework.Api;
using Jebo.Casework.Sampling;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Samples;

/// <summary>The month's callback sample as a queue (<see cref="CallbackSampling.ReadAsync"/>, the same as
/// <c>GET /api/v1/samples/{month}</c>): the sampled cases of the person's jurisdiction, each with its callback once
/// recorded. The phone for the call is shown on the case page through its audited identity showing, with the
/// callback as the purpose; the callback is recorded there with <c>record-callback</c>.</summary>
public sealed class IndexModel(CallbackSampling sampling, PlatformTimeZone zone, TimeProvider time) : StaffPageModel
{
    public string Month { get; private set; } = "";
    public CallbackSampleView? Sample { get; private set; }
    public bool MaySeeIdentity => CasePermissions.MaySeeIdentity(Staff.Role);

    public async Task<IActionResult> OnGetAsync(string? month)
    {
        if (!CasePermissions.MayReadCases(Staff.Role))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Month = month ?? CallbackSampling.DueMonth(time.GetUtcNow(), zone);
        if (!SamplesApi.IsMonth(Month))
        {
            return NotFound();
        }

        Sample = await sampling.ReadAsync(Staff, Month, HttpContext.RequestAborted);
        return Page();
    }
}
