using System.Linq.Expressions;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Screening;
using Jebo.Casework.Search;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>Reads cases within the caller's jurisdiction; every showing of a case or an identity, and every list or
/// search, is audited.</summary>
/// <remarks>Security: a case outside the caller's office subtree is reported as not found, never as forbidden, so its
/// existence is not revealed (<see cref="Jurisdiction"/>). Need to know (<see cref="CasePermissions"/>): an auditor
/// sees content only with a stated purpose, and an identity is shown only with one; a search leaves who asked what and
/// how many cases answered, so looking up whether someone was reported leaves a trace.</remarks>
public sealed partial class CaseQueries(
    CaseworkDb db,
    Jurisdiction jurisdiction,
    FourEyes fourEyes,
    CaseClock clock,
    AuditLog audit,
    TimeProvider time,
    ClueIndex clues,
    CaseSearch caseSearch,
    RelatedCaseDisclosure disclosure,
    RepetitionThresholds repetition,
    JurisdictionCounts counts
)
{
    public const int PageSize = 50;

    /// <summary>The longest purpose a person may give for reading content or an identity.</summary>
    public const int MaxPurpose = 500;

    /// <summary>The purpose as given, trimmed; null when none was given or it is too long to be one.</summary>
    public static string? Purpose(string? given) =>
        given?.Trim() is { Length: > 0 and <= MaxPurpose } purpose ? purpose : null;

    /// <summary>The cases of the caller's office and every office below it.</summary>
    public IQueryable<CaseRecord> Visible(StaffPrincipal staff) => jurisdiction.Filter(db.Cases.AsNoTracking(), staff);

    /// <summary>One page of the cases of the caller's jurisdiction that pass <paramref name="filter"/>, in its order;
    /// with free text, only cases whose reports or follow-ups hold it (<see cref="CaseSearch"/>), each with the
    /// passage that matched (not for a role that reads content only with a stated purpose).</summary>
    public async Task<CasePage> ListAsync(
        StaffPrincipal staff,
        CaseListFilter filter,
        CancellationToken cancellationToken
    )
    {
        var matching = await MatchingAsync(staff, filter, cancellationToken);
        var result = await PageAsync(
            matching,
            filter,
            async () => (await MatchingAsync(staff, filter, cancellationToken, InReceivedOrder())).Rows,
            cancellationToken
        );
        if (!result.TotalExact && filter.OnlyByOffice)
        {
            // More than a list counts, in a jurisdiction's whole list: its count of a moment ago, not "at least".
            var scope = filter.Office ?? staff.OfficeCode;
            result = result with
            {
                Total = Math.Max(result.Total, await counts.CountAsync(scope, matching.Rows, cancellationToken)),
            };
        }
        if (
            matching.Search is { } search
            && result.Items.Count > 0
            && !CasePermissions.NeedsPurposeForContent(staff.Role)
        )
        {
            var excerpts = await caseSearch.ExcerptsAsync(
                [.. result.Items.Select(i => i.Id)],
                search,
                cancellationToken
            );
            result = result with { Items = [.. result.Items.Select(i => i with { Match = excerpts[i.Id] })] };
        }

        await RecordListingAsync(staff, "cases", filter.Recorded, result.Total, cancellationToken);
        return result;
    }

    /// <summary>Every case of the caller's jurisdiction that passes <paramref name="filter"/>, in its order, whatever
    /// its page or cursor, up to <paramref name="limit"/> of them: the list as a whole, for an export, which its caller
    /// records. With free text, the cases of the search's window (<see cref="CaseSearch.Window"/>). Without the
    /// matching passages: an export holds no report content.</summary>
    public async Task<IReadOnlyList<CaseSummary>> AllAsync(
        StaffPrincipal staff,
        CaseListFilter filter,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var matching = await MatchingAsync(staff, filter, cancellationToken);
        var order = filter.OrderName;
        if (order == CaseListCursor.Match && matching.Ranks is { } ranks)
        {
            return [.. (await ByRankAsync(matching, [.. ranks.Keys], cancellationToken)).Take(limit)];
        }

        var ordered = InOrder(matching.Rows, order, default, null);
        return [.. (await Lines(ordered.Take(limit)).ToListAsync(cancellationToken)).Select(l => l.Summary)];
    }

    /// <summary>The most cases a list counts; beyond it the total reads "at least" (<see cref="CasePage.TotalExact"/>),
    /// so that a list of a million cases is not counted on every page.</summary>
    /// <remarks>Tried at 100,000 (so that a program seeding that many reads their number): at a million cases a
    /// province's list of 100,000 then counted exactly, and was read through the office index and sorted in full,
    /// 140–300 ms a page on SQLite where it takes 12–47 ms with this limit (docs/benchmarks.md).</remarks>
    public const int CountLimit = 10_000;

    /// <summary>What a filter finds: the cases that pass it (each with how well it matched); with free text, the search
    /// asked for and the best rank of each case of its window, and whether the window was filled (then more cases
    /// match than it holds).</summary>
    private sealed record Matched(
        IQueryable<ListedCase> Rows,
        SearchQuery? Search,
        Dictionary<string, double>? Ranks,
        bool WindowFull,
        IQueryable<CaseRecord>? Passing = null
    );

    /// <summary>
    /// The cases of the caller's jurisdiction that pass the filters and the assignee, and, with free text, the search's
    /// window: the newest <see cref="CaseSearch.Window"/> documents that match and whose cases pass the filters, read
    /// newest first through the full-text index narrowed to the offices asked for (the caller's jurisdiction or the
    /// office filter), each case ranked by its best document.
    /// </summary>
    /// <remarks>Reading a window, not every match, keeps a search as fast at a million cases as at a thousand
    /// (docs/benchmarks.md): a word found in a hundred thousand reports ranks the newest thousand, and says that more
    /// match. Dates, office and other filters narrow the window, so older cases are reached by narrowing the search.
    /// The index's office is only a narrowing: who may see a case is decided by <see cref="Visible"/> in the same
    /// query.</remarks>
    private async Task<Matched> MatchingAsync(
        StaffPrincipal staff,
        CaseListFilter filter,
        CancellationToken cancellationToken,
        IQueryable<CaseRecord>? source = null
    )
    {
        var cases = Filtered(jurisdiction.Filter(source ?? db.Cases.AsNoTracking(), staff), filter, time.GetUtcNow());
        if (AssigneeLogin(staff, filter.Assignee) is { } login)
        {
            cases = cases.Where(c => c.Assignee == login);
        }

        var search = filter.Query is { } text ? SearchTerms.Query(text) : null;
        if (filter.Query?.Trim().ToUpperInvariant() is { } asId && CaseIdPattern().IsMatch(asId))
        {
            return new(
                cases.Where(c => c.Id == asId).Select(c => new ListedCase { Case = c, Rank = 0 }),
                search,
                null,
                false
            );
        }

        if (filter.Query is null)
        {
            return new(cases.Select(c => new ListedCase { Case = c, Rank = 0 }), null, null, false);
        }

        var scope =
            filter.Office is { } office ? fourEyes.Offices.Subtree(office)
            : staff.OfficeCode == RegionDataset.National ? null
            : fourEyes.Offices.Subtree(staff.OfficeCode);
        if (search is null || scope is { Count: 0 })
        {
            // Nothing in the words can be searched for (only punctuation, say), or no office to search in.
            return new(cases.Where(c => false).Select(c => new ListedCase { Case = c, Rank = 0 }), search, [], false);
        }

        var (window, full) = await WindowAsync(search, scope, cases, cancellationToken);
        var ranks = window
            .GroupBy(h => h.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(h => h.Rank), StringComparer.Ordinal);
        var ids = ranks.Keys.ToList();
        return new(
            cases.Where(c => EF.Parameter(ids).Contains(c.Id)).Select(c => new ListedCase { Case = c, Rank = 0 }),
            search,
            ranks,
            full,
            cases
        );
    }

    /// <summary>The most batches of <see cref="CaseSearch.Window"/> documents one search reads before it stops and says
    /// that more may match: filters that pass few cases are reached by narrowing, not by reading the whole
    /// index.</summary>
    public const int WindowBatches = 10;

    /// <summary>A search's window: the newest <see cref="CaseSearch.Window"/> matching documents whose cases pass the
    /// filters (<paramref name="cases"/>), with each document's case and rank; and whether more may match.</summary>
    /// <remarks>The documents are read newest first in batches of a window's size, from the full-text index alone,
    /// and only each batch is joined to its reports and cases. Joined before the limit, a word in a hundred thousand
    /// reports made PostgreSQL join every match before keeping the newest thousand (0.5–1 s at a million cases;
    /// docs/benchmarks.md). Most searches take one batch; a filter that passes few of the matches takes more, up to
    /// <see cref="WindowBatches"/>.</remarks>
    private async Task<(List<(string CaseId, double Rank)> Hits, bool Full)> WindowAsync(
        SearchQuery search,
        IReadOnlyCollection<string>? scope,
        IQueryable<CaseRecord> cases,
        CancellationToken cancellationToken
    )
    {
        var hits = new List<(string CaseId, double Rank)>(CaseSearch.Window);
        long? before = null;
        for (var batch = 0; batch < WindowBatches; batch++)
        {
            var documents = caseSearch.Documents(search, scope);
            if (before is { } number)
            {
                documents = documents.Where(d => d.Number < number);
            }

            var newest = await documents
                .OrderByDescending(d => d.Number)
                .Take(CaseSearch.Window)
                .Select(d => new
                {
                    d.Number,
                    d.ReportId,
                    d.Rank,
                })
                .ToListAsync(cancellationToken);
            if (newest.Count == 0)
            {
                return (hits, false);
            }

            var reports = newest.Select(d => d.ReportId).ToList();
            var passing = await (
                from report in db.Reports
                where EF.Parameter(reports).Contains(report.Id)
                join c in cases on report.CaseId equals c.Id
                select new { report.Id, CaseId = c.Id }
            ).ToDictionaryAsync(r => r.Id, r => r.CaseId, cancellationToken);
            foreach (var document in newest)
            {
                if (passing.TryGetValue(document.ReportId, out var caseId))
                {
                    hits.Add((caseId, document.Rank));
                    if (hits.Count == CaseSearch.Window)
                    {
                        return (hits, true);
                    }
                }
            }

            if (newest.Count < CaseSearch.Window)
            {
                return (hits, false);
            }

            before = newest[^1].Number;
        }

        return (hits, true);
    }

    /// <summary>The cases that pass the filters (all but the free text).</summary>
    private IQueryable<CaseRecord> Filtered(IQueryable<CaseRecord> cases, CaseListFilter filter, DateTimeOffset now)
    {
        if (filter.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (filter.Office is { } office)
        {
            var subtree = fourEyes.Offices.Subtree(office);
            cases = cases.Where(c => subtree.Contains(c.OfficeCode));
        }

        if (filter.Category is { } category)
        {
            cases = cases.Where(c => c.Category == category);
        }

        if (filter.Region is { } region)
        {
            // A region code names itself and the districts below it (26 → 26380).
            cases = cases.Where(c => c.Region == region || c.Region.StartsWith(region));
        }

        if (filter.From is { } from)
        {
            cases = cases.Where(c => c.ReceivedAt >= from);
        }

        if (filter.To is { } to)
        {
            cases = cases.Where(c => c.ReceivedAt < to);
        }

        if (filter.Due == CaseListFilter.Overdue)
        {
            cases = cases.Where(c => c.NextDueAt != null && c.NextDueAt <= now);
        }
        else if (filter.Due == CaseListFilter.Soon)
        {
            var soon = clock.DueSoonUntil(now);
            cases = cases.Where(c => c.NextDueAt != null && c.NextDueAt > now && c.NextDueAt <= soon);
        }

        if (filter.Supervised is { } supervised)
        {
            cases = cases.Where(c => c.Supervised == supervised);
        }

        if (filter.HasContact is { } hasContact)
        {
            cases = cases.Where(c => c.HasContact == hasContact);
        }

        return cases;
    }

    /// <summary>One page of listed cases in the filter's order, from its page number or after its cursor, with the
    /// cursor of the page that follows.</summary>
    /// <remarks>When more cases pass the filters than a list counts, the page is read in the order of receipt through
    /// that order's index (<paramref name="inReceivedOrder"/>), which finds a page among many cases at once; with
    /// fewer, the database picks the index of the filters and sorts what they find.</remarks>
    private async Task<CasePage> PageAsync(
        Matched matching,
        CaseListFilter filter,
        Func<Task<IQueryable<ListedCase>>> inReceivedOrder,
        CancellationToken cancellationToken
    )
    {
        var order = filter.OrderName;
        CaseListCursor.TryRead(filter.After ?? "", order, out var after);
        var from = filter.After is null ? null : after.CaseId;
        var page = Math.Clamp(filter.Page, 1, 1_000_000);
        if (order == CaseListCursor.Match && matching.Ranks is { } ranks)
        {
            return await RankedPageAsync(
                matching,
                ranks,
                page,
                from is null ? null : (after.Rank, from),
                cancellationToken
            );
        }

        int total;
        bool exact;
        if (matching.Ranks is { } found)
        {
            (total, exact) = (found.Count, !matching.WindowFull);
        }
        else
        {
            var counted = await matching.Rows.Take(CountLimit + 1).CountAsync(cancellationToken);
            (total, exact) = (Math.Min(counted, CountLimit), counted <= CountLimit);
        }

        var rows =
            !exact && matching.Search is null && order.TrimStart('-') == "received" && db.Database.IsSqlite()
                ? await inReceivedOrder()
                : matching.Rows;
        var ordered = InOrder(rows, order, after, from);
        var lines = await Lines((from is null ? ordered.Skip((page - 1) * PageSize) : ordered).Take(PageSize + 1))
            .ToListAsync(cancellationToken);
        string? next = null;
        if (lines.Count > PageSize)
        {
            lines.RemoveAt(PageSize);
            var last = lines[^1].Summary;
            next = order.TrimStart('-') switch
            {
                "due" => CaseListCursor.Write(order, (last.NextDueAt ?? NoDeadline).UtcTicks, last.Id),
                "score" => CaseListCursor.Write(order, (long)(last.Score ?? -1), last.Id),
                "priority" => CaseListCursor.Write(
                    order,
                    PriorityPosition(last.Priority, last.AcceptanceDueAt ?? NoDeadline),
                    last.Id
                ),
                _ => CaseListCursor.Write(order, last.ReceivedAt.UtcTicks, last.Id),
            };
        }

        return new CasePage([.. lines.Select(l => l.Summary)], total, page, PageSize, next) { TotalExact = exact };
    }

    /// <summary>The cases, read through the index of their time of receipt: SQLite's planner prefers the index of an
    /// equality filter (an office, a status) and then sorts every case it finds, a hundred thousand for a province,
    /// where reading in order finds a page of them at once (docs/benchmarks.md).</summary>
    private IQueryable<CaseRecord> InReceivedOrder() =>
        db.Cases.FromSqlRaw("SELECT * FROM cases INDEXED BY \"IX_cases_ReceivedAt\"").AsNoTracking();

    /// <summary>A page of a search's window, best match first (lowest rank, then case id): ordered here, since the
    /// window is at most <see cref="CaseSearch.Window"/> cases; only the page's cases are read.</summary>
    private async Task<CasePage> RankedPageAsync(
        Matched matching,
        Dictionary<string, double> ranks,
        int page,
        (double Rank, string CaseId)? after,
        CancellationToken cancellationToken
    )
    {
        var ordered = ranks
            .OrderBy(r => r.Value)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (Id: r.Key, Rank: r.Value));
        var remaining = after is { } cursor
            ? ordered.SkipWhile(r =>
                r.Rank < cursor.Rank || (r.Rank == cursor.Rank && string.CompareOrdinal(r.Id, cursor.CaseId) <= 0)
            )
            : ordered.Skip((page - 1) * PageSize);
        var slice = remaining.Take(PageSize + 1).ToList();
        string? next = null;
        if (slice.Count > PageSize)
        {
            slice.RemoveAt(PageSize);
            next = CaseListCursor.Write(CaseListCursor.Match, slice[^1].Rank, slice[^1].Id);
        }

        var items = await ByRankAsync(matching, [.. slice.Select(r => r.Id)], cancellationToken);
        return new CasePage(items, ranks.Count, page, PageSize, next) { TotalExact = !matching.WindowFull };
    }

    /// <summary>The list lines of the cases <paramref name="ids"/>, in that order.</summary>
    private async Task<IReadOnlyList<CaseSummary>> ByRankAsync(
        Matched matching,
        List<string> ids,
        CancellationToken cancellationToken
    )
    {
        // A page of a search asks for its own cases among those that pass the filters, not among the window's
        // thousand as well: with both lists, PostgreSQL read a province's cases through the office index instead of
        // finding fifty by their keys (docs/benchmarks.md).
        var rows = matching.Passing?.Select(c => new ListedCase { Case = c, Rank = 0 }) ?? matching.Rows;
        var lines = await Lines(rows.Where(r => EF.Parameter(ids).Contains(r.Case.Id)))
            .ToDictionaryAsync(l => l.Summary.Id, l => l.Summary, StringComparer.Ordinal, cancellationToken);
        return [.. ids.Where(lines.ContainsKey).Select(id => lines[id])];
    }

    /// <summary>Rows in the order named (<see cref="CaseListFilter.OrderName"/>); with a cursor <paramref
    /// name="from"/>, only those after <paramref name="after"/>.</summary>
    private IQueryable<ListedCase> InOrder(
        IQueryable<ListedCase> rows,
        string order,
        (long Value, double Rank, string CaseId) after,
        string? from
    )
    {
        var descending = order.StartsWith('-');
        return order.TrimStart('-') switch
        {
            CaseListCursor.Match => Ordered(rows, r => r.Rank, false, after.Rank, from),
            // The constant is written into the SQL, not sent as a parameter: SQLite reads the order from the index
            // on this very expression (migration SupervisedByDueOrder), which a parameter would not match.
            "due" => Ordered(
                rows,
                r => r.Case.NextDueAt ?? EF.Constant(NoDeadline),
                descending,
                Instant(after.Value),
                from
            ),
            "score" => Ordered(
                rows,
                r => db.ReportScreenings.Where(s => s.CaseId == r.Case.Id).Max(s => (int?)s.Scope) ?? -1,
                descending,
                (int)after.Value,
                from
            ),
            "priority" => ByPriority(rows, descending, after.Value, from),
            _ => Ordered(rows, r => r.Case.ReceivedAt, descending, Instant(after.Value), from),
        };
    }

    /// <summary>Rows in the screening queue's order (<c>Queues/CaseQueues.Screening</c>): the highest priority
    /// first, then the nearest acceptance deadline, then the case id; <c>-priority</c> (<paramref name="reversed"/>)
    /// the other way round. With a cursor, only those after it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Globalization",
        "CA1309:Use ordinal string comparison",
        Justification = "Translated by EF Core into the database's comparison of the case ids (ASCII); the overload "
            + "with a StringComparison has no translation. Ordered below compares the same way."
    )]
    private static IQueryable<ListedCase> ByPriority(
        IQueryable<ListedCase> rows,
        bool reversed,
        long position,
        string? from
    )
    {
        if (from is not null)
        {
            var priority = (int)(position / PriorityStep) - 1;
            var due = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(position % PriorityStep, 0, MaxMilliseconds));
            rows = reversed
                ? rows.Where(r =>
                    (r.Case.ScreeningPriority ?? -1) > priority
                    || (
                        (r.Case.ScreeningPriority ?? -1) == priority
                        && (
                            (r.Case.AcceptanceDueAt ?? NoDeadline) < due
                            || ((r.Case.AcceptanceDueAt ?? NoDeadline) == due && string.Compare(r.Case.Id, from) < 0)
                        )
                    )
                )
                : rows.Where(r =>
                    (r.Case.ScreeningPriority ?? -1) < priority
                    || (
                        (r.Case.ScreeningPriority ?? -1) == priority
                        && (
                            (r.Case.AcceptanceDueAt ?? NoDeadline) > due
                            || ((r.Case.AcceptanceDueAt ?? NoDeadline) == due && string.Compare(r.Case.Id, from) > 0)
                        )
                    )
                );
        }

        return reversed
            ? rows.OrderBy(r => (r.Case.ScreeningPriority ?? -1))
                .ThenByDescending(r => r.Case.AcceptanceDueAt ?? NoDeadline)
                .ThenByDescending(r => r.Case.Id)
            : rows.OrderByDescending(r => (r.Case.ScreeningPriority ?? -1))
                .ThenBy(r => r.Case.AcceptanceDueAt ?? NoDeadline)
                .ThenBy(r => r.Case.Id);
    }

    /// <summary>A priority sort's position in one cursor value: (priority + 1) × 10^15 + the acceptance deadline in
    /// Unix milliseconds (below 10^15 until the year 33658).</summary>
    private static long PriorityPosition(int priority, DateTimeOffset due) =>
        ((priority + 1) * PriorityStep) + Math.Clamp(due.ToUnixTimeMilliseconds(), 0, MaxMilliseconds);

    private const long PriorityStep = 1_000_000_000_000_000;
    private const long MaxMilliseconds = 253_402_300_799_999;

    /// <summary>List lines of the rows: each case's summary with its highest screening score, and its rank.</summary>
    private IQueryable<ListedLine> Lines(IQueryable<ListedCase> rows) =>
        rows.Select(r => new ListedLine(
            new CaseSummary(
                r.Case.Id,
                r.Case.Status,
                r.Case.OfficeCode,
                r.Case.Category,
                r.Case.Region,
                r.Case.ReceivedAt,
                r.Case.UpdatedAt,
                r.Case.Supervised,
                r.Case.ContactDueAt,
                r.Case.NextDueAt,
                r.Case.NextDueKind,
                r.Case.EscalatedTo,
                db.ReportScreenings.Where(s => s.CaseId == r.Case.Id).Max(s => (int?)s.Scope),
                null,
                r.Case.Assignee
            )
            {
                Priority = r.Case.ScreeningPriority ?? -1,
                AcceptanceDueAt = r.Case.AcceptanceDueAt,
                OutOfScopeSuggested = r.Case.OutOfScopeSuggestedAt != null,
                Repetition = r.Case.RepetitionFlaggedAt == null ? null : r.Case.RepetitionKind,
            },
            r.Rank
        ));

    private sealed record ListedLine(CaseSummary Summary, double Rank);

    /// <summary>Where a case without a running deadline sorts by due date: after every case with one.</summary>
    private static readonly DateTimeOffset NoDeadline = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Instant(long ticks) =>
        ticks is >= 0 and <= 3_155_378_975_999_999_999 ? new DateTimeOffset(ticks, TimeSpan.Zero) : default;

    /// <summary>Rows in the order of <paramref name="key"/> and then the case id, both the same way; with a cursor,
    /// only those after it (keyset paging: the database seeks, it does not count past earlier pages).</summary>
    private static IQueryable<ListedCase> Ordered<TKey>(
        IQueryable<ListedCase> rows,
        Expression<Func<ListedCase, TKey>> key,
        bool descending,
        TKey afterKey,
        string? afterId
    )
    {
        if (afterId is not null)
        {
            var row = key.Parameters[0];
            Expression value = Expression.Property(Expression.Constant(new Boxed<TKey>(afterKey)), "Value");
            Expression id = Expression.Property(
                Expression.Property(row, nameof(ListedCase.Case)),
                nameof(CaseRecord.Id)
            );
            var compared = Expression.Call(
                typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!,
                id,
                Expression.Property(Expression.Constant(new Boxed<string>(afterId)), "Value")
            );
            var zero = Expression.Constant(0);
            var beyond = Expression.OrElse(
                descending ? Expression.LessThan(key.Body, value) : Expression.GreaterThan(key.Body, value),
                Expression.AndAlso(
                    Expression.Equal(key.Body, value),
                    descending ? Expression.LessThan(compared, zero) : Expression.GreaterThan(compared, zero)
                )
            );
            rows = rows.Where(Expression.Lambda<Func<ListedCase, bool>>(beyond, row));
        }

        return descending
            ? rows.OrderByDescending(key).ThenByDescending(r => r.Case.Id)
            : rows.OrderBy(key).ThenBy(r => r.Case.Id);
    }

    /// <summary>A case with how well it matched (0 when not searching).</summary>
    private sealed class ListedCase
    {
        public required CaseRecord Case { get; init; }
        public double Rank { get; init; }
    }

    /// <summary>A value EF Core sends as a parameter, not as a constant in the SQL.</summary>
    private sealed class Boxed<T>(T value)
    {
        public T Value { get; } = value;
    }

    [GeneratedRegex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex CaseIdPattern();

    /// <summary>The login an <c>assignee</c> filter names: <c>me</c> is the caller; null when there is no
    /// filter.</summary>
    public static string? AssigneeLogin(StaffPrincipal staff, string? assignee) =>
        assignee?.Trim() switch
        {
            null or "" => null,
            "me" => staff.Login,
            var login => login,
        };

    /// <summary>Records a list, search or queue read: who, which view, with what filters (the search words included:
    /// casework is the confidential zone, and the trail is where they belong), and how many cases answered.</summary>
    public async Task RecordListingAsync(
        StaffPrincipal staff,
        string view,
        object filters,
        int total,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        await audit.AppendAsync(
            staff.Login,
            staff.OfficeCode,
            AuditActions.CasesListed,
            null,
            new
            {
                view,
                filters,
                total,
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One page of an ordered case query, as list lines.</summary>
    public static async Task<CasePage> PageAsync(
        IQueryable<CaseRecord> ordered,
        int page,
        CancellationToken cancellationToken
    )
    {
        page = Math.Clamp(page, 1, 1_000_000);
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(c => new CaseSummary(
                c.Id,
                c.Status,
                c.OfficeCode,
                c.Category,
                c.Region,
                c.ReceivedAt,
                c.UpdatedAt,
                c.Supervised,
                c.ContactDueAt,
                c.NextDueAt,
                c.NextDueKind,
                c.EscalatedTo,
                null,
                null,
                c.Assignee
            )
            {
                Priority = c.ScreeningPriority ?? -1,
                AcceptanceDueAt = c.AcceptanceDueAt,
                OutOfScopeSuggested = c.OutOfScopeSuggestedAt != null,
                Repetition = c.RepetitionFlaggedAt == null ? null : c.RepetitionKind,
            })
            .ToListAsync(cancellationToken);
        return new CasePage(items, total, page, PageSize);
    }

    /// <summary>The case, or null when it does not exist or lies outside the caller's jurisdiction. The showing is
    /// audited, and so is each reporter identity shown (only to roles allowed to see it, only when asked, and only with
    /// a <paramref name="purpose"/>, which the trail keeps). An auditor sees the content only with a purpose
    /// too.</summary>
    public async Task<CaseDetail?> GetAsync(
        StaffPrincipal staff,
        string id,
        bool withIdentity,
        CancellationToken cancellationToken,
        string? purpose = null
    )
    {
        purpose = Purpose(purpose);
        var caseRecord = await Visible(staff).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (caseRecord is null)
        {
            return null;
        }

        Dictionary<Guid, ReporterIdentity> identities = [];
        List<Guid> payees = [];
        var withContent = !CasePermissions.NeedsPurposeForContent(staff.Role) || purpose is not null;
        if (withIdentity && purpose is not null && CasePermissions.MaySeeIdentity(staff.Role))
        {
            var reportIds = await ReportsOf(id).Select(r => r.Id).ToListAsync(cancellationToken);
            identities = await db
                .ReporterIdentities.AsNoTracking()
                .Where(i => reportIds.Contains(i.ReportId))
                .ToDictionaryAsync(i => i.ReportId, cancellationToken);
            payees = await db.RewardClaims.Where(r => r.CaseId == id).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            // Opening the case shows its follow-ups (read after this transaction, so none arriving meanwhile is
            // missed): for those who work it, they are read now (CasePermissions.ReadsFollowUpsFor).
            var read =
                caseRecord.FollowUpsUnreadSince is { } unread && CasePermissions.ReadsFollowUpsFor(staff, caseRecord)
                    ? unread
                    : (DateTimeOffset?)null;
            if (read is not null)
            {
                await db
                    .Cases.Where(c => c.Id == id)
                    .ExecuteUpdateAsync(
                        u => u.SetProperty(c => c.FollowUpsUnreadSince, (DateTimeOffset?)null),
                        cancellationToken
                    );
                caseRecord.FollowUpsUnreadSince = null;
            }

            await audit.AppendAsync(
                staff.Login,
                staff.OfficeCode,
                AuditActions.CaseViewed,
                id,
                read is null ? null : new { followUpsUnreadSince = read },
                cancellationToken
            );
            if (withContent && CasePermissions.NeedsPurposeForContent(staff.Role))
            {
                await audit.AppendAsync(
                    staff.Login,
                    staff.OfficeCode,
                    AuditActions.CaseContentRead,
                    id,
                    new { purpose },
                    cancellationToken
                );
            }

            foreach (var shown in identities.Keys)
            {
                await audit.AppendAsync(
                    staff.Login,
                    staff.OfficeCode,
                    AuditActions.IdentityViewed,
                    id,
                    new { reportId = shown, purpose },
                    cancellationToken
                );
            }

            foreach (var claim in payees)
            {
                await audit.AppendAsync(
                    staff.Login,
                    staff.OfficeCode,
                    AuditActions.RewardPayeeViewed,
                    id,
                    new { claim, purpose },
                    cancellationToken
                );
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var detail = await DetailAsync(staff, caseRecord, identities, cancellationToken, withContent);
        return payees.Count == 0 ? detail : detail with { Rewards = await RewardsAsync(id, true, cancellationToken) };
    }

    /// <summary>The full view of a case already known to be the caller's to see; without <paramref name="withContent"/>
    /// (an auditor who gave no purpose) only its metadata and trail.</summary>
    public async Task<CaseDetail> DetailAsync(
        StaffPrincipal staff,
        CaseRecord c,
        IReadOnlyDictionary<Guid, ReporterIdentity> identities,
        CancellationToken cancellationToken,
        bool withContent = true
    )
    {
        var id = c.Id;
        var reports = await ReportsOf(id).OrderBy(r => r.ReceivedAt).ToListAsync(cancellationToken);
        var reportIds = withContent ? reports.Select(r => r.Id).ToList() : [];
        var followUps = await db
            .FollowUps.AsNoTracking()
            .Where(f => reportIds.Contains(f.ReportId))
            .OrderBy(f => f.ReceivedAt)
            .Select(f => new FollowUpView(f.Id, f.ReportId, f.ReceivedAt, f.Text))
            .ToListAsync(cancellationToken);
        var attachments = await db
            .Attachments.AsNoTracking()
            .Where(a => reportIds.Contains(a.ReportId))
            .OrderBy(a => a.ImportedAt)
            .ThenBy(a => a.FileName)
            .Select(a => new
            {
                a.Id,
                a.ReportId,
                a.FileName,
                a.ContentType,
                a.Length,
                a.Sha256,
                a.Cleaning,
                a.FollowUpId,
            })
            .ToListAsync(cancellationToken);
        var messages = await db
            .CaseMessages.AsNoTracking()
            .Where(m => withContent && m.CaseId == id)
            .OrderBy(m => m.At)
            .Select(m => new MessageView(m.At, m.Text, m.Author))
            .ToListAsync(cancellationToken);
        var contacts = await db
            .ReporterContacts.AsNoTracking()
            .Where(x => x.CaseId == id)
            .OrderBy(x => x.At)
            .Select(x => new ContactView(
                x.At,
                x.Channel,
                x.Outcome,
                x.Actor,
                x.ActorOffice,
                x.ReportId,
                x.Purpose,
                withContent ? x.Note : null
            ))
            .ToListAsync(cancellationToken);
        var notes = await db
            .CaseNotes.AsNoTracking()
            .Where(n => withContent && n.CaseId == id)
            .OrderBy(n => n.At)
            .Select(n => new NoteView(n.Id, n.At, n.Text, n.Author, n.AuthorOffice))
            .ToListAsync(cancellationToken);
        // The download address is made on the client side of the final projection, as EF Core allows there.
        var documents = await db
            .CaseDocuments.AsNoTracking()
            .Where(d => withContent && d.CaseId == id)
            .OrderBy(d => d.AddedAt)
            .Select(d => new DocumentView(
                d.Id,
                d.FileName,
                d.ContentType,
                d.Length,
                d.Sha256,
                d.AddedAt,
                d.AddedBy,
                d.AddedOffice,
                Attachments.AttachmentAddress.OfDocument(id, d.Id)
            ))
            .ToListAsync(cancellationToken);
        var visibleRelated = new List<RelatedCase>();
        foreach (var related in withContent ? await clues.RelatedToCaseAsync(db, id, cancellationToken) : [])
        {
            // A related case in another office's jurisdiction is not revealed, not even its id.
            if (await Visible(staff).AnyAsync(x => x.Id == related.CaseId, cancellationToken))
            {
                visibleRelated.Add(RelatedCase.Of(related));
            }
        }

        var screening = await db
            .ReportScreenings.AsNoTracking()
            .Where(s => reportIds.Contains(s.ReportId))
            .Select(s => new
            {
                s.ReportId,
                s.Scope,
                s.Completeness,
                s.Reasons,
                s.Entities,
            })
            .ToListAsync(cancellationToken);
        var history = await db
            .AuditEntries.AsNoTracking()
            .Where(a => a.CaseId == id)
            .OrderBy(a => a.Sequence)
            .Select(a => new
            {
                a.Sequence,
                a.At,
                a.Actor,
                a.ActorOffice,
                a.Action,
                a.Details,
            })
            .ToListAsync(cancellationToken);
        var screenedRelated = await SeenInFullAsync(
            staff,
            history.Where(h => h.Action == AuditActions.CaseScreened).Select(h => h.Details),
            cancellationToken
        );
        return new CaseDetail(
            c.Id,
            c.Status,
            c.OfficeCode,
            c.Category,
            c.Region,
            c.ReceivedAt,
            c.UpdatedAt,
            c.Version,
            c.Supervised,
            c.Supervised
                ? new SupervisionView(
                    c.SupervisedBy,
                    c.SupervisedAt,
                    c.ProgressDueAt,
                    c.ProgressMetAt,
                    c.SupervisionLevel
                )
                : null,
            c.EscalatedTo is { } to ? new EscalationView(to, c.EscalatedAt, c.EscalatedFor) : null,
            c.RejectionReason,
            c.Result,
            c.ResultAgency,
            withContent ? c.ResultSummary : null,
            c.ResultAt,
            c.ReviewedBy,
            c.ReviewerOffice,
            c.ReviewedAt,
            c.MergedInto,
            c.PublicStatus,
            c.PublicStatusAt,
            new CaseDeadlines(
                c.ContactDueAt,
                c.ContactedAt,
                c.NextDueAt,
                c.NextDueKind,
                clock.Views(c, time.GetUtcNow())
            ),
            CasePermissions.AllowedActions(staff, c, fourEyes),
            [
                .. reports.Select(r => new CaseReportView(
                    r.Id,
                    r.ReceivedAt,
                    withContent ? JsonDocument.Parse(r.Content).RootElement : Withheld,
                    r.Marks.Length == 0 ? [] : r.Marks.Split(','),
                    r.HasIdentity,
                    identities.TryGetValue(r.Id, out var identity)
                        ? new IdentityView(identity.Name, identity.Phone, identity.ContactConsent)
                        : null,
                    r.CaseId == id ? r.OriginCaseId : null
                )),
            ],
            followUps,
            messages,
            contacts,
            visibleRelated,
            [
                .. screening.Select(s => new ScreeningView(
                    s.ReportId,
                    s.Scope,
                    s.Completeness,
                    JsonSerializer.Deserialize<List<string>>(s.Reasons) ?? [],
                    JsonSerializer.Deserialize<List<string>>(s.Entities) ?? []
                )),
            ],
            [
                .. history.Select(h => new HistoryEntry(
                    h.Sequence,
                    h.At,
                    h.Actor,
                    h.ActorOffice,
                    h.Action,
                    h.Action == AuditActions.CaseScreened
                        ? RelatedCaseDisclosure.ScreenedDetails(
                            JsonDocument.Parse(h.Details).RootElement,
                            screenedRelated.Contains
                        )
                        : JsonDocument.Parse(h.Details).RootElement
                )),
            ],
            [
                .. attachments.Select(a => new AttachmentView(
                    a.Id,
                    a.ReportId,
                    a.FileName,
                    a.ContentType,
                    a.Length,
                    a.Sha256,
                    a.Cleaning,
                    Attachments.AttachmentAddress.Of(id, a.Id),
                    a.FollowUpId
                )),
            ],
            c.PendingRequest is null
                ? null
                : new PendingView(
                    JsonDocument.Parse(c.PendingRequest).RootElement,
                    c.PendingBy,
                    c.PendingOffice,
                    c.PendingAt
                ),
            !withContent,
            new CaseWorkView(c.Source, c.Assignee, notes, documents),
            c.Urgent ? new ProtectionView(c.ProtectionRequestedAt, c.ProtectionDueAt, c.ProtectionAcknowledgedAt) : null
        )
        {
            Dispute = c.DisputedAt is { } disputedAt ? new DisputeView(disputedAt, c.ReverifyOffice) : null,
            ReferredTo = c.ReferredTo,
            FollowUpsUnreadSince = c.FollowUpsUnreadSince,
            Rewards = await RewardsAsync(id, false, cancellationToken),
            RelatedElsewhere = withContent ? await RelatedElsewhereAsync(staff, c, cancellationToken) : [],
            Triage = await CaseTriage.ViewAsync(db, c, reportIds, cancellationToken),
            Repetition = CaseTriage.Repetition(c, repetition),
        };
    }

    /// <summary>The related cases held in other provinces, as <see cref="RelatedCaseDisclosure"/> lets the reader
    /// learn of them: the office and the score, never the case. Pairs joined (one merged) or dismissed are left
    /// out.</summary>
    private async Task<IReadOnlyList<RelatedOfficeHint>> RelatedElsewhereAsync(
        StaffPrincipal staff,
        CaseRecord c,
        CancellationToken cancellationToken
    )
    {
        var rows = await (
            from r in db.CaseRelations.AsNoTracking()
            where r.DismissedAt == null && (r.CaseId == c.Id || r.RelatedCaseId == c.Id)
            join other in db.Cases.AsNoTracking() on (r.CaseId == c.Id ? r.RelatedCaseId : r.CaseId) equals other.Id
            join office in db.Offices.AsNoTracking() on other.OfficeCode equals office.Code
            where other.Status != Lifecycle.CaseStatus.Merged
            select new { Relation = r, Office = office }
        ).ToListAsync(cancellationToken);
        if (c.Status == Lifecycle.CaseStatus.Merged)
        {
            return [];
        }

        return
        [
            .. rows.Where(x => disclosure.Showing(staff, c.OfficeCode, x.Office.Code) == RelatedShowing.OfficeOnly)
                .OrderByDescending(x => x.Relation.Similarity)
                .Select(x => RelatedCaseDisclosure.Hint(x.Relation, x.Office, Localization.StaffLanguage.Current)),
        ];
    }

    /// <summary>The related cases named in <c>case.screened</c> details that <paramref name="staff"/> sees in
    /// full.</summary>
    public async Task<HashSet<string>> SeenInFullAsync(
        StaffPrincipal staff,
        IEnumerable<string> screenedDetails,
        CancellationToken cancellationToken
    )
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var details in screenedDetails)
        {
            using var document = JsonDocument.Parse(details);
            if (
                document.RootElement.TryGetProperty("related", out var related)
                && related.ValueKind == JsonValueKind.Array
            )
            {
                foreach (var item in related.EnumerateArray())
                {
                    if (item.TryGetProperty("caseId", out var id) && id.GetString() is { } caseId)
                    {
                        named.Add(caseId);
                    }
                }
            }
        }

        if (named.Count == 0)
        {
            return named;
        }

        var ids = named.ToList();
        return
        [
            .. await Visible(staff).Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(cancellationToken),
        ];
    }

    /// <summary>The case's reward claims, oldest first; where to pay each only <paramref name="withPayee"/> (already
    /// checked and audited by the caller).</summary>
    private async Task<IReadOnlyList<RewardClaimView>> RewardsAsync(
        string caseId,
        bool withPayee,
        CancellationToken cancellationToken
    ) =>
        [
            .. (
                await db
                    .RewardClaims.AsNoTracking()
                    .Where(r => r.CaseId == caseId)
                    .OrderBy(r => r.ClaimedAt)
                    .ToListAsync(cancellationToken)
            ).Select(r => new RewardClaimView(
                r.Id,
                r.ReportId,
                r.ClaimedAt,
                r.State,
                r.Amount,
                r.Reason,
                r.ProposedBy,
                r.DecidedBy,
                r.DecidedOffice,
                r.DecidedAt,
                withPayee ? new PayeeView(r.Name, r.Phone, r.Bank, r.Account) : null
            )),
        ];

    /// <summary>What a report's content reads as when it is withheld.</summary>
    private static readonly JsonElement Withheld = JsonDocument.Parse("{}").RootElement;

    /// <summary>How many reports of the case (those it holds, and for a merged case those it brought into the other)
    /// have a reporter who left a name or contact.</summary>
    public Task<int> NamedReportCountAsync(string caseId, CancellationToken cancellationToken) =>
        db.Reports.AsNoTracking().OfCase(caseId).CountAsync(r => r.HasIdentity, cancellationToken);

    private IQueryable<ReportRecord> ReportsOf(string caseId) => db.Reports.AsNoTracking().HeldBy(caseId);
}
