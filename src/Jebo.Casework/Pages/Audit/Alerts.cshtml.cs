using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Audit;

/// <summary>The security alerts (<see cref="SecurityAlerts"/>): unusually many cases or identities shown by one
/// person, repeated failed sign-ins, a quarantined bundle, a broken chain. For the roles
/// <see cref="CasePermissions.MaySeeSecurityAlerts"/> names, as in <c>GET /api/v1/alerts</c>.</summary>
public sealed class AlertsModel(SecurityAlerts alerts) : StaffPageModel
{
    public IReadOnlyList<SecurityAlert> Alerts { get; private set; } = [];

    /// <summary>Whether the reader may follow an alert into the log (a national supervisor sees alerts, not the
    /// log).</summary>
    public bool MayReadLog => CasePermissions.MayReadWholeAuditLog(Staff.Role);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!CasePermissions.MaySeeSecurityAlerts(Staff))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Alerts =
        [
            .. (await alerts.CurrentAsync(HttpContext.RequestAborted))
                .OrderBy(a => a.Severity == "critical" ? 0 : 1)
                .ThenByDescending(a => a.Since),
        ];
        return Page();
    }
}
