using System.Runtime.InteropServices;

namespace Jebo.Storage;

/// <summary>
/// Everything a zone keeps on disk — the data folder, zone folders, keys, databases (with SQLite's <c>-wal</c> and
/// <c>-shm</c>), spools, quarantine, backups and restores — is readable by the zone's own account only: folders 0700,
/// files 0600, whatever umask the caller started <c>jebo</c> with.
/// </summary>
/// <remarks>Security: the casework database holds every opened report, reporter identity and TOTP secret; with the
/// default umask (022) every local account could read it, and a backup of it. The process umask is set to 077 as the
/// <c>jebo</c> command starts, so whatever it or a child (SQLite, <c>pg_dump</c>) creates is owner-only; folders and
/// database files are also created and tightened explicitly, for hosts that embed the zones without the
/// command.</remarks>
public static partial class OwnerOnly
{
    public const UnixFileMode FolderPermissions =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Sets the process umask to 077: files and folders created from here on are the owner's alone.</summary>
    public static void RestrictProcess()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    /// <summary>Creates a folder (and missing parents) owner-only, or makes an existing one owner-only.</summary>
    public static string Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, FolderPermissions);
        File.SetUnixFileMode(path, FolderPermissions);
        return path;
    }

    /// <summary>Makes existing files owner-only; a path that does not exist is skipped.</summary>
    public static void Files(params string[] paths)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var path in paths.Where(File.Exists))
        {
            File.SetUnixFileMode(path, FilePermissions);
        }
    }

    /// <summary>Makes a folder and everything under it owner-only.</summary>
    public static void Tree(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        File.SetUnixFileMode(folder, FolderPermissions);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? FolderPermissions : FilePermissions);
        }
    }

    /// <summary>Opens a new file for writing, owner-only from its first moment.</summary>
    public static FileStream NewFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FilePermissions;
        }

        return new FileStream(path, options);
    }

    /// <summary>For a SQLite database: makes the file and the journal files SQLite keeps beside it owner-only (SQLite
    /// gives its <c>-wal</c> and <c>-shm</c> the database file's mode, so they follow). PostgreSQL keeps its own
    /// files.</summary>
    public static void Database(string connectionString)
    {
        if (OperatingSystem.IsWindows() || DatabaseProvider.KindOf(connectionString) != DatabaseKind.Sqlite)
        {
            return;
        }

        var cs = DatabaseProvider.ConnectionString(connectionString);
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
        if (path != ":memory:")
        {
            Files(path, path + "-wal", path + "-shm", path + "-journal");
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
