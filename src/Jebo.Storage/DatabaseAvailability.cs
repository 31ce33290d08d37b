using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jebo.Storage;

/// <summary>A zone's database cannot be used: the message is one line an operator can act on (never a
/// password).</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Checks, before a zone starts or migrates, that its database can be reached, exists, and is up to date;
/// creates a missing PostgreSQL database when asked and the role may.</summary>
/// <remarks>
/// Decision: <c>jebo init</c> and <c>jebo db migrate</c> create a missing PostgreSQL database when the connecting
/// role holds CREATEDB (so a development or test server needs one command), and otherwise say which command a database
/// administrator must run. <c>jebo intake</c> and <c>jebo casework</c> never create or migrate anything: a production
/// node that finds its database missing or behind stops with the reason instead of changing the schema under the
/// other nodes' feet.
/// </remarks>
public static class DatabaseAvailability
{
    /// <summary>Opens the database once; throws <see cref="DatabaseUnavailableException"/> saying why it cannot be
    /// used.</summary>
    /// <param name="connectionString">The zone's connection string.</param>
    /// <param name="zone">"intake" or "casework", for the message.</param>
    /// <param name="createIfMissing">Create a missing database (init and migrate) instead of failing (a zone's
    /// start).</param>
    /// <param name="cancellationToken">Stops waiting for the server.</param>
    public static async Task EnsureAsync(
        string connectionString,
        string zone,
        bool createIfMissing,
        CancellationToken cancellationToken
    )
    {
        if (DatabaseProvider.KindOf(connectionString) == DatabaseKind.Sqlite)
        {
            await EnsureSqlite(connectionString, zone, createIfMissing);
            return;
        }

        var tuned = PostgreSqlConnection.WithDefaults(connectionString);
        var described = PostgreSqlConnection.Describe(tuned);
        try
        {
            await CheckEncodingAsync(tuned, zone, described, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            var builder = new NpgsqlConnectionStringBuilder(tuned);
            if (!createIfMissing)
            {
                throw new DatabaseUnavailableException(
                    $"the {zone} database does not exist ({described}): run `jebo init --zone {zone}`, or create it "
                        + $"with `createdb -O {builder.Username} {builder.Database}`",
                    e
                );
            }

            await CreateAsync(builder, zone, described, cancellationToken);
            await CheckEncodingAsync(tuned, zone, described, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw Unreachable(zone, described, e);
        }
    }

    /// <summary>Throws when migrations are pending: a zone must not run on a schema older than its code.</summary>
    public static async Task RequireMigratedAsync(DbContext db, string zone, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new DatabaseUnavailableException(
                $"the {zone} database is not up to date ({pending.Count} migration(s) pending, first {pending[0]}): "
                    + $"run `jebo db migrate --zone {zone}`"
            );
        }
    }

    private static Task EnsureSqlite(string connectionString, string zone, bool createIfMissing)
    {
        var cs = DatabaseProvider.ConnectionString(connectionString);
        var path = new SqliteConnectionStringBuilder(cs).DataSource;
        if (path == ":memory:" || !File.Exists(path))
        {
            // Migrating creates the file with the right pragmas; a zone's start must not create an empty one.
            return createIfMissing
                ? Task.CompletedTask
                : throw new DatabaseUnavailableException(
                    $"the {zone} database file {path} does not exist: run `jebo init --zone {zone}`"
                );
        }

        try
        {
            using var connection = new SqliteConnection(cs);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteDurability.Pragmas;
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            throw Unreachable(zone, "SQLite file " + path, e);
        }

        return Task.CompletedTask;
    }

    private static async Task CheckEncodingAsync(
        string connectionString,
        string zone,
        string described,
        CancellationToken cancellationToken
    )
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_encoding')", connection);
        var encoding = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
        {
            // Reports are Korean, Chinese and Latin text: any other encoding loses or refuses some of them.
            throw new DatabaseUnavailableException(
                $"the {zone} database uses encoding {encoding} ({described}); Jebo needs UTF8: create it with "
                    + $"`createdb -E UTF8 -T template0 ...`"
            );
        }
    }

    private static async Task CreateAsync(
        NpgsqlConnectionStringBuilder target,
        string zone,
        string described,
        CancellationToken cancellationToken
    )
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString)
        {
            Database = "postgres",
            Pooling = false,
        };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var name = "\"" + target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var command = new NpgsqlCommand(
                $"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0",
                connection
            );
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another node or process created it a moment ago: that is what we wanted.
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new DatabaseUnavailableException(
                $"the {zone} database does not exist ({described}) and role '{target.Username}' may not create it: "
                    + $"ask for `createdb -E UTF8 -T template0 -O {target.Username} {target.Database}`",
                e
            );
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw Unreachable(zone, described, e);
        }
    }

    private static DatabaseUnavailableException Unreachable(string zone, string described, Exception e) =>
        new($"cannot use the {zone} database ({described}): {Reason(e)}", e);

    /// <summary>Whether the database refused a row for breaking a constraint (a unique index, a foreign key), as
    /// opposed to failing as a whole.</summary>
    public static bool IsConstraintViolation(DbException e) =>
        e switch
        {
            SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
            // integrity constraint violation
            PostgresException pg => pg.SqlState.StartsWith("23", StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>The most telling line of an error chain: the server's own words, or the network's.</summary>
    public static string Reason(Exception e) =>
        e switch
        {
            PostgresException pg => $"{pg.MessageText} ({pg.SqlState})",
            SqliteException sqlite => sqlite.Message,
            TimeoutException => "no answer in time (server down, or a firewall dropping packets?)",
            _ when e.InnerException is SocketException socket =>
                $"{e.Message.Split('\n')[0].TrimEnd('.')}: {socket.Message} (is the server running and listening "
                    + $"there?)",
            _ when e.InnerException is TimeoutException =>
                "no answer in time (server down, or a firewall dropping packets?)",
            _ when e.InnerException is PostgresException inner => Reason(inner),
            _ => e.Message.Split('\n')[0],
        };
}
