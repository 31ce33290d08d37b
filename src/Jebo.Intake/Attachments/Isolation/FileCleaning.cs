using Jebo.Intake.Attachments.Cleaning;
using Jebo.Intake.Validation;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Attachments.Isolation;

/// <summary>A file refused while cleaning, with the reason the reporter reads.</summary>
public sealed class AttachmentRefusedException(ValidationCode code) : Exception(code.ToString())
{
    public ValidationCode Code { get; } = code;
}

/// <summary>
/// The one place that decides where an uploaded file is cleaned: our own cleaners in a worker process
/// (<see cref="CleanerPool"/>), mat2 in its sandbox (<see cref="Mat2Cleaner"/>), or, only when so configured, our own
/// cleaners in the zone's process. At most <see cref="CleaningOptions.Workers"/> files are cleaned at once; more wait.
/// </summary>
public sealed class FileCleaning : IAsyncDisposable
{
    private readonly CleaningOptions options;
    private readonly long maxOutput;
    private readonly SemaphoreSlim slots;
    private readonly CleanerPool? pool;
    private readonly Mat2Cleaner? mat2;
    private readonly string? mat2Missing;
    private readonly bool noWorker;

    public FileCleaning(IntakeOptions intake, ILogger<FileCleaning> logger)
    {
        options = intake.Cleaning;
        maxOutput = intake.MaxAttachmentBytes;
        slots = new SemaphoreSlim(Math.Max(1, options.Workers));
        if (!options.Isolated)
        {
            mat2Missing = "files are cleaned in the zone's own process";
            return;
        }

        var sandbox = Sandbox.Detect();
        Sandboxing = sandbox.Describe();
        if ((options.WorkerCommand ?? CleanerPool.DefaultCommand()) is { } command)
        {
            pool = new CleanerPool(options, sandbox, command, logger);
        }
        else
        {
            // Refuse every file with a reason rather than clean one in the zone's process unasked.
            noWorker = true;
            logger.LogError(
                "No jebo program was found to run cleaner workers; every file is refused. Give one with "
                    + "--cleaner-command"
            );
        }

        var program = Sandbox.FindProgram(options.Mat2);
        mat2Missing =
            program is null ? "mat2 not installed"
            : sandbox.Bubblewrap is null ? "mat2 runs only inside bwrap, which does not work here"
            : null;
        if (mat2Missing is null)
        {
            mat2 = new Mat2Cleaner(options, sandbox, program!);
        }
    }

    private string Sandboxing { get; } = "";

    /// <summary>What the zone does with files, for its start-up line.</summary>
    public string Describe()
    {
        if (noWorker)
        {
            return "files: all refused: no jebo program found to run cleaner workers (give one with --cleaner-command)";
        }

        var own = pool is null
            ? "own cleaners in the zone's process (--file-cleaning in-process)"
            : $"own cleaners in up to {options.Workers} isolated workers ({Sandboxing})";
        var others = mat2 is null ? $"PDF/office refused: {mat2Missing}" : "PDF/office by mat2 in bwrap";
        return $"files: {own}; {others}";
    }

    /// <summary>Cleans one file (its first bytes, then the rest of the stream) into <paramref name="sink"/>.</summary>
    /// <exception cref="AttachmentRefusedException">The file is refused, with the reason.</exception>
    /// <exception cref="AttachmentTooLargeException">The file, or what cleaning made of it, is over the size
    /// limit.</exception>
    public async Task CleanAsync(
        AttachmentKind kind,
        ReadOnlyMemory<byte> head,
        Stream rest,
        Stream sink,
        CancellationToken cancellationToken
    )
    {
        if (noWorker || (AttachmentCleaners.ByMat2(kind) && mat2 is null))
        {
            throw new AttachmentRefusedException(ValidationCode.AttachmentUnchecked);
        }

        await slots.WaitAsync(cancellationToken);
        try
        {
            var status =
                pool is null
                    ? await CleanerProtocol.CleanAsync(kind, new ByteSource(rest, head), sink, cancellationToken)
                : AttachmentCleaners.ByMat2(kind)
                    ? await mat2!.CleanAsync(kind, head, rest, sink, maxOutput, cancellationToken)
                : await pool.CleanAsync(kind, head, rest, sink, maxOutput, cancellationToken);
            if (status != CleanerStatus.Cleaned)
            {
                throw new AttachmentRefusedException(
                    status == CleanerStatus.TooComplex
                        ? ValidationCode.AttachmentTooComplex
                        : ValidationCode.AttachmentDamaged
                );
            }
        }
        catch (CleanerFailedException)
        {
            throw new AttachmentRefusedException(ValidationCode.AttachmentUnchecked);
        }
        finally
        {
            slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (pool is not null)
        {
            await pool.DisposeAsync();
        }

        slots.Dispose();
    }
}
