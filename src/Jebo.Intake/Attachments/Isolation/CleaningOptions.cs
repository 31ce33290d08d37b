namespace Jebo.Intake.Attachments.Isolation;

/// <summary>Where uploaded files are cleaned (docs/portal.md, "Cleaning in isolation").</summary>
public sealed record CleaningOptions
{
    /// <summary>True (the default): each file is cleaned in a worker process under resource limits. False: in the
    /// zone's own process, only for a machine that cannot start processes; mat2's formats are then refused.</summary>
    public bool Isolated { get; init; } = true;

    /// <summary>How many files are cleaned at once; more uploads wait their turn.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The worker program and its arguments; null: the <c>jebo</c> beside the running zone
    /// (<see cref="CleanerPool.DefaultCommand"/>).</summary>
    public IReadOnlyList<string>? WorkerCommand { get; init; }

    /// <summary>The mat2 program for PDF and office documents; a missing one means those are refused.</summary>
    public string Mat2 { get; init; } = "mat2";

    /// <summary>The time a file may take in a worker before it is killed: this, plus <see cref="SecondsPerMebibyte"/>
    /// for each MiB received. Time spent waiting for the client's upload is not counted.</summary>
    public TimeSpan BaseBudget { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SecondsPerMebibyte { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The managed heap of a worker (DOTNET_GCHeapHardLimit).</summary>
    public long WorkerHeapBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The address space of a worker or of mat2 (RLIMIT_AS): a backstop for native memory; the runtime
    /// reserves far more address space than it uses, so this is well above the heap limit.</summary>
    public long AddressSpaceBytes { get; init; } = 4L * 1024 * 1024 * 1024;
}
