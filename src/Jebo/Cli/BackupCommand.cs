using Jebo.Backups;

namespace Jebo.Cli;

/// <summary><c>jebo backup --to DIR [--zone Z]</c> and <c>jebo restore --from DIR [--zone Z]</c>: a zone's database,
/// keys and spool; consistent while running. With both zones in one data folder, each gets its own subfolder.</summary>
public static class BackupCommand
{
    private static readonly string[] BothZones = ["intake", "casework"];

    public static async Task<int> BackupAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly("to", "zone");
        var settings = JeboSettings.From(arguments, null);
        var target = arguments.Require("to");
        foreach (var zone in Zones(arguments, settings))
        {
            var (folder, database, spool) = Of(settings, zone);
            var manifest = await ZoneBackup.CreateAsync(zone, folder, database, spool, Path.Combine(target, zone), cancellationToken);
            await output.WriteLineAsync($"{zone}: {manifest.Files.Count} file(s) backed up to {Path.Combine(target, zone)} ({manifest.Provider})");
        }

        return 0;
    }

    public static async Task<int> RestoreAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly("from", "zone");
        var settings = JeboSettings.From(arguments, null);
        var source = arguments.Require("from");
        var zones = arguments.Get("zone") is { } only ? [only] : BothZones.Where(z => Directory.Exists(Path.Combine(source, z))).ToArray();
        if (zones.Length == 0)
        {
            throw new CommandFailedException($"{source} holds no zone backup (intake/ or casework/)");
        }

        foreach (var zone in zones)
        {
            var (folder, database, spool) = Of(settings, zone);
            await ZoneBackup.RestoreAsync(Path.Combine(source, zone), folder, database, spool, cancellationToken);
            await output.WriteLineAsync($"{zone}: restored into {folder}; run `jebo audit verify` and `jebo transfer status` before starting");
        }

        return 0;
    }

    private static string[] Zones(Arguments arguments, JeboSettings settings) => arguments.Get("zone") switch
    {
        "intake" => ["intake"],
        "casework" => ["casework"],
        null => [.. BothZones.Where(z => Directory.Exists(Path.Combine(z == "intake" ? settings.IntakeFolder : settings.CaseworkFolder, "keys")))],
        var other => throw new UsageException($"--zone must be intake or casework, not '{other}'"),
    };

    private static (string Folder, string Database, string Spool) Of(JeboSettings settings, string zone) => zone switch
    {
        "intake" => (settings.Intake.ZoneFolder, settings.Intake.Database, settings.Intake.OutboundSpool),
        "casework" => (settings.Casework.ZoneFolder, settings.Casework.Database, settings.Casework.OutboundSpool),
        _ => throw new UsageException($"--zone must be intake or casework, not '{zone}'"),
    };
}
