using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Offices;
using Jebo.Casework.Web;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Pages.Offices;

/// <summary>The offices of the person's jurisdiction: their own and every one below it, with how many staff and open
/// cases each has (counts only of what they may see).</summary>
public sealed class IndexModel(CaseworkDb db, OfficeTree offices, CaseQueries queries) : StaffPageModel
{
    public IReadOnlyList<Office> Offices { get; private set; } = [];
    public Dictionary<string, int> StaffCount { get; private set; } = [];
    public Dictionary<string, int> OpenCases { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var subtree = offices.Subtree(Staff.OfficeCode);
        var all = await db.Offices.AsNoTracking().ToListAsync(HttpContext.RequestAborted);
        Offices =
        [
            .. all.Where(o => subtree.Contains(o.Code))
                .OrderBy(
                    o =>
                        o.Level == 0 ? ""
                        : o.Level == 1 ? o.Code
                        : o.ParentCode,
                    StringComparer.Ordinal
                )
                .ThenBy(o => o.Level)
                .ThenBy(o => o.Code, StringComparer.Ordinal),
        ];
        StaffCount = await db
            .Users.AsNoTracking()
            .Where(u => u.DisabledAt == null && subtree.Contains(u.OfficeCode))
            .GroupBy(u => u.OfficeCode)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
        OpenCases = await queries
            .Visible(Staff)
            .Where(c =>
                c.Status != CaseStatus.Closed && c.Status != CaseStatus.Merged && c.Status != CaseStatus.NotAccepted
            )
            .GroupBy(c => c.OfficeCode)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
    }
}
