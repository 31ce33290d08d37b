using Jebo.Casework;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jebo.Benchmarks.Transfer;

/// <summary>
/// Fresh casework databases, one per measured import, copied from a template that <c>jebo init</c>'s own code
/// (<see cref="CaseworkZone.InitializeAsync"/>: migrations, offices) prepared once, so that preparing a database
/// costs a file copy or a <c>CREATE DATABASE ... TEMPLATE</c>, not a migration run, and stays outside the measurement.
/// </summary>
public sealed class CaseworkDatabases : IDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary>A role that may create databases; override with <c>BENCH_POSTGRES</c> (no <c>Database=</c> in
    /// it).</summary>
    public static readonly string PostgresServer = Environment.GetEnvironmentVariable("BENCH_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=jebo;Password=jebo";

    private readonly TwoZones zones;
    private readonly string kind;
    private readonly string suffix = Guid.NewGuid().ToString("n")[..8];
    private readonly List<int> created = [];
    private string template = "";

    private CaseworkDatabases(TwoZones zones, string kind)
    {
        this.zones = zones;
        this.kind = kind is Sqlite or PostgreSql
            ? kind
            : throw new ArgumentException($"unknown database {kind}", nameof(kind));
    }

    public static async Task<CaseworkDatabases> CreateAsync(TwoZones zones, string kind)
    {
        var databases = new CaseworkDatabases(zones, kind);
        databases.template = databases.ConnectionString("template");
        await CaseworkZone.InitializeAsync(zones.Casework(databases.template), CancellationToken.None);
        // A template is copied only when nobody is connected to it (PostgreSQL) or its WAL is folded in (SQLite).
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        return databases;
    }

    /// <summary>A new database with the template's schema and offices; returns its connection string.</summary>
    public string New(int number)
    {
        var name = $"copy{number}";
        var connectionString = ConnectionString(name);
        if (kind == Sqlite)
        {
            File.Copy(SqlitePath("template"), SqlitePath(name));
        }
        else
        {
            Admin($"CREATE DATABASE {DatabaseName(name)} TEMPLATE {DatabaseName("template")}");
        }

        created.Add(number);
        return connectionString;
    }

    /// <summary>Leaves a database made by <see cref="New"/> in place when this is disposed.</summary>
    public void Keep(int number) => created.Remove(number);

    /// <summary>Drops a database made by <see cref="New"/> (its connections closed first).</summary>
    public void Drop(int number)
    {
        var name = $"copy{number}";
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (kind == Sqlite)
        {
            foreach (var file in new[] { "", "-wal", "-shm" })
            {
                File.Delete(SqlitePath(name) + file);
            }
        }
        else
        {
            Admin($"DROP DATABASE IF EXISTS {DatabaseName(name)} WITH (FORCE)");
        }

        created.Remove(number);
    }

    private string ConnectionString(string name) =>
        kind == Sqlite
            ? new SqliteConnectionStringBuilder
            {
                DataSource = SqlitePath(name),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString()
            : $"{PostgresServer};Database={DatabaseName(name)}";

    private string SqlitePath(string name) => Path.Combine(zones.Root, $"casework-{name}.db");

    private string DatabaseName(string name) => $"bench_casework_{suffix}_{name}";

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection($"{PostgresServer};Database=postgres;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql; // database names are made here from a GUID, never from input
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var number in created.ToList())
        {
            Drop(number);
        }

        if (kind == PostgreSql && template.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            Admin($"DROP DATABASE IF EXISTS {DatabaseName("template")} WITH (FORCE)");
        }
    }
}
