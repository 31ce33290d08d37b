using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Cli;

/// <summary><c>jebo audit verify [--checkpoint-file FILE] [--checkpoints FILE]</c> recomputes the hash chain and checks
/// the signed checkpoints — in the database, in the checkpoint file outside it (the zone's own, or a copy kept off the
/// machine) and in an export — (exit 1 naming the first bad entry); <c>jebo audit checkpoint [--export FILE]</c> signs
/// the head and exports all checkpoints for safekeeping off the machine; <c>jebo audit rebuild</c> replays the log's
/// case events and names every difference from the stored cases (exit 1, one line each), changing nothing.</summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action =
            arguments.Words.Count > 1
                ? arguments.Words[1]
                : throw new UsageException("usage: jebo audit verify|checkpoint|rebuild");
        // Bad usage is said before the data folder is looked at, so a mistyped command is named as such on any machine.
        arguments.AllowOnly(
            action switch
            {
                "verify" => ["checkpoints", "checkpoint-file"],
                "checkpoint" => ["export"],
                "rebuild" => [],
                _ => throw new UsageException($"unknown audit action '{action}'"),
            }
        );
        var settings = JeboSettings.From(arguments, null);
        ZoneServices.Require(settings, Transfer.ZoneName.Casework);
        await using var casework = ZoneServices.Casework(settings);
        var db = casework.Get<CaseworkDb>();
        switch (action)
        {
            case "verify":
            {
                var file = arguments.Get("checkpoint-file") is { } given
                    ? new AuditCheckpointFile(given)
                    : casework.Get<AuditCheckpointFile>();
                if (arguments.Has("checkpoint-file") && !file.Exists)
                {
                    throw new CommandFailedException($"checkpoint file {file.Path} does not exist");
                }

                var external = arguments.Get("checkpoints") is { } exported
                    ? AuditVerifier.Import(await File.ReadAllTextAsync(exported, cancellationToken))
                    : null;
                // The database first: an unreachable server is the likelier trouble, and its message names it.
                await db.Database.OpenConnectionAsync(cancellationToken);

                var outcome = await new AuditVerifier(db).VerifyAsync(
                    Transfer.Keys.KeyFolder.OwnSigningKeys(settings.Casework.KeysFolder),
                    file,
                    external,
                    cancellationToken
                );
                if (!outcome.Intact)
                {
                    throw new CommandFailedException($"audit chain broken: {outcome.Problem}");
                }

                await output.WriteLineAsync(
                    $"audit chain intact: {outcome.Entries} entries, {outcome.Checkpoints} signed checkpoint(s) "
                        + $"hold (database, {file.Path}{(external is null ? "" : ", export")})"
                );
                return 0;
            }

            case "checkpoint":
            {
                // Before signing: a checkpoint signed and then not written is a second checkpoint for nothing.
                if (
                    arguments.Get("export") is { } exportTo
                    && Path.GetDirectoryName(Path.GetFullPath(exportTo)) is { } folder
                    && !Directory.Exists(folder)
                )
                {
                    throw new CommandFailedException(
                        $"no folder {folder} to export into; nothing was signed: mount the medium or create the "
                            + $"folder, then run `jebo audit checkpoint --export {exportTo}` again"
                    );
                }

                AuditCheckpoint? made;
                try
                {
                    made = await casework.Get<AuditCheckpoints>().MakeAsync(cancellationToken);
                }
                catch (InvalidDataException e)
                {
                    throw new CommandFailedException(e.Message);
                }

                await output.WriteLineAsync(
                    made is null
                        ? "no new entries since the last checkpoint"
                        : $"signed checkpoint at entry {made.Sequence}"
                );
                if (arguments.Get("export") is { } target)
                {
                    var all = await db
                        .AuditCheckpoints.AsNoTracking()
                        .OrderBy(c => c.Sequence)
                        .ToListAsync(cancellationToken);
                    await File.WriteAllTextAsync(target, AuditVerifier.Export(all), cancellationToken);
                    await output.WriteLineAsync(
                        $"{all.Count} checkpoint(s) written to {target}; keep the file off this machine"
                    );
                }

                return 0;
            }

            case "rebuild":
            {
                var differences = await new CaseProjection(db).CompareAsync(cancellationToken);
                foreach (var difference in differences)
                {
                    await output.WriteLineAsync(difference.ToString());
                }

                if (differences.Count > 0)
                {
                    var cases = differences.Select(d => d.CaseId).Distinct(StringComparer.Ordinal).Count();
                    throw new CommandFailedException(
                        $"case state differs from the audit log: {differences.Count} difference(s) in {cases} case(s)"
                    );
                }

                var count = await db.Cases.CountAsync(cancellationToken);
                await output.WriteLineAsync($"case state matches the audit log: {count} case(s) replayed");
                return 0;
            }

            default:
                throw new InvalidOperationException($"audit action '{action}' passed the usage check");
        }
    }
}
