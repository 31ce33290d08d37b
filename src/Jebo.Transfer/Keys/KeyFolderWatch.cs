using System.Globalization;
using System.Text;

namespace Jebo.Transfer.Keys;

/// <summary>
/// Notices that a zone's key folder changed while the zone runs — <c>jebo keys install</c>, <c>untrust</c> or
/// <c>rotate</c> run beside it — so the zone loads its keys again rather than keep those it started with.
/// </summary>
/// <remarks>Each look costs three <c>stat</c> calls (the key folder, <c>trusted/</c>, <c>retired/</c>): every command
/// writes key files by creating, renaming or deleting them, which changes their folder's time. Folder times are only as
/// fine as the file system's clock (a few milliseconds on Linux), so while the newest of them is less than
/// <see cref="Settling"/> old the file names, sizes and times are compared as well, and a second change within the same
/// tick is still seen.</remarks>
public sealed class KeyFolderWatch
{
    /// <summary>How long after a change the folder is compared file by file.</summary>
    public static readonly TimeSpan Settling = TimeSpan.FromSeconds(2);

    private readonly string folder;
    private readonly Lock gate = new();
    private long[] times;
    private string listing;
    private volatile bool settling;

    /// <summary>Starts watching from the folder as it is now: call before loading the keys, so a change made while they
    /// load is seen at the next look.</summary>
    public KeyFolderWatch(string folder)
    {
        this.folder = folder;
        times = FolderTimes();
        listing = Listing();
        settling = IsRecent(times);
    }

    /// <summary>True when the key files differ from those of the last look that returned true (or of the start); a
    /// caller that gets true loads the keys again.</summary>
    public bool Changed()
    {
        var now = FolderTimes();
        if (!settling && now.AsSpan().SequenceEqual(Volatile.Read(ref times)))
        {
            return false;
        }

        lock (gate)
        {
            var current = Listing();
            Volatile.Write(ref times, now);
            settling = IsRecent(now);
            if (current == listing)
            {
                return false;
            }

            listing = current;
            return true;
        }
    }

    private long[] FolderTimes() => [Time(folder), Time(KeyFolder.Trusted(folder)), Time(KeyFolder.Retired(folder))];

    private static long Time(string path) => Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path).Ticks : 0;

    private static bool IsRecent(long[] times) => times.Max() > (DateTime.UtcNow - Settling).Ticks;

    private string Listing()
    {
        var text = new StringBuilder();
        foreach (
            var path in new[] { folder, KeyFolder.Trusted(folder), KeyFolder.Retired(folder) }.Where(Directory.Exists)
        )
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                text.Append(
                    CultureInfo.InvariantCulture,
                    $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}\n"
                );
            }
        }

        return text.ToString();
    }
}
