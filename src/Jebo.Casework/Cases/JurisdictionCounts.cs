using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Cases;

/// <summary>How many cases each jurisdiction holds, counted at most once every <see cref="Lifetime"/>: the total a case
/// list shows when nothing but the jurisdiction (or an office in it) narrows it and more cases pass than a list counts
/// on every page (<see cref="CaseQueries.CountLimit"/>). The total is then marked as not exact
/// (<see cref="CasePage.TotalExact"/>), since cases arrive and move in the meantime.</summary>
/// <remarks>Counting a million cases takes 40–70 ms on PostgreSQL, more than a list page's whole budget, where a page
/// of the newest cases takes a few milliseconds (docs/benchmarks.md). Kept per scope, the office whose subtree is
/// listed, so there are at most as many counts as offices. A count says nothing a list of the same scope would not:
/// it is only ever shown to a caller whose list it counts.</remarks>
public sealed class JurisdictionCounts(TimeProvider time)
{
    /// <summary>How long a count is shown before it is counted again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset At)> counts = new(StringComparer.Ordinal);

    /// <summary>The number of <paramref name="cases"/>, the whole list of <paramref name="scope"/>: the one counted
    /// less than <see cref="Lifetime"/> ago, or counted now.</summary>
    public async Task<int> CountAsync<T>(string scope, IQueryable<T> cases, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (counts.TryGetValue(scope, out var known) && now - known.At < Lifetime)
        {
            return known.Count;
        }

        var count = await cases.CountAsync(cancellationToken);
        counts[scope] = (count, now);
        return count;
    }
}
