namespace Jebo.Transfer.Keys;

/// <summary>A zone's keys as loaded from its key folder, loaded again whenever the folder changes
/// (<see cref="KeyFolderWatch"/>), so a running zone uses a key installed, untrusted or rotated beside it from the next
/// report or bundle on, without a restart.</summary>
/// <remarks>Every set loaded stays alive until the zone stops: a report being sealed or a bundle being opened on
/// another thread may still hold the set before, and key material is wiped only when nothing can use it. Sets are few —
/// one per change an operator makes. A folder that no longer loads (a damaged file put there by hand) leaves the zone
/// with the keys it had; the next change is looked at again, and <c>jebo keys list</c> or the zone's next start names
/// the damage.</remarks>
public sealed class ReloadingKeys<T> : IDisposable
    where T : class, IDisposable
{
    private readonly KeyFolderWatch watch;
    private readonly Func<T> load;
    private readonly List<T> loaded = [];
    private T current;

    /// <param name="folder">The zone's key folder.</param>
    /// <param name="load">Loads every key from the folder; throws <see cref="KeyFileException"/> when it
    /// cannot.</param>
    public ReloadingKeys(string folder, Func<T> load)
    {
        watch = new KeyFolderWatch(folder);
        this.load = load;
        current = load();
        loaded.Add(current);
    }

    /// <summary>The keys in the folder now (loaded again first if the folder changed).</summary>
    public T Current
    {
        get
        {
            if (watch.Changed())
            {
                Reload();
            }

            return Volatile.Read(ref current);
        }
    }

    private void Reload()
    {
        T next;
        try
        {
            next = load();
        }
        catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
        {
            return; // the keys in use stay; see the remarks
        }

        lock (loaded)
        {
            loaded.Add(next);
        }

        Volatile.Write(ref current, next);
    }

    public void Dispose()
    {
        lock (loaded)
        {
            foreach (var keys in loaded)
            {
                keys.Dispose();
            }

            loaded.Clear();
        }
    }
}
