using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Attachments.Isolation;

/// <summary>
/// The intake zone's cleaner workers (<c>jebo clean-worker</c>): each cleans one file and exits; a fresh one is started
/// beside it to wait for the next upload, so an upload rarely waits for a start.
/// </summary>
/// <remarks>
/// Security: one file per process, so a file that takes a parser over never sees another reporter's file and leaves
/// nothing behind for the next. A worker that crashes, overruns its budget or answers outside
/// <see cref="CleanerProtocol"/> is killed and costs only its own upload (<see cref="CleanerFailedException"/>).
/// The worker's managed heap is capped (DOTNET_GCHeapHardLimit) besides the sandbox's limits; the runtime's
/// double-mapped code pages are switched off (DOTNET_EnableWriteXorExecute=0) because they need a file to grow, which
/// RLIMIT_FSIZE=0 forbids: a worker cannot write a byte to any file.
/// </remarks>
public sealed class CleanerPool(CleaningOptions options, Sandbox sandbox, IReadOnlyList<string> command, ILogger logger)
    : IAsyncDisposable
{
    private readonly Queue<IsolatedProcess> idle = new();
    private readonly Lock gate = new();
    private bool disposed;

    public IReadOnlyList<string> Command => command;

    /// <summary>Cleans one file in a worker, writing the cleaned bytes to <paramref name="sink"/>.</summary>
    /// <returns>The worker's verdict; <see cref="CleanerFailedException"/> when it gave none.</returns>
    public async Task<CleanerStatus> CleanAsync(
        AttachmentKind kind,
        ReadOnlyMemory<byte> head,
        Stream rest,
        Stream sink,
        long maxOutput,
        CancellationToken cancellationToken
    )
    {
        IsolatedProcess worker;
        try
        {
            worker = TakeIdle() ?? Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            logger.LogError("Cleaner worker could not be started ({Program}): {Reason}", command[0], e.Message);
            throw new CleanerFailedException("no worker could be started", e);
        }

        try
        {
            var started = false;
            return await worker.RunAsync(
                head,
                rest,
                async (input, piece, token) =>
                {
                    if (!started)
                    {
                        started = true;
                        await CleanerProtocol.WriteRequestAsync(input, kind, token);
                    }

                    await new FrameWriteStream(input).WriteAsync(piece, token);
                },
                (input, token) => new FrameWriteStream(input).EndAsync(token),
                async (output, token) =>
                {
                    await CleanerProtocol.ReadMagicAsync(output, token);
                    var frames = new FrameReadStream(output);
                    await CopyLimitedAsync(frames, sink, maxOutput, token);
                    return await frames.ReadStatusAsync(token);
                },
                options,
                cancellationToken
            );
        }
        catch (CleanerFailedException e)
        {
            logger.LogWarning("Cleaner worker failed and was replaced: {Reason}; {Outcome}", e.Message, worker.Outcome);
            throw;
        }
        finally
        {
            await worker.DisposeAsync();
            Replenish();
        }
    }

    /// <summary>Copies a process's answer to the sink, refusing one that grows past the size limit.</summary>
    public static async Task CopyLimitedAsync(
        Stream answer,
        Stream sink,
        long maxOutput,
        CancellationToken cancellationToken
    )
    {
        var buffer = new byte[64 * 1024];
        var total = 0L;
        int n;
        while ((n = await answer.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += n;
            if (total > maxOutput)
            {
                throw new AttachmentTooLargeException();
            }

            await sink.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
    }

    /// <summary>The <c>jebo clean-worker</c> beside the running code: <c>dotnet jebo.dll</c> with the dotnet host that
    /// runs this process (as under <c>dotnet jebo.dll</c>, the apphost, and in tests, where jebo.dll is copied beside
    /// the test assembly), else the <c>jebo</c> program itself when it is the running process (a self-contained
    /// build).</summary>
    public static IReadOnlyList<string>? DefaultCommand()
    {
        const string verb = "clean-worker";
        var dll = Path.Combine(AppContext.BaseDirectory, "jebo.dll");
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var host = Path.Combine(root, "dotnet");
        if (File.Exists(dll) && File.Exists(host))
        {
            return [host, dll, verb];
        }

        return Environment.ProcessPath is { } path && Path.GetFileName(path) == "jebo" ? [path, verb] : null;
    }

    private IsolatedProcess? TakeIdle()
    {
        lock (gate)
        {
            while (idle.TryDequeue(out var worker))
            {
                if (!worker.HasExited)
                {
                    return worker;
                }

                worker.Kill();
            }
        }

        return null;
    }

    private IsolatedProcess Start()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_GCHeapHardLimit"] = options.WorkerHeapBytes.ToString("x", CultureInfo.InvariantCulture),
            ["DOTNET_EnableWriteXorExecute"] = "0",
            ["DOTNET_EnableDiagnostics"] = "0",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        return IsolatedProcess.Start(
            sandbox.StartInfo(command, fileSizeBytes: 0, options.AddressSpaceBytes, environment)
        );
    }

    /// <summary>Keeps one fresh worker waiting per slot.</summary>
    private void Replenish()
    {
        lock (gate)
        {
            if (disposed || idle.Count >= options.Workers)
            {
                return;
            }

            try
            {
                idle.Enqueue(Start());
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                logger.LogError("Cleaner worker could not be started ({Program}): {Reason}", command[0], e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        IsolatedProcess[] workers;
        lock (gate)
        {
            disposed = true;
            workers = [.. idle];
            idle.Clear();
        }

        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }
}
