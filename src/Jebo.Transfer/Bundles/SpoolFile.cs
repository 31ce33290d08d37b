using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Jebo.Transfer.Bundles;

/// <summary>A spool or medium file that is not a plain bundle file: a FIFO, a device, a link, a folder, or one larger
/// than any bundle may be. It is refused with this reason and never read.</summary>
public sealed class SpoolFileRefusedException(string message) : Exception(message);

/// <summary>
/// The one way a bundle file is read from a spool, a carried medium or the command line: only a regular file with one
/// name, no larger than <see cref="BundleFormat.MaxBundleLength"/>, and never more bytes than it had when it was
/// checked.
/// </summary>
/// <remarks>
/// Security: whoever can write into a spool (the carrier, a compromised zone on the other side) could otherwise leave
/// a FIFO there (opening it blocks until someone writes: the importer hangs), a link to <c>/dev/zero</c> (an endless
/// read), or a link — symbolic or hard — to a file outside the folder (read, then copied into quarantine). On Linux the
/// name is first looked at without following links; the file is then opened without blocking (a FIFO opens at once),
/// and the opened file is checked again: it must be the same regular file, with one link. Anything else is refused
/// with its reason and nothing of it is read.
/// </remarks>
public static partial class SpoolFile
{
    /// <summary>Reads a whole bundle file, at most <see cref="BundleFormat.MaxBundleLength"/> bytes.</summary>
    /// <exception cref="SpoolFileRefusedException">Not a plain file, or too large.</exception>
    /// <exception cref="FileNotFoundException">The file is gone (the carrier took it back).</exception>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var stream = Open(path, out var length);
        var bytes = new byte[length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    /// <summary>Reads the first <paramref name="max"/> bytes of a bundle file (its preamble and header), checked as
    /// <see cref="ReadAsync"/> checks.</summary>
    public static byte[] ReadPrefix(string path, int max, out long length)
    {
        using var stream = Open(path, out length);
        var bytes = new byte[Math.Min(length, max)];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Opens a file for reading after the checks in the remarks; <paramref name="length"/> is its size
    /// then.</summary>
    private static FileStream Open(string path, out long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return OpenPortable(path, out length);
        }

        var named = Stat(AtFdCwd, path, AtSymlinkNoFollow) ?? throw Missing(path);
        Require(named, path);
        var fd = OpenFile(path, ORdOnly | ONonBlock | OCloExec);
        if (fd < 0)
        {
            throw Marshal.GetLastPInvokeError() == ENOENT
                ? Missing(path)
                : new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var checkedOut = false;
        try
        {
            // Whatever the name pointed to when it was opened: the same file as looked at, still plain.
            var opened = Stat(fd, "", AtEmptyPath) ?? throw new IOException($"cannot examine {path} once opened");
            if (opened.Inode != named.Inode || opened.Device != named.Device)
            {
                throw new SpoolFileRefusedException($"{Path.GetFileName(path)} was replaced while it was being opened");
            }

            Require(opened, path);
            length = opened.Size;
            var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            checkedOut = true;
            return stream;
        }
        finally
        {
            if (!checkedOut)
            {
                handle.Dispose();
            }
        }
    }

    private static void Require(Status status, string path)
    {
        var name = Path.GetFileName(path);
        var kind = (status.Mode & SIfMt) switch
        {
            SIfReg => null,
            SIfLnk => "a symbolic link",
            SIfIfo => "a FIFO (named pipe)",
            SIfChr or SIfBlk => "a device",
            SIfDir => "a folder",
            SIfSock => "a socket",
            _ => "not a regular file",
        };
        if (kind is not null)
        {
            throw new SpoolFileRefusedException(
                $"{name} is {kind}, not a regular file: only plain bundle files are read"
            );
        }

        if (status.Links != 1)
        {
            throw new SpoolFileRefusedException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name} has {status.Links} names (a hard link to a file elsewhere): only plain bundle files are "
                        + $"read"
                )
            );
        }

        RequireSize(name, status.Size);
    }

    private static void RequireSize(string name, long size)
    {
        if (size > BundleFormat.MaxBundleLength)
        {
            throw new SpoolFileRefusedException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name} is {size} bytes, larger than any bundle may be ({BundleFormat.MaxBundleLength})"
                )
            );
        }
    }

    /// <summary>Elsewhere (development on Windows or macOS): links and folders are refused by what .NET can
    /// see.</summary>
    private static FileStream OpenPortable(string path, out long length)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw Missing(path);
        }

        if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            throw new SpoolFileRefusedException(
                $"{info.Name} is a link, not a regular file: only plain bundle files are read"
            );
        }

        RequireSize(info.Name, info.Length);
        length = info.Length;
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
    }

    private static FileNotFoundException Missing(string path) => new($"{path} is gone", path);

    private readonly record struct Status(ushort Mode, uint Links, ulong Inode, long Size, ulong Device);

    /// <summary>statx(2): its record has the same layout on every Linux architecture, unlike stat(2)'s.</summary>
    private static Status? Stat(int directory, string path, int flags)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (StatX(directory, path, flags, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENOENT ? null : throw new IOException($"cannot examine {path} (errno {errno})");
        }

        // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, u16 mode, u16 pad,
        // u64 ino, u64 size, ..., at 136: u32 dev_major, u32 dev_minor.
        return new Status(
            MemoryMarshal.Read<ushort>(buffer[28..]),
            MemoryMarshal.Read<uint>(buffer[16..]),
            MemoryMarshal.Read<ulong>(buffer[32..]),
            (long)Math.Min(MemoryMarshal.Read<ulong>(buffer[40..]), long.MaxValue),
            ((ulong)MemoryMarshal.Read<uint>(buffer[136..]) << 32) | MemoryMarshal.Read<uint>(buffer[140..])
        );
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const int StatxBasicStats = 0x7ff;
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int ENOENT = 2;
    private const ushort SIfMt = 0xF000;
    private const ushort SIfSock = 0xC000;
    private const ushort SIfLnk = 0xA000;
    private const ushort SIfReg = 0x8000;
    private const ushort SIfBlk = 0x6000;
    private const ushort SIfDir = 0x4000;
    private const ushort SIfChr = 0x2000;
    private const ushort SIfIfo = 0x1000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatX(int directory, string path, int flags, int mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags);
}
