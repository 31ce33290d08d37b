using Jebo.Cli;
using Jebo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Jebo.Tests.Cli;

/// <summary><c>jebo init</c>, <c>jebo db migrate</c> and a zone's start against each database: what is created, what is
/// refused, and that every refusal is one line with exit 1 (never a stack trace or a password).</summary>
public sealed class DatabaseCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("jebo-db-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Init_creates_both_databases_with_their_tables_and_migrate_is_idempotent(string provider)
    {
        await using var intake = TestDatabases.Uncreated(provider, folder, "intake");
        await using var casework = TestDatabases.Uncreated(provider, folder, "casework");
        string[] databases = ["--intake-db", intake.ConnectionString, "--casework-db", casework.ConnectionString];

        var init = await RunAsync(["init", .. databases]);
        Assert.True(init.Exit == 0, init.Error);
        Assert.Contains("national administrator", init.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(["init", .. databases])).Exit);
        var migrate = await RunAsync(["db", "migrate", .. databases]);
        Assert.True(migrate.Exit == 0, migrate.Error);
        Assert.Contains("intake: migrations applied", migrate.Output, StringComparison.Ordinal);
        Assert.Contains("casework: migrations applied", migrate.Output, StringComparison.Ordinal);

        await AssertHasTablesAsync(intake.ConnectionString, "outbound_bundles");
        await AssertHasTablesAsync(casework.ConnectionString, "audit_entries");
        var sqliteFiles = Directory.EnumerateFiles(folder, "*.db*", SearchOption.AllDirectories).ToList();
        if (provider == TestDatabases.PostgreSql)
        {
            // On PostgreSQL nothing of the zones' data may land in a file beside the keys.
            Assert.Empty(sqliteFiles);
        }
        else
        {
            Assert.Contains(sqliteFiles, f => f.EndsWith("intake.db", StringComparison.Ordinal));
            Assert.Contains(sqliteFiles, f => f.EndsWith("casework.db", StringComparison.Ordinal));
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Db_migrate_touches_only_the_zone_named_and_creates_no_keys(string provider)
    {
        await using var intake = TestDatabases.Uncreated(provider, folder, "intake");
        await using var casework = TestDatabases.Uncreated(provider, folder, "casework");
        var migrate = await RunAsync([
            "db",
            "migrate",
            "--zone",
            "intake",
            "--intake-db",
            intake.ConnectionString,
            "--casework-db",
            casework.ConnectionString,
        ]);

        Assert.True(migrate.Exit == 0, migrate.Error);
        await AssertHasTablesAsync(intake.ConnectionString, "reports");
        Assert.False(Directory.Exists(Path.Combine(folder, "intake", "keys")), "db migrate made keys");
        if (casework.PostgresName is { } name)
        {
            Assert.False(await TestDatabases.PostgresExistsAsync(name));
        }
        else
        {
            Assert.False(File.Exists(Path.Combine(folder, "casework", "casework.db")));
        }
    }

    [Fact]
    public async Task Db_migrate_without_a_zone_in_an_empty_data_folder_says_to_run_init()
    {
        var (exit, _, error) = await RunAsync(["db", "migrate"]);
        Assert.Equal(1, exit);
        Assert.Contains("jebo init", error, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_zone_refuses_to_start_on_a_database_that_is_not_migrated(string provider)
    {
        await using var intake = await TestDatabases.CreateAsync(provider, folder, "intake");
        await using var casework = await TestDatabases.CreateAsync(provider, folder, "casework");
        await using var empty = await TestDatabases.CreateAsync(provider, folder, "empty");
        Assert.Equal(
            0,
            (
                await RunAsync([
                    "init",
                    "--intake-db",
                    intake.ConnectionString,
                    "--casework-db",
                    casework.ConnectionString,
                ])
            ).Exit
        );
        if (provider == TestDatabases.Sqlite)
        {
            await using var connection = new SqliteConnection(empty.ConnectionString);
            await connection.OpenAsync(); // an empty file: there, but without a table
        }

        MoveCaseworkAway(); // a zone alone runs on a machine without the other zone's private keys

        var (exit, _, error) = await RunAsync([
            "intake",
            "--intake-db",
            empty.ConnectionString,
            "--intake-url",
            "http://127.0.0.1:0",
        ]);
        Assert.Equal(1, exit);
        Assert.Contains("not up to date", error, StringComparison.Ordinal);
        Assert.Contains("jebo db migrate --zone intake", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_zone_refuses_to_start_on_a_missing_postgresql_database_and_init_creates_it()
    {
        TestDatabases.Require(TestDatabases.PostgreSql);
        await using var intake = TestDatabases.Uncreated(TestDatabases.PostgreSql, folder, "intake");
        await using var casework = await TestDatabases.CreateAsync(TestDatabases.PostgreSql, folder, "casework");
        var sqliteIntake = TestDatabases.Uncreated(TestDatabases.Sqlite, folder, "intake");
        Assert.Equal(
            0,
            (
                await RunAsync([
                    "init",
                    "--intake-db",
                    sqliteIntake.ConnectionString,
                    "--casework-db",
                    casework.ConnectionString,
                ])
            ).Exit
        );
        MoveCaseworkAway(); // a zone alone runs on a machine without the other zone's private keys

        var (exit, _, error) = await RunAsync([
            "intake",
            "--intake-db",
            intake.ConnectionString,
            "--intake-url",
            "http://127.0.0.1:0",
        ]);
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.Contains(intake.PostgresName!, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(await TestDatabases.PostgresExistsAsync(intake.PostgresName!));

        Assert.Equal(0, (await RunAsync(["init", "--zone", "intake", "--intake-db", intake.ConnectionString])).Exit);
        Assert.True(await TestDatabases.PostgresExistsAsync(intake.PostgresName!));
    }

    /// <summary>Takes casework's folder (with its private keys) out of the data folder, as on an intake machine; intake
    /// keeps the casework public keys <c>jebo init</c> installed.</summary>
    private void MoveCaseworkAway() =>
        Directory.Move(Path.Combine(folder, "casework"), Path.Combine(folder, "casework-elsewhere"));

    [Theory]
    [InlineData("init")]
    [InlineData("db", "migrate", "--zone", "casework")]
    [InlineData("users", "token", "--login", "admin")]
    [InlineData("audit", "verify")]
    public async Task An_unreachable_server_is_one_line_naming_it_without_the_password(params string[] verb)
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        const string unreachable =
            "Host=127.0.0.1;Port=9;Username=jebo;Password=secret-pw-1234;Database=jebo_nowhere;Timeout=3";
        if (verb[0] is "users" or "audit")
        {
            // The zone's keys are in place (set up on SQLite), so the verb gets as far as the database it is pointed
            // at.
            Assert.Equal(0, (await RunAsync(["init", "--zone", "casework"])).Exit);
        }

        var (exit, output, error) = await RunAsync([.. verb, "--intake-db", unreachable, "--casework-db", unreachable]);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("jebo: ", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw-1234", error + output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_one_line_without_the_password()
    {
        TestDatabases.Require(TestDatabases.PostgreSql);
        var wrong = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresAdmin)
        {
            Password = "not-the-password-987",
            Database = "postgres",
        }.ConnectionString;
        var (exit, _, error) = await RunAsync(["db", "migrate", "--zone", "intake", "--intake-db", wrong]);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("password authentication failed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-987", line, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        // A zone that wrongly starts would serve forever: the timeout turns that into a failure, not a hung run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            [.. args, "--data", folder],
            TextReader.Null,
            output,
            error,
            timeout.Token
        );
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task AssertHasTablesAsync(string connectionString, string table)
    {
        var options = new DbContextOptionsBuilder<Intake.Data.IntakeDb>();
        Storage.DatabaseProvider.Use(options, connectionString);
        await using var db = new Intake.Data.IntakeDb(options.Options);
        var sql = db.Database.IsNpgsql()
            ? $"SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = '{table}'"
            : $"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>(sql).SingleAsync());
    }
}
