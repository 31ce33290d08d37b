using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Jebo.Storage.Background;

/// <summary>
/// Threads of their own, at a lower operating-system priority than the threads that answer requests, for the background
/// work of a zone that shares its process with the public zone (<see cref="ProcessorShare.Beside"/>). A round of a
/// loop runs here (<see cref="PeriodicLoop"/>), and so do its continuations and its parallel loops, which are given
/// this scheduler (<see cref="ProcessorShare.Options"/>); the machine's scheduler then gives the requests' threads the
/// processors first and the background work what they leave, without waiting or guessing.
/// </summary>
/// <remarks>.NET does not apply <see cref="Thread.Priority"/> on Linux, so there each thread sets its own nice value
/// (<see cref="LowerCurrentThread"/>): <see cref="Nice"/> gives it about a tenth of a processor's time against a
/// thread at the default when both want it, and all of it when nothing else does.</remarks>
public sealed partial class BackgroundScheduler : TaskScheduler, IDisposable
{
    /// <summary>The nice value of a background thread on Linux (0 is the default; 19 the lowest).</summary>
    public const int Nice = 10;

    private readonly BlockingCollection<Task> queue = [];
    private readonly Thread[] threads;

    [ThreadStatic]
    private static BackgroundScheduler? running;

    public BackgroundScheduler(int threadCount, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        threads =
        [
            .. Enumerable
                .Range(0, threadCount)
                .Select(i => new Thread(Run) { IsBackground = true, Name = $"{name} {i + 1}" }),
        ];
        foreach (var thread in threads)
        {
            thread.Start();
        }
    }

    public override int MaximumConcurrencyLevel => threads.Length;

    /// <summary>Whether the calling thread is one of this scheduler's.</summary>
    public bool IsCurrent => running == this;

    private void Run()
    {
        running = this;
        LowerCurrentThread();
        foreach (var task in queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task) => queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        IsCurrent && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [.. queue];

    /// <summary>Takes no more work; the threads end once what was queued has run. The queue is released only when
    /// they have ended (a round cut short at shutdown may still finish), so never when one of them disposes it: that
    /// thread still reads the queue once this returns.</summary>
    public void Dispose()
    {
        queue.CompleteAdding();
        if (!IsCurrent && threads.All(t => t.Join(TimeSpan.FromSeconds(5))))
        {
            queue.Dispose();
        }
    }

    /// <summary>Lowers the calling thread's priority: its nice value on Linux, <see cref="Thread.Priority"/>
    /// elsewhere. False when the system refused (the work then runs at the default priority, as before).</summary>
    public static bool LowerCurrentThread()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return SetPriority(ProcessWhich, (uint)GetThreadId(), Nice) == 0;
            }
            catch (EntryPointNotFoundException)
            {
                // A C library without gettid (glibc before 2.30): below, as on other systems.
            }
        }

        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        return true;
    }

    /// <summary>The calling thread's nice value on Linux; null elsewhere.</summary>
    public static int? CurrentNice() =>
        OperatingSystem.IsLinux() ? GetPriority(ProcessWhich, (uint)GetThreadId()) : null;

    // PRIO_PROCESS with a thread id names that thread alone on Linux (setpriority(2), "BUGS").
    private const int ProcessWhich = 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, uint who, int priority);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, uint who);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
