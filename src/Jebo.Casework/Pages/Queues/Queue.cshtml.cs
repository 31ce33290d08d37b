using Jebo.Casework.Cases;
using Jebo.Casework.Queues;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Queues;

/// <summary>The office's work queues (<see cref="CaseQueues"/>): supervised cases, deadlines due soon, overdue cases
/// and cases escalated to it — always within its jurisdiction, soonest deadline first.</summary>
public sealed class QueueModel(CaseQueues queues) : StaffPageModel
{
    public string Name { get; private set; } = "";
    public CasePage Result { get; private set; } = new([], 0, 1, CaseQueries.PageSize);
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(string name, [FromQuery(Name = "page")] int? page)
    {
        if (!CaseQueues.All.Contains(name))
        {
            return NotFound();
        }

        Name = name;
        Result = (await queues.ReadAsync(Staff, name, Math.Clamp(page ?? 1, 1, 100_000), HttpContext.RequestAborted))!;
        return Page();
    }
}
