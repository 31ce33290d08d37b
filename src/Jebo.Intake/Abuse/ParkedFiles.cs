namespace Jebo.Intake.Abuse;

/// <summary>
/// Files parked on intake — uploaded, sealed, not yet claimed by a sent report — counted per client and in all, so
/// that nobody can fill the disk with files they never send: per client at most
/// <see cref="AbuseSettings.ParkedFilesPerClient"/> files and <see cref="AbuseSettings.ParkedBytesPerClient"/> bytes,
/// and in all at most <see cref="AbuseSettings.ParkedBytesInAll"/> bytes. A file counts from the moment it starts to
/// arrive (as the largest a file may be, until its size is known) until a report claims it, it is discarded, or its
/// lifetime (<see cref="IntakeOptions.PendingAttachmentLifetime"/>) ends.
/// </summary>
/// <remarks>Security: clients are named by their keyed hash (<see cref="ClientKeys"/>), in memory only, so no table
/// says who parked what; the count starts afresh when the key turns at midnight or the process restarts, which the
/// total (counted from the database, shared by every node) bounds. Parked files are sealed to casework; what is limited
/// here is the room they take.</remarks>
public sealed class ParkedFiles(IntakeOptions options, TimeProvider time)
{
    private sealed class Entry(string client, long bytes, DateTimeOffset expires)
    {
        public string Client { get; } = client;
        public long Bytes { get; set; } = bytes;
        public bool Arriving { get; set; } = true;
        public DateTimeOffset Expires { get; } = expires;
    }

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Entry> entries = [];

    private AbuseSettings Settings => options.Abuse;

    /// <summary>Before a file is received: a hold when the client, or intake in all, has no room for one more file of
    /// the largest size; otherwise the file is counted under <paramref name="id"/> until <see cref="Settle"/> or
    /// <see cref="Release"/>.</summary>
    /// <param name="client">The client's key (<see cref="ClientKeys.ForClient"/>).</param>
    /// <param name="id">The id the file will be stored under.</param>
    /// <param name="parkedInAll">Sealed bytes of every parked file in the database (every node's).</param>
    public Hold? TryPark(string client, Guid id, long parkedInAll)
    {
        var largest = options.MaxAttachmentBytes;
        lock (gate)
        {
            var now = time.GetUtcNow();
            Prune(now);
            // Files still arriving are not yet in the database's sum: they count as the largest a file may be.
            var arriving = entries.Values.Where(e => e.Arriving).Sum(e => e.Bytes);
            if (parkedInAll + arriving + largest > Settings.ParkedBytesInAll)
            {
                return new Hold(HoldScope.System, Settings.ParkedRetryAfter);
            }

            if (options.RateLimits)
            {
                var own = entries.Values.Where(e => e.Client == client).ToList();
                if (
                    own.Count + 1 > Settings.ParkedFilesPerClient
                    || own.Sum(e => e.Bytes) + largest > Settings.ParkedBytesPerClient
                )
                {
                    var freed = own.Count == 0 ? now + Settings.ParkedRetryAfter : own.Min(e => e.Expires);
                    return new Hold(HoldScope.Parked, freed > now ? freed - now : TimeSpan.FromSeconds(1));
                }
            }

            entries[id] = new Entry(client, largest, now + options.PendingAttachmentLifetime);
            return null;
        }
    }

    /// <summary>The file has arrived: it counts with its real size from now on.</summary>
    public void Settle(Guid id, long bytes)
    {
        lock (gate)
        {
            if (entries.TryGetValue(id, out var entry))
            {
                entry.Bytes = bytes;
                entry.Arriving = false;
            }
        }
    }

    /// <summary>The files were claimed by a report, discarded or refused: they no longer count.</summary>
    public void Release(IEnumerable<Guid> ids)
    {
        lock (gate)
        {
            foreach (var id in ids)
            {
                entries.Remove(id);
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, entry) in entries.Where(e => e.Value.Expires <= now).ToList())
        {
            entries.Remove(id);
        }
    }
}
