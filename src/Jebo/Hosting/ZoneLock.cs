using Jebo.Cli;
using Jebo.Transfer;

namespace Jebo.Hosting;

/// <summary>One running process per zone data folder: <c>jebo up</c>, <c>jebo intake</c> and <c>jebo casework</c> hold
/// an exclusive lock on <c>ZONE/running.lock</c> for as long as they run, and a second process on the same folder stops
/// at once, naming it.</summary>
/// <remarks>The lock is the operating system's (a file opened with <see cref="FileShare.None"/>: <c>flock</c> on Linux,
/// a sharing lock on Windows), so it is released when the process ends however it ends, and a stale file left behind
/// never blocks a start. Two casework processes on one folder would both run the transfer rounds, the deadlines and
/// the audit checkpoints; two intake processes would write the same spool under two sets of memory-only
/// limits.</remarks>
public sealed class ZoneLock : IDisposable
{
    public const string FileName = "running.lock";

    private readonly FileStream stream;

    private ZoneLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the zone's lock, or throws a one-line refusal naming the folder when another process holds
    /// it.</summary>
    public static ZoneLock Acquire(JeboSettings settings, ZoneName zone)
    {
        var folder = settings.ZoneFolder(zone);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        try
        {
            return new ZoneLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new CommandFailedException(
                $"another jebo process is already running the {zone} zone on {folder} (it holds {path}): stop that one "
                    + $"first, or give this one its own data folder with --data"
            );
        }
    }

    /// <summary>Whether a process runs the zone on this data folder now (a command that must not change what it uses
    /// asks this).</summary>
    public static bool IsHeld(JeboSettings settings, ZoneName zone)
    {
        var path = Path.Combine(settings.ZoneFolder(zone), FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => stream.Dispose();
}
