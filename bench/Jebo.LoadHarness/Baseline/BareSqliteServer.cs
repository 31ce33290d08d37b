using System.Buffers;
using System.Security.Cryptography;
using Jebo.Storage;
using Microsoft.Data.Sqlite;

namespace Jebo.LoadHarness.Baseline;

/// <summary>The baseline the design measures intake against: Kestrel receives the same bytes and inserts them into
/// SQLite with the same durability as Jebo (WAL, synchronous=FULL, one committed transaction per report before the
/// answer), and answers 201 with a random receipt. No validation, no sealing, no framework beyond a minimal
/// API.</summary>
public static class BareSqliteServer
{
    public static async Task<int> RunAsync(HarnessOptions options, TextWriter output)
    {
        var file = options.Text("db");
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText =
                SqliteDurability.Pragmas
                + "CREATE TABLE IF NOT EXISTS reports (id BLOB PRIMARY KEY, body BLOB NOT NULL);";
            await command.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Text("url"));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var app = builder.Build();

        // SQLite admits one writer at a time; waiting in process is fairer to the baseline than SQLite's busy sleeps.
        var writer = new SemaphoreSlim(1, 1);
        app.MapPost("/api/v1/reports", async (HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            var id = RandomNumberGenerator.GetBytes(16);
            await writer.WaitAsync();
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous=FULL; INSERT INTO reports (id, body) VALUES ($id, $body);";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$body", body);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                writer.Release();
            }

            return Results.Json(new Receipt(Convert.ToHexString(id)), statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync();
        await output.WriteLineAsync($"bare Kestrel + SQLite listening on {options.Text("url")}, file {file}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        var result = await request.BodyReader.ReadAtLeastAsync(1 << 20);
        var bytes = result.Buffer.ToArray();
        request.BodyReader.AdvanceTo(result.Buffer.End);
        return bytes;
    }

    private sealed record Receipt(string Value);
}
