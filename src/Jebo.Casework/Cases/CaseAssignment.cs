using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>The steps that move a case between offices and people: assigning it down to an office below and to a person
/// of the office that then holds it, transferring it elsewhere (a take-over when the office above takes it into its own
/// hands), and correcting its category or region (<c>reclassify</c>), which routes it again when the region moves to
/// another province. A case that leaves an office leaves its assignee too. No move takes a case into the sight of an
/// office whose officials it names (<see cref="OfficialTies"/>) or out of the sight of the office supervising it (<see
/// cref="CasePermissions.MoveRefusal"/>).</summary>
public sealed class CaseAssignment(
    CaseworkDb db,
    OfficeTree offices,
    OfficialTies ties,
    CaseRouting routing,
    RegionDataset regions,
    CategoryList categories
)
{
    public async Task<CaseActionOutcome?> AssignAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var target = s.Request.Office ?? s.Case.OfficeCode;
        if (s.Request.Office is not null)
        {
            if (!offices.Exists(target))
            {
                return CaseActionOutcome.Field("office", Refusals.Text("Refusal.NoOffice", target));
            }

            if (!offices.IsAbove(s.Case.OfficeCode, target))
            {
                return CaseActionOutcome.Field("office", Refusals.Text("Refusal.AssignDown", s.Case.OfficeCode));
            }

            if (ties.MoveRefusal(await TiesAsync(s.Case, s.Case.Region, cancellationToken), target) is { } named)
            {
                return s.Conflict(named);
            }
        }

        string? assignee = null;
        if (s.Request.Assignee is { } login)
        {
            var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Login == login, cancellationToken);
            if (person is null || !CasePermissions.MayBeAssigned(person, target))
            {
                // The same words whether the login exists elsewhere or not at all: an assignment reveals no account
                // outside the office.
                return CaseActionOutcome.Field("assignee", Refusals.Text("Refusal.NoAssignee", login, target));
            }

            assignee = person.Login;
        }

        s.Details["previousAssignee"] = s.Case.Assignee;
        s.Details["assignee"] = assignee;
        s.Case.OfficeCode = target;
        s.Case.Assignee = assignee;
        s.Case.Status = s.Next;
        return null;
    }

    public async Task<CaseActionOutcome?> TransferAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var target = s.Request.Office!;
        if (!offices.Exists(target))
        {
            return CaseActionOutcome.Field("office", Refusals.Text("Refusal.NoOffice", target));
        }

        if (target == s.Case.OfficeCode)
        {
            return CaseActionOutcome.Field("office", Refusals.Text("Refusal.SameOffice"));
        }

        if (CasePermissions.MoveRefusal(s.Case, target, offices) is { } supervised)
        {
            return s.Conflict(supervised);
        }

        if (ties.MoveRefusal(await TiesAsync(s.Case, s.Case.Region, cancellationToken), target) is { } named)
        {
            return s.Conflict(named);
        }

        // An office above taking a case into its own hands is a take-over; the trail says so.
        s.Details["takeover"] = target == s.Staff.OfficeCode && offices.IsAbove(target, s.Case.OfficeCode);
        if (s.Case.Assignee is not null)
        {
            s.Details["previousAssignee"] = s.Case.Assignee;
            s.Case.Assignee = null;
        }

        s.Case.OfficeCode = target;
        return null;
    }

    /// <summary>Corrects the category and/or the region. A region in another province than before routes the case as
    /// import would (<see cref="CaseRouting"/>); so does a correction that ties the office holding it to officials the
    /// case names. The move obeys supervision like a transfer; the trail keeps both values before and after.</summary>
    public async Task<CaseActionOutcome?> ReclassifyAsync(CaseStep s, CancellationToken cancellationToken)
    {
        var (c, request) = (s.Case, s.Request);
        if (request.Category is { } category && !categories.IsKnown(category))
        {
            return CaseActionOutcome.Field("category", Refusals.Text("Field.Category"));
        }

        if (request.Region is { } region && !regions.IsKnown(region))
        {
            return CaseActionOutcome.Field("region", Refusals.Text("Field.Region"));
        }

        var (newCategory, newRegion) = (request.Category ?? c.Category, request.Region ?? c.Region);
        if (newCategory == c.Category && newRegion == c.Region)
        {
            return CaseActionOutcome.Field("category", Refusals.Text("Field.ReclassifySame"));
        }

        var tied = await TiesAsync(c, newRegion, cancellationToken);
        var province = regions.ProvinceOf(newRegion)?.Code;
        var target =
            province != regions.ProvinceOf(c.Region)?.Code || ties.TiedProvince(tied, c.OfficeCode) is not null
                ? routing.OfficeFor(newRegion, tied)
                : c.OfficeCode;
        if (target != c.OfficeCode)
        {
            if (CasePermissions.MoveRefusal(c, target, offices) is { } supervised)
            {
                return s.Conflict(supervised);
            }

            s.Details["reroutedTo"] = target;
            if (c.Assignee is not null)
            {
                s.Details["previousAssignee"] = c.Assignee;
                c.Assignee = null;
            }

            c.OfficeCode = target;
        }

        if (tied.Count > 0)
        {
            s.Details["officialsTiedTo"] = tied.Order(StringComparer.Ordinal).ToArray();
        }

        // Before and after, flat, so the timeline shows them as the trail keeps them.
        (s.Details["categoryBefore"], s.Details["categoryAfter"]) = (c.Category, newCategory);
        (s.Details["regionBefore"], s.Details["regionAfter"]) = (c.Region, newRegion);
        (c.Category, c.Region) = (newCategory, newRegion);
        return null;
    }

    /// <summary>The provinces whose offices may not hold the case, from the officials its reports name, were its region
    /// <paramref name="region"/>.</summary>
    private async Task<IReadOnlySet<string>> TiesAsync(CaseRecord c, string region, CancellationToken cancellationToken)
    {
        var contents = await db
            .Reports.AsNoTracking()
            .HeldBy(c.Id)
            .Select(r => r.Content)
            .ToListAsync(cancellationToken);
        return ties.ProvincesOf(
            contents.Select(json =>
                JsonSerializer.Deserialize<ReportContent>(json, TransferJson.Options) ?? new ReportContent()
            ),
            region
        );
    }
}
