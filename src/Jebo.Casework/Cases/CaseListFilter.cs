using System.Globalization;
using Jebo.Casework.Localization;
using Jebo.Casework.Search;

namespace Jebo.Casework.Cases;

/// <summary>What a case list asks for (<c>GET /api/v1/cases</c> and the case list page): filters, free text, order and
/// the page. Every filter only narrows what the caller's jurisdiction already allows.</summary>
public sealed record CaseListFilter
{
    public const string Overdue = "overdue";
    public const string Soon = "soon";

    /// <summary>The orders a list may take; a leading <c>-</c> reverses one. <c>priority</c> is the screening queue's
    /// order (the highest screening priority first, then the acceptance deadline, then the case id).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["received", "due", "score", "priority"];

    public string? Status { get; init; }
    public string? Office { get; init; }
    public string? Query { get; init; }
    public string? Category { get; init; }
    public string? Region { get; init; }

    /// <summary>Received on or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Received before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary><see cref="Overdue"/> or <see cref="Soon"/> (the next deadline within the due-soon days).</summary>
    public string? Due { get; init; }

    /// <summary>The login of the person the case is assigned to; <c>me</c> is the caller
    /// (<see cref="CaseQueries.AssigneeLogin"/>).</summary>
    public string? Assignee { get; init; }

    public bool? Supervised { get; init; }
    public bool? HasContact { get; init; }

    /// <summary>One of <see cref="Sorts"/>, maybe with a leading <c>-</c>; null for the default: most recently received
    /// first, or the best match first when searching.</summary>
    public string? Sort { get; init; }

    /// <summary>The <see cref="CasePage.Next"/> of the page before, for keyset paging.</summary>
    public string? After { get; init; }

    public int Page { get; init; } = 1;

    /// <summary>The filter a query string asks for, with a reason for every parameter that cannot be one (the field
    /// name is the parameter's). <c>from</c> and <c>to</c> take a date (<c>2026-12-01</c>, a calendar day in the
    /// platform's time zone, both days included) or an instant with its offset; <paramref name="startOfDay"/> turns a
    /// date into the instant it begins.</summary>
    public static (CaseListFilter Filter, Dictionary<string, string[]> Errors) Parse(
        Func<string, string?> parameter,
        Func<DateOnly, DateTimeOffset> startOfDay
    )
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Text(string name) => parameter(name) is { Length: > 0 } value ? value : null;
        bool? Flag(string name)
        {
            switch (Text(name))
            {
                case null:
                    return null;
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    errors[name] = [Refusals.Text("Field.Boolean")];
                    return null;
            }
        }

        DateTimeOffset? Instant(string name, bool end)
        {
            var text = Text(name);
            if (text is null)
            {
                return null;
            }

            if (
                DateOnly.TryParseExact(
                    text,
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var day
                )
            )
            {
                return startOfDay(end ? day.AddDays(1) : day);
            }

            if (
                DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var instant
                )
            )
            {
                return instant;
            }

            errors[name] = [Refusals.Text("Field.DateOrInstant")];
            return null;
        }

        var due = Text("due");
        if (due is not null and not (Overdue or Soon))
        {
            errors["due"] = [Refusals.Text("Field.OneOf", "overdue, soon")];
            due = null;
        }

        var sort = Text("sort");
        if (sort is not null && !Sorts.Contains(sort.TrimStart('-')))
        {
            errors["sort"] = [Refusals.Text("Field.Sort")];
            sort = null;
        }

        var page = 1;
        if (
            Text("page") is { } pageText
            && (!int.TryParse(pageText, CultureInfo.InvariantCulture, out page) || page < 1)
        )
        {
            errors["page"] = [Refusals.Text("Field.Page")];
            page = 1;
        }

        var filter = new CaseListFilter
        {
            Status = Text("status"),
            Office = Text("office"),
            Query = Text("q"),
            Category = Text("category"),
            Region = Text("region"),
            Assignee = Text("assignee"),
            From = Instant("from", end: false),
            To = Instant("to", end: true),
            Due = due,
            Supervised = Flag("supervised"),
            HasContact = Flag("hasContact"),
            Sort = sort,
            After = Text("after"),
            Page = Math.Min(page, 1_000_000),
        };
        if (filter.After is { } after && !CaseListCursor.TryRead(after, filter.OrderName, out _))
        {
            errors["after"] = [Refusals.Text("Field.After")];
        }

        return (filter, errors);
    }

    /// <summary>True when nothing but an office narrows the list: the caller's whole jurisdiction, or an office's,
    /// whatever the order and the page.</summary>
    public bool OnlyByOffice =>
        Status is null
        && Query is null
        && Category is null
        && Region is null
        && From is null
        && To is null
        && Due is null
        && Assignee is null
        && Supervised is null
        && HasContact is null;

    /// <summary>The filter as the audit trail keeps it with a list or an export, the search words included.</summary>
    public object Recorded =>
        new
        {
            Status,
            Office,
            q = Query,
            Category,
            Region,
            From,
            To,
            Due,
            Supervised,
            HasContact,
            Sort,
            After,
            Assignee,
            Page,
        };

    /// <summary>The order this filter lists in, as named in a cursor: a sort, or <c>match</c> for the best match
    /// first.</summary>
    public string OrderName =>
        Sort ?? (Query is not null && SearchTerms.Query(Query) is not null ? CaseListCursor.Match : "-received");
}
