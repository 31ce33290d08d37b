using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Storage;
using Jebo.Transfer;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jebo.Backups;

/// <summary>What a backup folder holds, with a SHA-256 of every file so a damaged copy is noticed before
/// restoring.</summary>
public sealed record BackupManifest(
    int Version,
    string Zone,
    string Provider,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Files
);

/// <summary>
/// Backs up and restores one zone: its database (SQLite online backup, consistent while the zone runs; <c>pg_dump</c>
/// for PostgreSQL), its key folder, and the spool it writes to, so the transfer position survives with the data.
/// </summary>
/// <remarks>Security: a backup holds the zone's private keys; for casework it also holds every opened report. It is
/// owner-only (<see cref="OwnerOnly"/>), and <c>jebo backup --recipient</c> encrypts it (<see cref="SealedBackup"/>);
/// keep it inside the zone's own network, never beside the other zone's backup.</remarks>
public static class ZoneBackup
{
    public const string ManifestFile = "manifest.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest> CreateAsync(
        ZoneName zone,
        string zoneFolder,
        string database,
        string? spool,
        string target,
        CancellationToken cancellationToken
    )
    {
        OwnerOnly.Folder(target);
        if (Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"backup folder {target} is not empty; give a new folder for each backup");
        }

        // The checkpoint file before the database: every checkpoint it then holds names an entry the copy holds too.
        var checkpoints = Path.Combine(zoneFolder, AuditCheckpointFile.FileName);
        if (File.Exists(checkpoints))
        {
            File.Copy(checkpoints, Path.Combine(target, AuditCheckpointFile.FileName));
        }

        var kind = DatabaseProvider.KindOf(database);
        if (kind == DatabaseKind.Sqlite)
        {
            await using var from = new SqliteConnection(SqliteConnectionString(database));
            await using var to = new SqliteConnection(
                new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(target, "database.db"),
                    Pooling = false,
                }.ToString()
            );
            await from.OpenAsync(cancellationToken);
            await to.OpenAsync(cancellationToken);
            from.BackupDatabase(to);
        }
        else
        {
            await RunAsync(
                "pg_dump",
                PgArguments(
                    database,
                    ["--format=custom", "--no-owner", "--file", Path.Combine(target, "database.pgdump")]
                ),
                database,
                cancellationToken
            );
        }

        CopyFolder(Path.Combine(zoneFolder, "keys"), Path.Combine(target, "keys"));
        if (spool is not null && Directory.Exists(spool))
        {
            CopyFolder(spool, Path.Combine(target, "spool"));
        }

        var manifest = new BackupManifest(
            1,
            zone.ToString(),
            kind == DatabaseKind.Sqlite ? "sqlite" : "postgresql",
            DateTimeOffset.UtcNow,
            HashFiles(target)
        );
        await File.WriteAllTextAsync(
            Path.Combine(target, ManifestFile),
            JsonSerializer.Serialize(manifest, Json),
            cancellationToken
        );
        OwnerOnly.Tree(target);
        return manifest;
    }

    /// <summary>Restores into a zone folder and database that must be empty: a restore never overwrites live
    /// data.</summary>
    public static async Task<BackupManifest> RestoreAsync(
        string source,
        string zoneFolder,
        string database,
        string? spool,
        CancellationToken cancellationToken
    )
    {
        var manifestPath = Path.Combine(source, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new IOException($"{source} holds no {ManifestFile}: not a Jebo backup");
        }

        var manifest = JsonSerializer.Deserialize<BackupManifest>(
            await File.ReadAllTextAsync(manifestPath, cancellationToken),
            Json
        ) ?? throw new IOException("the backup manifest is empty");
        var actual = HashFiles(source);
        foreach (var (file, hash) in manifest.Files)
        {
            if (!actual.TryGetValue(file, out var found) || found != hash)
            {
                throw new IOException(
                    $"backup file {file} is missing or damaged (its SHA-256 differs from the manifest); nothing was "
                        + $"restored"
                );
            }
        }

        var keys = Path.Combine(zoneFolder, "keys");
        if (Directory.Exists(keys) && Directory.EnumerateFileSystemEntries(keys).Any())
        {
            throw new IOException($"{keys} already holds keys; restore into a fresh data folder");
        }

        var kind = DatabaseProvider.KindOf(database);
        if ((kind == DatabaseKind.Sqlite ? "sqlite" : "postgresql") != manifest.Provider)
        {
            throw new IOException($"the backup is of a {manifest.Provider} database, the target is not");
        }

        if (kind == DatabaseKind.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(SqliteConnectionString(database)).DataSource;
            if (File.Exists(path))
            {
                throw new IOException($"{path} exists; restore into a fresh data folder");
            }

            OwnerOnly.Folder(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.Copy(Path.Combine(source, "database.db"), path);
            OwnerOnly.Files(path);
        }
        else
        {
            await RequireEmptyAsync(database, manifest.Zone, cancellationToken);
            await RunAsync(
                "pg_restore",
                PgArguments(database, ["--no-owner", "--exit-on-error", Path.Combine(source, "database.pgdump")]),
                database,
                cancellationToken
            );
        }

        OwnerOnly.Folder(zoneFolder);
        CopyFolder(Path.Combine(source, "keys"), keys);
        OwnerOnly.Tree(keys);
        var checkpoints = Path.Combine(source, AuditCheckpointFile.FileName);
        if (File.Exists(checkpoints) && !File.Exists(Path.Combine(zoneFolder, AuditCheckpointFile.FileName)))
        {
            File.Copy(checkpoints, Path.Combine(zoneFolder, AuditCheckpointFile.FileName));
            OwnerOnly.Files(Path.Combine(zoneFolder, AuditCheckpointFile.FileName));
        }

        if (spool is not null && Directory.Exists(Path.Combine(source, "spool")))
        {
            CopyFolder(Path.Combine(source, "spool"), spool);
            OwnerOnly.Tree(spool);
        }

        return manifest;
    }

    /// <summary>A PostgreSQL restore goes into a database that exists and holds no tables, which the database
    /// administrator made for it: a missing one or one in use is refused with what to do, before anything is
    /// written.</summary>
    private static async Task RequireEmptyAsync(string database, string zone, CancellationToken cancellationToken)
    {
        var tuned = PostgreSqlConnection.WithDefaults(database);
        var builder = new NpgsqlConnectionStringBuilder(tuned);
        var described = PostgreSqlConnection.Describe(tuned);
        long tables;
        try
        {
            await using var connection = new NpgsqlConnection(tuned);
            await connection.OpenAsync(cancellationToken);
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', "
                    + "'information_schema')",
                connection
            );
            tables = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new IOException(
                $"the {described} to restore into does not exist: create it empty first (`createdb -E UTF8 -T "
                    + $"template0 -O {builder.Username} {builder.Database}`, docs/operations.md \"PostgreSQL\"), or "
                    + $"name an empty one with --{zone}-db; nothing was restored",
                e
            );
        }

        if (tables > 0)
        {
            throw new IOException(
                $"the {described} already holds {tables} table(s): a restore never overwrites a database; create a "
                    + $"fresh, empty one and name it with --{zone}-db; nothing was restored"
            );
        }
    }

    /// <summary>The zone's SQLite setting read as the zone reads it (<see cref="DatabaseProvider.ConnectionString"/>),
    /// unpooled: a backup or restore opens the file once and must leave nothing open behind it.</summary>
    private static string SqliteConnectionString(string database) =>
        new SqliteConnectionStringBuilder(DatabaseProvider.ConnectionString(database)) { Pooling = false }.ToString();

    private static Dictionary<string, string> HashFiles(string folder) =>
        Directory
            .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ManifestFile)
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                f => Path.GetRelativePath(folder, f),
                f =>
                {
                    using var stream = File.OpenRead(f);
                    return Convert.ToHexStringLower(SHA256.HashData(stream));
                }
            );

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }

    private static List<string> PgArguments(string connectionString, IEnumerable<string> extra)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return
        [
            "--host",
            builder.Host ?? "127.0.0.1",
            "--port",
            builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username",
            builder.Username ?? "postgres",
            "--dbname",
            builder.Database ?? "postgres",
            .. extra,
        ];
    }

    /// <summary>Runs pg_dump or pg_restore with the password in the environment, never on the command line.</summary>
    private static async Task RunAsync(
        string program,
        List<string> arguments,
        string connectionString,
        CancellationToken cancellationToken
    )
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        if (new NpgsqlConnectionStringBuilder(connectionString).Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new IOException($"could not start {program}");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new IOException($"{program} failed: {(await error).Split('\n')[0]}");
        }
    }
}
