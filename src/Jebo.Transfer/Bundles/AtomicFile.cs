using System.Runtime.InteropServices;

namespace Jebo.Transfer.Bundles;

/// <summary>Writes a file so that a reader sees either nothing or the whole file, even across a crash.</summary>
/// <remarks>Temporary name in the same folder, write, fsync, rename, fsync the folder: the rename is atomic on
/// POSIX file systems, and the folder fsync makes the new name itself durable.</remarks>
public static partial class AtomicFile
{
    public const string TemporaryPrefix = ".partial-";

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, TemporaryPrefix + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("n"));
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        SyncFolder(folder);
    }

    /// <summary>Removes temporary files that a crash left behind.</summary>
    public static void RemoveLeftovers(string folder) => RemoveLeftovers(folder, TimeSpan.Zero);

    /// <summary>Removes temporary files that a crash left behind, sparing those younger than <paramref name="olderThan"/>:
    /// in a folder several writers share, a young one is another writer's file on its way to its name.</summary>
    public static void RemoveLeftovers(string folder, TimeSpan olderThan)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var leftover in Directory.EnumerateFiles(folder, TemporaryPrefix + "*"))
        {
            // A file renamed or removed meanwhile reads as very old and deletes as a no-op: no race to guard.
            if (olderThan <= TimeSpan.Zero || File.GetLastWriteTimeUtc(leftover) < cutoff)
            {
                File.Delete(leftover);
            }
        }
    }

    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(folder, 0);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
