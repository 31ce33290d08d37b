namespace Jebo.Intake.Attachments.Isolation;

/// <summary>
/// Cleans PDF and office documents with mat2 (the metadata remover Tails and SecureDrop use), one file per run,
/// inside bubblewrap under resource limits. The file goes in on stdin and the cleaned file comes out on stdout.
/// </summary>
/// <remarks>
/// Security: mat2 reads and writes files by name, so the file is written into a tmpfs that exists only inside this
/// run's sandbox (its own mount namespace, in memory) and is gone when the sandbox exits, a second later; it never
/// touches the zone's disk. mat2's own sandbox is switched off (<c>--no-sandbox</c>) because the whole of mat2, its
/// Python parsers included, already runs inside ours; without a working bwrap mat2 is not used at all. Members of an
/// office file that mat2 does not know are dropped (<c>--unknown-members omit</c>), never kept. A PDF is rendered to
/// pictures of its pages: what was text can no longer be searched, and nothing hidden behind the pages survives.
/// </remarks>
public sealed class Mat2Cleaner(CleaningOptions options, Sandbox sandbox, string mat2)
{
    // mat2 starts Python and Poppler for every file and renders each PDF page: a larger budget than our own cleaners'.
    private const int BudgetFactor = 3;

    private const string Script =
        """cat > "in$1" && "$2" --no-sandbox --unknown-members omit "in$1" >/dev/null 2>&1 && cat "in.cleaned$1" """;

    public string Program => mat2;

    /// <returns>Cleaned, or Refused when mat2 could not clean the file (it says so for damaged and unsupported
    /// files).</returns>
    public async Task<CleanerStatus> CleanAsync(
        AttachmentKind kind,
        ReadOnlyMemory<byte> head,
        Stream rest,
        Stream sink,
        long maxOutput,
        CancellationToken cancellationToken
    )
    {
        var extension = AttachmentType.Extension(kind, head.Span);
        var start = sandbox.StartInfo(
            ["/bin/sh", "-c", Script, "sh", extension, mat2],
            fileSizeBytes: (4 * maxOutput) + (16L * 1024 * 1024),
            options.AddressSpaceBytes,
            new Dictionary<string, string>(StringComparer.Ordinal),
            home: "/work"
        );
        await using var process = IsolatedProcess.Start(start);
        var budget = options with
        {
            BaseBudget = options.BaseBudget * BudgetFactor,
            SecondsPerMebibyte = options.SecondsPerMebibyte * BudgetFactor,
        };
        return await process.RunAsync(
            head,
            rest,
            (input, piece, token) => input.WriteAsync(piece, token).AsTask(),
            (_, _) => Task.CompletedTask,
            async (output, token) =>
            {
                await CleanerPool.CopyLimitedAsync(output, sink, maxOutput, token);
                return await process.ExitStatusAsync(token) switch
                {
                    0 => CleanerStatus.Cleaned,
                    null => throw new CleanerFailedException("mat2 did not exit after its answer"),
                    // mat2 says "something went wrong" (status 255) for a damaged, unsupported or too demanding file.
                    _ => CleanerStatus.Refused,
                };
            },
            budget,
            cancellationToken
        );
    }
}
