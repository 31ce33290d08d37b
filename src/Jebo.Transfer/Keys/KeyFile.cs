using System.Text;

namespace Jebo.Transfer.Keys;

/// <summary>Reads and writes key material as small text files (base64), private ones readable by the owner
/// only.</summary>
public static class KeyFile
{
    public static void WritePrivate(string path, ReadOnlySpan<byte> secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(secret) + "\n"));
            stream.Flush(flushToDisk: true);
        }

        Bundles.AtomicFile.SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static void WritePublic(string path, ReadOnlySpan<byte> publicKey) =>
        Bundles.AtomicFile.Write(path, Encoding.ASCII.GetBytes(Convert.ToBase64String(publicKey) + "\n"));

    public static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyFileException($"key file {path} is missing; run `jebo init` first");
        }

        try
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new KeyFileException($"key file {path} is not valid base64");
        }
    }
}

public sealed class KeyFileException(string message) : Exception(message);
