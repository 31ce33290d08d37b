using Jebo.Cli;
using Microsoft.Data.Sqlite;

namespace Jebo.Tests.Cli;

/// <summary>A data folder as an operator has it: made by <c>jebo init --data DIR</c> with every other option left at
/// its default (SQLite files under the folder, the spool between the zones), and each verb run through the entry point
/// (<see cref="CommandLine.RunAsync"/>) with its arguments, standard input and exit status, as the <c>jebo</c> binary
/// runs it.</summary>
public sealed class OperatorFolder : IDisposable
{
    private OperatorFolder(string root)
    {
        Root = root;
        Data = System.IO.Path.Combine(root, "jebo-data");
    }

    /// <summary>A scratch folder beside the data folder, for media, backups and key files.</summary>
    public string Root { get; }

    public string Data { get; }

    /// <summary>What <c>jebo init</c> printed, with the national administrator's one-time password.</summary>
    public string InitOutput { get; private set; } = "";

    /// <summary>A fresh, empty folder: nothing initialised yet (for <c>jebo up</c> on first run, or a
    /// restore).</summary>
    public static OperatorFolder Empty() => new(Directory.CreateTempSubdirectory("jebo-operator-").FullName);

    /// <summary>A fresh folder and <c>jebo init</c> in it (both zones, or the one named).</summary>
    public static async Task<OperatorFolder> InitAsync(params string[] initArguments)
    {
        var folder = Empty();
        folder.InitOutput = await folder.RunAsync(["init", .. initArguments]);
        return folder;
    }

    /// <summary>Runs <c>jebo ARGS --data DIR</c>; asserts exit 0 and nothing on standard error; returns standard
    /// output.</summary>
    public async Task<string> RunAsync(params string[] arguments) => await RunWithInputAsync("", arguments);

    /// <summary>As <see cref="RunAsync(string[])"/>, with <paramref name="input"/> on standard input.</summary>
    public async Task<string> RunWithInputAsync(string input, params string[] arguments)
    {
        var (exit, output, error) = await TryAsync(input, arguments);
        Assert.True(exit == 0, $"jebo {string.Join(' ', arguments)} exited {exit}: {error}");
        Assert.Equal("", error);
        return output;
    }

    /// <summary>Runs <c>jebo ARGS --data DIR</c> expecting failure (exit 1): returns its one-line reason.</summary>
    public async Task<string> FailAsync(params string[] arguments)
    {
        var (exit, output, error) = await TryAsync(null, arguments);
        Assert.True(exit == 1, $"jebo {string.Join(' ', arguments)} exited {exit}, not 1: {error}{output}");
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("jebo: ", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>Runs <c>jebo ARGS --data DIR</c> expecting bad usage (exit 2): returns the reason, the first
    /// line.</summary>
    public async Task<string> MisuseAsync(params string[] arguments)
    {
        var (exit, output, error) = await TryAsync(null, arguments);
        Assert.True(exit == 2, $"jebo {string.Join(' ', arguments)} exited {exit}, not 2: {error}{output}");
        var line = error.Split('\n')[0];
        Assert.StartsWith("jebo: ", line, StringComparison.Ordinal);
        return line;
    }

    public async Task<(int Exit, string Output, string Error)> TryAsync(
        string? input,
        string[] arguments,
        CancellationToken cancellationToken = default
    )
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            [.. arguments, "--data", Data],
            new StringReader(input ?? ""),
            output,
            error,
            cancellationToken
        );
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A path under <see cref="Root"/>.</summary>
    public string Path(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>A loopback address with a port free just now, for a zone or its management listener.</summary>
    public static string FreeAddress()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
