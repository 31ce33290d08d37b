using Npgsql;

namespace Jebo.Testing;

/// <summary>The databases data tests run on: SQLite always; PostgreSQL when <c>JEBO_TEST_POSTGRES</c> names a server
/// (an admin connection string whose role may create databases). CI sets it; without it those runs are skipped.
/// Mark a data test <c>[Theory, DatabaseProviders]</c> with a <c>string provider</c> parameter.</summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";
    public const string Variable = "JEBO_TEST_POSTGRES";

    public const string SkipReason =
        "PostgreSQL run skipped: no server configured (set "
        + Variable
        + "=\"Host=127.0.0.1;Username=jebo;Password=jebo\"; .ci/run does)";

    public static string? PostgresAdmin =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the running test when the provider is not available here, saying why.</summary>
    public static void Require(string provider)
    {
        if (provider == PostgreSql && PostgresAdmin is null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <summary>A fresh, empty database for one zone of one test.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, string folder, string zone)
    {
        var database = Uncreated(provider, folder, zone);
        if (database.PostgresName is { } name)
        {
            await using var connection = new NpgsqlConnection(PostgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return database;
    }

    /// <summary>A connection string for a database that does not exist yet (a SQLite file not yet made, a PostgreSQL
    /// database not yet created); whatever a test makes of it is dropped afterwards.</summary>
    public static TestDatabase Uncreated(string provider, string folder, string zone)
    {
        Require(provider);
        if (provider == Sqlite)
        {
            return new TestDatabase(
                Storage.DatabaseProvider.SqliteFile(Path.Combine(folder, zone, zone + ".db")),
                null
            );
        }

        var name = $"jebo_test_{zone}_{Guid.NewGuid():n}"[..40];
        var builder = new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name };
        return new TestDatabase(builder.ConnectionString, name);
    }

    /// <summary>Whether a PostgreSQL database of that name exists on the test server.</summary>
    public static async Task<bool> PostgresExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_database WHERE datname = @name",
            connection
        );
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}

/// <summary>A database made for a test; a PostgreSQL one is dropped afterwards.</summary>
public sealed class TestDatabase(string connectionString, string? postgresName) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>The PostgreSQL database's name; null for SQLite.</summary>
    public string? PostgresName { get; } = postgresName;

    public async ValueTask DisposeAsync()
    {
        if (PostgresName is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestDatabases.PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"DROP DATABASE IF EXISTS \"{PostgresName}\" WITH (FORCE)",
            connection
        );
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                // An autovacuum worker (a superuser process) on the fresh database cannot be terminated by the test
                // role; it finishes within moments.
                await Task.Delay(500);
            }
        }
    }
}
