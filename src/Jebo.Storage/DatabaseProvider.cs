using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Jebo.Storage;

/// <summary>Which database a zone uses, chosen by its connection string.</summary>
public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>Configures a zone's DbContext for SQLite or PostgreSQL, with the migrations of that provider.</summary>
public static class DatabaseProvider
{
    public const string SqliteMigrationsAssembly = "Jebo.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Jebo.Migrations.PostgreSql";

    /// <summary>PostgreSQL for a key=value string naming a host; SQLite otherwise (a file path or Data
    /// Source=).</summary>
    public static DatabaseKind KindOf(string connectionString) =>
        connectionString.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains(";Host=", StringComparison.OrdinalIgnoreCase)
        || connectionString.StartsWith("Server=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseKind.PostgreSql
            : DatabaseKind.Sqlite;

    /// <summary>A SQLite connection string for a file; the file's folder is created.</summary>
    public static string SqliteFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>A zone's database setting as a connection string: a key=value string as it is; a bare path (the
    /// default, a file under the data folder) as a SQLite file, whose folder is created. Every reader of the setting
    /// goes through here, so none takes a bare path for a connection string.</summary>
    public static string ConnectionString(string setting) =>
        setting.Contains('=', StringComparison.Ordinal) ? setting : SqliteFile(setting);

    public static DbContextOptionsBuilder Use(this DbContextOptionsBuilder options, string connectionString)
    {
        if (KindOf(connectionString) == DatabaseKind.PostgreSql)
        {
            return options.UseNpgsql(PostgreSqlConnection.WithDefaults(connectionString), o =>
                o.MigrationsAssembly(PostgreSqlMigrationsAssembly)
            );
        }

        return options
            .UseSqlite(ConnectionString(connectionString), o => o.MigrationsAssembly(SqliteMigrationsAssembly))
            .AddInterceptors(SqliteDurability.Instance);
    }

    /// <summary>A connection outside EF Core, opened as a zone's DbContext opens its own: PostgreSQL with the same
    /// defaults (and so from the same pool), SQLite with the same settings (<see cref="SqliteDurability"/>). For a
    /// hot path that keeps its connections and prepared commands (<c>Intake/Status/LookupReads</c>).</summary>
    public static async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection =
            KindOf(connectionString) == DatabaseKind.PostgreSql
                ? new Npgsql.NpgsqlConnection(PostgreSqlConnection.WithDefaults(connectionString))
                : new SqliteConnection(ConnectionString(connectionString));
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                SqliteDurability.Apply(sqlite);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Sets every SQLite connection to wait for locks and to fsync each commit.</summary>
/// <remarks>A report is acknowledged with a receipt only once it is on disk: <c>synchronous=FULL</c> under WAL makes
/// a committed transaction survive power loss, which <c>NORMAL</c> does not promise. The settings belong to the
/// database connection itself, which the driver pools and hands out again on each open; they are applied the first
/// time a pooled connection is opened and kept with it (<see cref="Configured"/>). Applied on every open, the four
/// statements were prepared and run for every request: a tenth of a status look-up's time (docs/benchmarks.md).
/// Nothing in Jebo turns any of them off again.</remarks>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    /// <summary>The native connections (kept open in the driver's pool) whose settings are applied.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<
        SQLitePCL.sqlite3,
        object
    > Configured = [];

    public const string Pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default
    )
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Applies the settings to an open connection, unless its native connection already has them.</summary>
    public static void Apply(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle;
        if (handle is not null && Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        if (handle is not null)
        {
            Configured.AddOrUpdate(handle, Configured);
        }
    }

    /// <summary>Whether this connection's settings were applied when it was first opened (for tests).</summary>
    public static bool IsConfigured(SqliteConnection connection) =>
        connection.Handle is { } handle && Configured.TryGetValue(handle, out _);
}
