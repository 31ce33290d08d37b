using Jebo.Intake.Data;
using Jebo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Data;

/// <summary>Every SQLite connection a zone uses waits for locks, checks foreign keys and fsyncs each commit, whether
/// the driver opened it new or handed it out again from its pool; the settings are applied once per pooled connection,
/// not on every open.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("jebo-durability-").FullName;

    [Fact]
    public async Task Every_open_of_a_pooled_connection_has_the_durable_settings_applied_once()
    {
        var file = Path.Combine(folder, "intake.db");
        var builder = new DbContextOptionsBuilder<IntakeDb>();
        builder.Use(file);
        var options = builder.Options;
        await using (var db = new IntakeDb(options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        // A connection opened outside EF without the settings, and returned to the pool: EF's next open of it must not
        // trust the pool.
        var connectionString = DatabaseProvider.ConnectionString(file);
        SqliteConnection.ClearAllPools();
        await using (var raw = new SqliteConnection(connectionString))
        {
            await raw.OpenAsync();
            Assert.False(SqliteDurability.IsConfigured(raw));
            await ExecuteAsync(raw, "PRAGMA synchronous=OFF");
        }

        for (var open = 0; open < 5; open++)
        {
            await using var db = new IntakeDb(options);
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            Assert.True(SqliteDurability.IsConfigured(connection));
            Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous")); // FULL
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
            Assert.Equal(30_000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
