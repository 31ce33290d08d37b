using System.Collections.Concurrent;

namespace Jebo.Intake.Abuse;

/// <summary>Counts failures per key (a client, or the whole intake) with a count that decays at a steady rate, so
/// that a burst is remembered and slowly forgiven.</summary>
public sealed class FailureLedger(TimeProvider time, TimeSpan forgetOneEvery, int maxEntries = 1_000_000)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long lastSweep;

    /// <summary>The decayed count for a key now.</summary>
    public double Count(string key) => entries.TryGetValue(key, out var entry) ? Decayed(entry, Now()) : 0;

    /// <summary>Adds one failure (or, with -1, takes one back); returns the new count.</summary>
    public double Add(string key, int delta = 1)
    {
        var now = Now();
        var entry = entries.AddOrUpdate(
            key,
            _ => new Entry(Math.Max(0, delta), now),
            (_, old) => new Entry(Math.Max(0, Decayed(old, now) + delta), now)
        );
        SweepNow(now);
        return entry.Count;
    }

    /// <summary>How long until the count for a key falls below <paramref name="limit"/>.</summary>
    public TimeSpan TimeUntilBelow(string key, int limit)
    {
        var excess = Count(key) - limit + 1;
        return excess <= 0 ? TimeSpan.Zero : forgetOneEvery * excess;
    }

    /// <summary>Keys whose count has decayed to nothing are dropped, so memory follows recent activity only.</summary>
    private void SweepNow(long now)
    {
        var last = Interlocked.Read(ref lastSweep);
        if (
            (entries.Count < maxEntries && now - last < forgetOneEvery.Ticks)
            || Interlocked.CompareExchange(ref lastSweep, now, last) != last
        )
        {
            return;
        }

        foreach (var (key, entry) in entries)
        {
            if (Decayed(entry, now) <= 0)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private double Decayed(Entry entry, long now) =>
        Math.Max(0, entry.Count - ((double)(now - entry.At) / forgetOneEvery.Ticks));

    private long Now() => time.GetUtcNow().UtcTicks;

    private sealed record Entry(double Count, long At);
}
