using System.Diagnostics;
using System.Globalization;

namespace Jebo.Intake.Attachments.Isolation;

/// <summary>
/// How a cleaning process is started: under <c>prlimit</c>'s resource limits and, where bubblewrap works, inside a
/// <c>bwrap</c> sandbox with no network, no view of the zone's files and a private in-memory <c>/tmp</c>.
/// </summary>
/// <remarks>
/// Security: the limits are RLIMIT_AS (memory), RLIMIT_FSIZE (no file can be written; zero for our workers),
/// RLIMIT_NOFILE (64) and RLIMIT_CORE 0 (a crash never dumps the plaintext to disk). Inside bubblewrap the process sees
/// /usr read-only, the folders of its own program, /proc, a minimal /dev and an empty tmpfs; it has its own network,
/// PID, IPC and user namespaces, no capabilities and an empty environment but what is given, and dies with the zone.
/// Without bubblewrap (a container that forbids namespaces) only the limits and the empty environment apply, and the
/// zone says so at start.
/// </remarks>
public sealed class Sandbox
{
    private static readonly Lazy<bool> BubblewrapWorks = new(() => Probe(FindProgram("bwrap")));

    private Sandbox(string? bubblewrap, string? prlimit)
    {
        Bubblewrap = bubblewrap;
        Prlimit = prlimit;
    }

    /// <summary>The bwrap program when it runs here (checked once per process), else null.</summary>
    public string? Bubblewrap { get; }

    /// <summary>The prlimit program, else null (no limits but the worker's own heap limit).</summary>
    public string? Prlimit { get; }

    public static Sandbox Detect() => new(BubblewrapWorks.Value ? FindProgram("bwrap") : null, FindProgram("prlimit"));

    /// <summary>What this sandbox is, for the zone's start-up line.</summary>
    public string Describe() =>
        (Bubblewrap, Prlimit) switch
        {
            (not null, not null) => "bwrap, no network, resource limits",
            (not null, null) => "bwrap, no network, no resource limits (prlimit not found)",
            (null, not null) => "resource limits only (bwrap not working here)",
            _ => "no sandbox and no resource limits (neither bwrap nor prlimit found)",
        };

    /// <param name="command">The program (an absolute path, or a name on PATH) and its arguments.</param>
    /// <param name="fileSizeBytes">RLIMIT_FSIZE: the largest file the process may write.</param>
    /// <param name="addressSpaceBytes">RLIMIT_AS.</param>
    /// <param name="environment">The process's whole environment besides PATH and HOME.</param>
    /// <param name="home">The working folder and HOME inside the sandbox (a private tmpfs there).</param>
    public ProcessStartInfo StartInfo(
        IReadOnlyList<string> command,
        long fileSizeBytes,
        long addressSpaceBytes,
        IReadOnlyDictionary<string, string> environment,
        string home = "/tmp"
    )
    {
        var program = FindProgram(command[0]) ?? command[0];
        var arguments = new List<string>();
        if (Prlimit is not null)
        {
            arguments.AddRange([
                Prlimit,
                string.Create(CultureInfo.InvariantCulture, $"--as={addressSpaceBytes}"),
                string.Create(CultureInfo.InvariantCulture, $"--fsize={fileSizeBytes}"),
                "--nofile=64",
                "--core=0",
                "--",
            ]);
        }

        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = home,
        };
        if (Bubblewrap is not null)
        {
            arguments.AddRange([
                Bubblewrap,
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL",
                "--clearenv",
                "--ro-bind",
                "/usr",
                "/usr",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
                "--tmpfs",
                "/tmp",
                "--ro-bind-try",
                "/etc/fonts",
                "/etc/fonts",
                "--ro-bind-try",
                "/etc/mime.types",
                "/etc/mime.types",
                "--ro-bind-try",
                "/etc/ld.so.cache",
                "/etc/ld.so.cache",
            ]);
            foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64" })
            {
                if (new FileInfo(top).LinkTarget is { } target)
                {
                    arguments.AddRange(["--symlink", target, top]);
                }
                else if (Directory.Exists(top))
                {
                    arguments.AddRange(["--ro-bind", top, top]);
                }
            }

            if (home != "/tmp")
            {
                arguments.AddRange(["--tmpfs", home]);
            }

            // The program's own folder, and that of any file it is given (jebo.dll, a script's interpreter), read-only.
            foreach (
                var folder in new[] { program }
                    .Concat(command.Skip(1))
                    .Where(a => Path.IsPathRooted(a) && Path.Exists(a))
                    .Select(a => Path.GetDirectoryName(Path.GetFullPath(a))!)
                    .Where(f => f != "/usr" && !f.StartsWith("/usr/", StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal)
            )
            {
                arguments.AddRange(["--ro-bind", folder, folder]);
            }

            foreach (var (name, value) in variables)
            {
                arguments.AddRange(["--setenv", name, value]);
            }

            arguments.AddRange(["--chdir", home, "--"]);
        }

        arguments.Add(program);
        arguments.AddRange(command.Skip(1));
        var start = new ProcessStartInfo(arguments[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Bubblewrap is null ? Path.GetTempPath() : "/",
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // Not the zone's environment (database passwords, settings): only what the process needs.
        start.Environment.Clear();
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The full path of a program given by path or by name on PATH, or null.</summary>
    public static string? FindProgram(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    private static bool Probe(string? bubblewrap)
    {
        if (bubblewrap is null || !OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            using var probe = Process.Start(
                new ProcessStartInfo(bubblewrap)
                {
                    ArgumentList = { "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--", "true" },
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                }
            )!;
            if (!probe.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }

            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
