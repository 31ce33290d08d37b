using System.Globalization;

namespace Jebo.Transfer.Bundles;

/// <summary>A bundle file found in a folder, with its header read but not yet verified.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="Name">Its file name.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="Header">Its header, or null when the header cannot be read.</param>
/// <param name="Problem">Why the header cannot be read, when it cannot.</param>
/// <param name="NotYetReadable">The problem may go away after an upgrade (a newer format version).</param>
public sealed record SpoolEntry(
    string Path,
    string Name,
    long Length,
    BundleHeader? Header,
    string? Problem,
    bool NotYetReadable
)
{
    public long Sequence => Header?.Sequence ?? 0;
}

/// <summary>A refused bundle put aside.</summary>
/// <param name="Id">The folder's name, by which an operator resolves it.</param>
/// <param name="Folder">The folder holding the file and <c>reason.txt</c>.</param>
/// <param name="Reason">Why the bundle was refused.</param>
/// <param name="At">When it was put aside.</param>
/// <param name="Resolution">Why an operator resolved it (<c>jebo transfer quarantine resolve</c>), or null while
/// open.</param>
public sealed record QuarantineEntry(string Id, string Folder, string Reason, DateTimeOffset At, string? Resolution);

/// <summary>The file side of sending and receiving: listing bundles in a spool or on a medium in sequence order,
/// quarantining a refused one with its reason, and holding one that waits for a gap.</summary>
public static class BundleSpool
{
    public const string ReasonFile = "reason.txt";

    /// <summary>Written beside <see cref="ReasonFile"/> when an operator resolves the quarantine (when, by whom,
    /// why).</summary>
    public const string ResolvedFile = "resolved.txt";

    /// <summary>The bundle files of a kind in a folder (not its subfolders), ordered by the sequence in their header;
    /// files whose header cannot be read come first, so they are dealt with before anything that might wait on
    /// them.</summary>
    public static IReadOnlyList<SpoolEntry> List(string folder, BundleKind kind)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var entries = new List<SpoolEntry>();
        foreach (
            var path in Directory.EnumerateFiles(
                folder,
                BundleFormat.Prefix(kind) + "-*" + BundleFormat.FileExtension,
                SearchOption.TopDirectoryOnly
            )
        )
        {
            var name = Path.GetFileName(path);
            try
            {
                // Read through SpoolFile: a FIFO, device, link or oversized file is refused here, before any read.
                var prefix = SpoolFile.ReadPrefix(
                    path,
                    BundleFormat.PreambleLength + BundleFormat.MaxHeaderLength,
                    out var length
                );
                try
                {
                    entries.Add(
                        new SpoolEntry(path, name, length, BundleFormat.ReadHeaderUnverified(prefix), null, false)
                    );
                }
                catch (BundleNotYetReadableException e)
                {
                    entries.Add(new SpoolEntry(path, name, length, null, e.Message, true));
                }
                catch (BundleRejectedException e)
                {
                    entries.Add(new SpoolEntry(path, name, length, null, e.Message, false));
                }
            }
            catch (SpoolFileRefusedException e)
            {
                entries.Add(new SpoolEntry(path, name, 0, null, e.Message, false));
            }
            catch (FileNotFoundException)
            {
                // Taken away by the carrier between listing and reading: it is no longer ours to handle.
            }
        }

        return
        [
            .. entries
                .OrderBy(e => e.Header is null ? 0 : 1)
                .ThenBy(e => e.Sequence)
                .ThenBy(e => e.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>Puts a refused bundle aside: a folder of its own under <paramref name="quarantineFolder"/> holding the
    /// file under its original name and <c>reason.txt</c>, so that <c>jebo transfer import --from</c> that folder
    /// retries it. The folder's name ends in the file's hash, so the same file carried again is found
    /// (<see cref="QuarantinedAs"/>).</summary>
    /// <returns>The folder it was put in.</returns>
    public static string Quarantine(
        string quarantineFolder,
        string name,
        ReadOnlySpan<byte> bytes,
        string reason,
        DateTimeOffset at
    )
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var folder = Path.Combine(
            quarantineFolder,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{at.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{stem}-{BundleFormat.Hash(bytes)}"
            )
        );
        AtomicFile.Write(Path.Combine(folder, SafeName(name)), bytes);
        AtomicFile.Write(Path.Combine(folder, ReasonFile), System.Text.Encoding.UTF8.GetBytes(reason + "\n"));
        return folder;
    }

    /// <summary>The quarantine folder that already holds a file with this hash (<see cref="BundleFormat.Hash"/>),
    /// resolved or not, or null.</summary>
    public static string? QuarantinedAs(string quarantineFolder, string hash) =>
        Directory.Exists(quarantineFolder)
            ? Directory.EnumerateDirectories(quarantineFolder, "*-" + hash).FirstOrDefault()
            : null;

    /// <summary>Quarantine folders and their reasons, newest first; resolved ones too when asked.</summary>
    public static IReadOnlyList<QuarantineEntry> Quarantined(string quarantineFolder, bool withResolved = false)
    {
        if (!Directory.Exists(quarantineFolder))
        {
            return [];
        }

        return
        [
            .. Directory
                .EnumerateDirectories(quarantineFolder)
                .Select(d =>
                    (Folder: d, ReasonPath: Path.Combine(d, ReasonFile), ResolvedPath: Path.Combine(d, ResolvedFile))
                )
                .Where(d => File.Exists(d.ReasonPath))
                .Select(d => new QuarantineEntry(
                    Path.GetFileName(d.Folder),
                    d.Folder,
                    File.ReadAllText(d.ReasonPath).Trim(),
                    new DateTimeOffset(File.GetLastWriteTimeUtc(d.ReasonPath), TimeSpan.Zero),
                    File.Exists(d.ResolvedPath) ? File.ReadAllText(d.ResolvedPath).Trim() : null
                ))
                .Where(q => withResolved || q.Resolution is null)
                .OrderByDescending(q => q.At),
        ];
    }

    /// <summary>Marks a quarantine folder resolved (<see cref="ResolvedFile"/>); false when no open one has that
    /// id.</summary>
    public static bool Resolve(string quarantineFolder, string id, string resolution)
    {
        var entry = Quarantined(quarantineFolder).FirstOrDefault(q => q.Id == id);
        if (entry is null)
        {
            return false;
        }

        AtomicFile.Write(
            Path.Combine(entry.Folder, ResolvedFile),
            System.Text.Encoding.UTF8.GetBytes(resolution + "\n")
        );
        return true;
    }

    /// <summary>Keeps a verified bundle that waits for a gap in the receiver's inbound spool, so it is applied by
    /// itself once the gap is filled or acknowledged.</summary>
    public static void Hold(string spool, BundleHeader header, ReadOnlySpan<byte> bytes) =>
        AtomicFile.Write(Path.Combine(spool, BundleFormat.FileName(header.Kind, header.Sequence)), bytes);

    /// <summary>Removes a handled bundle from a spool; a file the carrier already took is not an error.</summary>
    public static void Remove(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
            AtomicFile.SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
    }

    /// <summary>A file name fit to reuse inside the quarantine: the name as found, without any folder part.</summary>
    private static string SafeName(string name)
    {
        var plain = Path.GetFileName(name);
        return plain.Length == 0 || plain.StartsWith('.') ? "bundle" + BundleFormat.FileExtension : plain;
    }
}

/// <summary>One process at a time writes a spool or applies an inbox: an exclusive lock on a file beside it.</summary>
/// <remarks>Two writers could otherwise remove each other's temporary files, and two receivers race on the same file;
/// the lock is advisory (flock on Unix) and is released by the kernel when a process dies, so a crash never leaves
/// it stuck.</remarks>
public sealed class SpoolLock : IDisposable
{
    private readonly FileStream stream;

    private SpoolLock(FileStream stream) => this.stream = stream;

    public static async Task<SpoolLock> AcquireAsync(
        string lockFile,
        TimeSpan wait,
        CancellationToken cancellationToken
    )
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new SpoolLock(
                    new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                );
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (IOException e)
            {
                throw new IOException($"another jebo process holds {lockFile}; try again when it is done", e);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
