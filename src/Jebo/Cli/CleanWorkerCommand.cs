using Jebo.Intake.Attachments.Cleaning;
using Jebo.Intake.Attachments.Isolation;

namespace Jebo.Cli;

/// <summary><c>jebo clean-worker</c> (hidden): cleans one uploaded file read from stdin and writes the result to
/// stdout, in <see cref="CleanerProtocol"/>'s frames, then exits. The intake zone starts it under resource limits
/// (<see cref="CleanerPool"/>); a person never runs it.</summary>
/// <remarks>Security: one file per process, so a file that takes a parser over never sees another reporter's file.
/// Nothing here opens a file, a socket or a database: the worker touches only the cleaners.</remarks>
public static class CleanWorkerCommand
{
    public const string Verb = "clean-worker";

    public static async Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var kind = await CleanerProtocol.ReadRequestAsync(input, cancellationToken);
        await CleanerProtocol.WriteMagicAsync(output, cancellationToken);
        var frames = new FrameWriteStream(output);
        CleanerStatus status;
        var file = new FrameReadStream(input);
        // Cleaners write a segment or a box at a time; frames of up to 64 KiB keep the pipe's traffic small.
        await using (var buffered = new BufferedStream(frames, 64 * 1024))
        {
            status = await CleanerProtocol.CleanAsync(
                kind,
                new ByteSource(file, ReadOnlyMemory<byte>.Empty),
                buffered,
                cancellationToken
            );
            await buffered.FlushAsync(cancellationToken);
        }

        await frames.EndAsync(cancellationToken);
        await output.WriteAsync(new[] { (byte)status }, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return 0;
    }
}
