using Jebo.Casework;
using Jebo.Casework.Audit;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Cli;

/// <summary><c>jebo audit verify</c>: recomputes the hash chain; exit 1 naming the first bad entry.</summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Words.Count < 2 || arguments.Words[1] != "verify")
        {
            throw new UsageException("usage: jebo audit verify");
        }

        arguments.AllowOnly();
        var settings = JeboSettings.From(arguments, null);
        await using var db = CaseworkZone.OpenDatabase(settings.Casework);
        var entries = db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable();
        var list = new List<AuditEntry>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            list.Add(entry);
        }

        if (AuditChain.FirstBreak(list) is { } problem)
        {
            throw new CommandFailedException($"audit chain broken: {problem}");
        }

        await output.WriteLineAsync($"audit chain intact: {list.Count} entries");
        return 0;
    }
}
