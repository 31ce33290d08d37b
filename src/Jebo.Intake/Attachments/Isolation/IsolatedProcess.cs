using System.Diagnostics;
using System.Security.Cryptography;

namespace Jebo.Intake.Attachments.Isolation;

/// <summary>Why an isolated cleaning gave no answer: the process crashed, ran out of its budget, or said something
/// outside the protocol. The upload is refused as "could not be checked"; the zone goes on.</summary>
public sealed class CleanerFailedException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>One cleaning process: the file goes in through its stdin, the answer comes out of its stdout, its stderr is
/// read and dropped, and it is killed (with everything it started) when done with or when it overruns its
/// budget.</summary>
public sealed class IsolatedProcess : IAsyncDisposable
{
    private readonly Process process;

    private IsolatedProcess(Process process) => this.process = process;

    public static IsolatedProcess Start(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        return new IsolatedProcess(process);
    }

    public bool HasExited => process.HasExited;

    public string Outcome => !process.HasExited ? "still running" : $"exit status {process.ExitCode}";

    /// <summary>
    /// Sends the file (its first bytes <paramref name="head"/>, then the rest of <paramref name="rest"/>) through
    /// <paramref name="writeInput"/> while <paramref name="readAnswer"/> reads the answer; returns that answer.
    /// </summary>
    /// <remarks>
    /// The budget is <see cref="CleaningOptions.BaseBudget"/> plus <see cref="CleaningOptions.SecondsPerMebibyte"/> per
    /// MiB sent, counting only the time not spent waiting for the client's upload, so a slow phone connection is never
    /// the worker's fault while a worker that stops reading, spins or never answers is killed. Errors from the client
    /// (a cut connection, a file over the size limit) pass through unchanged; everything the process does wrong
    /// becomes <see cref="CleanerFailedException"/>.
    /// </remarks>
    public async Task<T> RunAsync<T>(
        ReadOnlyMemory<byte> head,
        Stream rest,
        Func<Stream, ReadOnlyMemory<byte>, CancellationToken, Task> writeInput,
        Func<Stream, CancellationToken, Task> endInput,
        Func<Stream, CancellationToken, Task<T>> readAnswer,
        CleaningOptions options,
        CancellationToken cancellationToken
    )
    {
        using var budget = new CleaningBudget(options, Kill, cancellationToken);
        using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
        var feeding = FeedAsync(head, rest, writeInput, endInput, budget, stopFeeding.Token);
        var answering = readAnswer(process.StandardOutput.BaseStream, budget.Token);
        try
        {
            if (
                await Task.WhenAny(feeding, answering) == feeding
                && feeding.Exception?.InnerException is ClientException
            )
            {
                Kill();
            }
            else
            {
                // An answer may come before the whole file was read (a refusal): the rest of the upload is then not
                // wanted.
                return await answering;
            }
        }
        catch (Exception e)
            when (e is IOException or InvalidDataException or EndOfStreamException or ObjectDisposedException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            )
        {
            Kill();
            throw new CleanerFailedException(
                budget.Expired ? "it overran its time budget" : $"its answer broke off ({e.GetType().Name})",
                e
            );
        }
        finally
        {
            // Nothing reads the request body behind the caller's back once this returns.
            await stopFeeding.CancelAsync();
            await Task.WhenAny(feeding);
            await Task.WhenAny(answering);
        }

        // The client's upload failed (cut off, or over the size limit): that, not the worker, is the reason.
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(
            ((ClientException)feeding.Exception!.InnerException!).InnerException!
        );
        return default!;
    }

    private async Task FeedAsync(
        ReadOnlyMemory<byte> head,
        Stream rest,
        Func<Stream, ReadOnlyMemory<byte>, CancellationToken, Task> writeInput,
        Func<Stream, CancellationToken, Task> endInput,
        CleaningBudget budget,
        CancellationToken token
    )
    {
        var input = process.StandardInput.BaseStream;
        var buffer = new byte[64 * 1024];
        try
        {
            await ToWorkerAsync(() => writeInput(input, head, token));
            budget.Received(head.Length);
            int n;
            while (
                (
                    n = await FromClientAsync(() =>
                        budget.WaitingForClientAsync(() => rest.ReadAsync(buffer, token).AsTask())
                    )
                ) > 0
            )
            {
                budget.Received(n);
                await ToWorkerAsync(() => writeInput(input, buffer.AsMemory(0, n), token));
            }

            await ToWorkerAsync(async () =>
            {
                await endInput(input, token);
                input.Close();
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static async Task<int> FromClientAsync(Func<Task<int>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ClientException(e);
        }
    }

    /// <summary>The upload failed on the client's side; carries the original error.</summary>
    private sealed class ClientException(Exception inner) : Exception(inner.Message, inner);

    private static async Task ToWorkerAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new CleanerFailedException("it stopped reading", e);
        }
    }

    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits briefly for the exit status (mat2's answer is its exit status).</summary>
    public async Task<int?> ExitStatusAsync(CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // A process that will not die within seconds of SIGKILL is stuck in the kernel; nothing more to do here.
        }

        process.Dispose();
    }
}

/// <summary>The clock of one isolated cleaning (see <see cref="IsolatedProcess.RunAsync"/>): runs except while waiting
/// for the client, and kills the process when the time spent passes the allowance for the bytes sent so far.</summary>
internal sealed class CleaningBudget : IDisposable
{
    private readonly CleaningOptions options;
    private readonly Stopwatch charged = Stopwatch.StartNew();
    private readonly CancellationTokenSource expiry;
    private readonly Timer watchdog;
    private readonly Action kill;
    private readonly Lock gate = new();
    private long received;

    public CleaningBudget(CleaningOptions options, Action kill, CancellationToken cancellationToken)
    {
        this.options = options;
        this.kill = kill;
        expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog = new Timer(_ => Check(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public CancellationToken Token => expiry.Token;

    public bool Expired { get; private set; }

    public void Received(int bytes) => Interlocked.Add(ref received, bytes);

    public async Task<int> WaitingForClientAsync(Func<Task<int>> read)
    {
        lock (gate)
        {
            charged.Stop();
        }

        try
        {
            return await read();
        }
        finally
        {
            lock (gate)
            {
                charged.Start();
            }
        }
    }

    private void Check()
    {
        var allowed =
            options.BaseBudget + (options.SecondsPerMebibyte * (Interlocked.Read(ref received) / (1024.0 * 1024)));
        lock (gate)
        {
            if (Expired || charged.Elapsed <= allowed)
            {
                return;
            }

            Expired = true;
        }

        kill();
        try
        {
            expiry.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished at the same moment.
        }
    }

    public void Dispose()
    {
        watchdog.Dispose();
        expiry.Dispose();
    }
}
