using System.Runtime.InteropServices;

namespace Jebo.Transfer.Bundles;

/// <summary>Writes a file so that a reader sees either nothing or the whole file, even across a crash.</summary>
/// <remarks>Temporary name in the same folder, write, fsync, rename, fsync the folder: the rename is atomic on
/// POSIX file systems, and the folder fsync makes the new name itself durable. The temporary name starts with a dot
/// and <see cref="TemporaryPrefix"/>, which no receiver and no well-configured carrier picks up.</remarks>
public static partial class AtomicFile
{
    public const string TemporaryPrefix = ".partial-";

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            // Owner-only whatever the umask (the rule of Jebo.Storage.OwnerOnly): spools, quarantine, key folders.
            Directory.CreateDirectory(
                folder,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            );
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var temporary = Path.Combine(
            folder,
            TemporaryPrefix + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("n")
        );
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }

        SyncFolder(folder);
    }

    /// <summary>Removes temporary files that a crash left behind; call only while holding the folder's writer
    /// lock.</summary>
    /// <returns>How many were removed.</returns>
    public static int RemoveLeftovers(string folder) => RemoveLeftovers(folder, TimeSpan.Zero);

    /// <summary>Removes temporary files that a crash left behind, sparing those younger than
    /// <paramref name="olderThan"/>: in a folder several writers share, a young one is another writer's file on its way
    /// to its name.</summary>
    /// <returns>How many were removed.</returns>
    public static int RemoveLeftovers(string folder, TimeSpan olderThan)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var leftover in Directory.EnumerateFiles(folder, TemporaryPrefix + "*"))
        {
            // A file renamed or removed meanwhile reads as very old and deletes as a no-op: no race to guard.
            if (olderThan <= TimeSpan.Zero || File.GetLastWriteTimeUtc(leftover) < cutoff)
            {
                File.Delete(leftover);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Makes the folder's entries (a rename, a deletion) durable.</summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals metadata; a folder cannot be opened for fsync there.
        }

        var fd = Open(folder, 0);
        if (fd < 0)
        {
            throw new IOException(
                $"cannot open folder {folder} to make a rename durable (errno {Marshal.GetLastPInvokeError()})"
            );
        }

        try
        {
            // EINVAL: the file system does not sync folders (some network and FUSE file systems); nothing more can be
            // done.
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EINVAL)
            {
                throw new IOException($"cannot make folder {folder} durable (errno {errno})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private const int EINVAL = 22;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
