using System.Diagnostics;

namespace Jebo.Fuzzing;

/// <summary>One thing fuzzed: it runs an input and returns a word for what became of it (for instance "refused"), or
/// throws when the input shows a fault — an exception the code does not mean to throw, or slowness.</summary>
public abstract class FuzzTarget(string name)
{
    /// <summary>Above this, an input is slow whatever its size: no parser should need it for a small file.</summary>
    public static readonly TimeSpan SlowFloor = TimeSpan.FromMilliseconds(250);

    /// <summary>The rate above which an input is slow: one second per MiB (issue 13).</summary>
    public static readonly TimeSpan SlowPerMebibyte = TimeSpan.FromSeconds(1);

    public string Name => name;

    /// <summary>Whether a file from a folder of samples is a useful seed for this target.</summary>
    public abstract bool TakesSeed(ReadOnlySpan<byte> file);

    /// <summary>Runs the input once; throws on a fault.</summary>
    protected abstract string RunOnce(byte[] input);

    /// <summary>Runs the input and flags it when it is slow. A slow first run is repeated and judged by the processor
    /// time the process spent on it, not by the clock: on a busy machine a process waits for a core (or for a
    /// compilation, or a neighbour), and waiting is not the parser's work. A parser that blocks without working is
    /// cut off by the fuzzer's own hang timeout.</summary>
    public string Check(byte[] input)
    {
        var budget = Budget(input.Length);
        var watch = Stopwatch.StartNew();
        var outcome = RunOnce(input);
        if (watch.Elapsed <= budget)
        {
            return outcome;
        }

        using var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        RunOnce(input);
        self.Refresh();
        var worked = self.TotalProcessorTime - before;
        return worked <= budget
            ? outcome
            : throw new SlowInputException(
                $"{name}: {input.Length} bytes took {worked.TotalMilliseconds:F0} ms of processor time, above the "
                    + $"budget of {budget.TotalMilliseconds:F0} ms"
            );
    }

    public static TimeSpan Budget(long bytes) =>
        TimeSpan.FromTicks(Math.Max(SlowFloor.Ticks, (long)(SlowPerMebibyte.Ticks * (bytes / (1024.0 * 1024.0)))));
}

/// <summary>An input that took longer than <see cref="FuzzTarget.Budget"/>: a finding like a crash.</summary>
public sealed class SlowInputException(string message) : Exception(message);

/// <summary>An input on which the code broke a promise it makes (not a crash, but a wrong answer).</summary>
public sealed class BrokenPropertyException(string message) : Exception(message);

/// <summary>Every target: one per kind of attachment (so a kind added to
/// <see cref="Intake.Attachments.AttachmentKind"/> is fuzzed from then on), and the bundle reader. The kinds mat2
/// cleans (PDF, office documents) are not ours to fuzz: mat2 parses them in its own sandboxed process, and our code
/// only recognises them.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        // The kinds of AttachmentCleaners.ByMat2, said again: instrumented code must not run outside the fuzzing loop.
        .. Enum.GetValues<Intake.Attachments.AttachmentKind>()
            .Where(kind =>
                kind is not (Intake.Attachments.AttachmentKind.Pdf or Intake.Attachments.AttachmentKind.Office)
            )
            .Select(kind => new CleanerTarget(kind)),
        new BundleTarget(),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
