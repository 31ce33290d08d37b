using System.Net.Http.Json;
using Jebo.Casework;
using Jebo.Casework.Data;
using Jebo.Casework.Transfer;
using Jebo.Cli;
using Jebo.Intake;
using Jebo.Intake.Data;
using Jebo.Intake.Transfer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Testing;

/// <summary>
/// A whole Jebo platform in the test process: both zones initialised exactly as <c>jebo init</c> does, in a temporary
/// data folder, on SQLite or PostgreSQL, served through in-memory test servers. Transfer runs only when a test says so.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    private readonly TestDatabase intakeDatabase;
    private readonly TestDatabase caseworkDatabase;
    private readonly List<IntakeNode> extraNodes = [];

    private TestPlatform(JeboSettings settings, TestDatabase intakeDatabase, TestDatabase caseworkDatabase, WebApplication intake, WebApplication casework)
    {
        Settings = settings;
        this.intakeDatabase = intakeDatabase;
        this.caseworkDatabase = caseworkDatabase;
        IntakeApp = intake;
        CaseworkApp = casework;
        Intake = intake.GetTestClient();
        Casework = casework.GetTestClient();
    }

    public JeboSettings Settings { get; }
    public WebApplication IntakeApp { get; }
    public WebApplication CaseworkApp { get; }
    public HttpClient Intake { get; }
    public HttpClient Casework { get; }
    public string DataFolder => Settings.DataFolder;

    /// <summary>Starts a platform on the given provider (skipping the test when it is not available).</summary>
    /// <param name="provider"><see cref="TestDatabases.Sqlite"/> or <see cref="TestDatabases.PostgreSql"/>.</param>
    /// <param name="extraArguments">More <c>jebo</c> options, e.g. <c>--rate-limits off</c>.</param>
    public static async Task<TestPlatform> StartAsync(string provider = TestDatabases.Sqlite, params string[] extraArguments)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-test-").FullName;
        var intakeDb = await TestDatabases.CreateAsync(provider, folder, "intake");
        var caseworkDb = await TestDatabases.CreateAsync(provider, folder, "casework");
        var settings = JeboSettings.From(
            Arguments.Parse(["--data", folder, "--intake-db", intakeDb.ConnectionString, "--casework-db", caseworkDb.ConnectionString, .. extraArguments]),
            defaultInterval: null);
        await InitCommand.InitializeAsync(settings, "both", TextWriter.Null, CancellationToken.None);

        var intakeBuilder = IntakeZone.CreateBuilder(settings.Intake, null);
        intakeBuilder.WebHost.UseTestServer();
        var intake = IntakeZone.Build(intakeBuilder);
        var caseworkBuilder = CaseworkZone.CreateBuilder(settings.Casework, null);
        caseworkBuilder.WebHost.UseTestServer();
        var casework = CaseworkZone.Build(caseworkBuilder);
        await intake.StartAsync();
        await casework.StartAsync();
        return new TestPlatform(settings, intakeDb, caseworkDb, intake, casework);
    }

    /// <summary>Starts one more intake node on the same database, spool and keys, as a second machine behind a load
    /// balancer would run (same data folder layout, same <c>jebo intake</c> options).</summary>
    public async Task<IntakeNode> StartIntakeNodeAsync()
    {
        var builder = IntakeZone.CreateBuilder(Settings.Intake, null);
        builder.WebHost.UseTestServer();
        var app = IntakeZone.Build(builder);
        await app.StartAsync();
        var node = new IntakeNode(app);
        extraNodes.Add(node);
        return node;
    }

    /// <summary>The first intake node, in the same shape as the ones <see cref="StartIntakeNodeAsync"/> adds.</summary>
    public IntakeNode FirstIntakeNode => new(IntakeApp, Intake);

    /// <summary>One full round across the gap: intake writes, casework imports and answers, intake applies the answer.</summary>
    public async Task TransferAsync()
    {
        await IntakeApp.Services.GetRequiredService<IntakeTransferPump>().RunOnceAsync(CancellationToken.None);
        await CaseworkApp.Services.GetRequiredService<CaseworkTransferPump>().RunOnceAsync(CancellationToken.None);
        await IntakeApp.Services.GetRequiredService<IntakeTransferPump>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Creates a staff account with a recorded pledge and returns an HTTP client carrying its API token.</summary>
    public async Task<HttpClient> StaffClientAsync(string login, string office, string role)
    {
        var password = "Test-password-" + Guid.NewGuid().ToString("n");
        await RunCliAsync(password + "\n", "users", "add", "--login", login, "--office", office, "--role", role, "--password-stdin", "--pledge-signed");

        var token = (await RunCliAsync(null, "users", "token", "--login", login)).Trim().Split('\n')[^1].Trim();
        var client = CaseworkApp.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs a <c>jebo</c> verb against this platform's data folder and databases; returns standard output,
    /// or throws with standard error when the exit status is not 0.</summary>
    public async Task<string> RunCliAsync(string? input, params string[] args)
    {
        var (exit, output, error) = await TryCliAsync(input, args);
        return exit == 0 ? output : throw new InvalidOperationException($"jebo {string.Join(' ', args)} exited {exit}: {error}");
    }

    public async Task<(int Exit, string Output, string Error)> TryCliAsync(string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            [.. args, "--data", DataFolder, "--intake-db", Settings.Intake.Database, "--casework-db", Settings.Casework.Database],
            new StringReader(input ?? ""), output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Submits a minimal report through the public API and returns its receipt.</summary>
    public async Task<string> SubmitAsync(string description, string region = "unclear", object? reporter = null)
    {
        var response = await Intake.PostAsJsonAsync("/api/v1/reports", new
        {
            language = "ko",
            category = "unclear",
            region,
            reporter = reporter ?? new { anonymous = true },
            facts = new { description },
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        return body!["receipt"];
    }

    public IntakeDb OpenIntakeDb()
    {
        var options = new DbContextOptionsBuilder<IntakeDb>();
        Storage.DatabaseProvider.Use(options, Settings.Intake.Database);
        return new IntakeDb(options.Options);
    }

    public CaseworkDb OpenCaseworkDb() => CaseworkZone.OpenDatabase(Settings.Casework);

    /// <summary>Every file under the data folder, for "no trace" checks.</summary>
    public IEnumerable<string> Files(string? under = null) =>
        Directory.EnumerateFiles(under is null ? DataFolder : Path.Combine(DataFolder, under), "*", SearchOption.AllDirectories);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in extraNodes)
        {
            await node.DisposeAsync();
        }

        Intake.Dispose();
        Casework.Dispose();
        await IntakeApp.StopAsync();
        await CaseworkApp.StopAsync();
        await IntakeApp.DisposeAsync();
        await CaseworkApp.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await intakeDatabase.DisposeAsync();
        await caseworkDatabase.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the temporary folder is cleaned by the system later.
        }
    }
}

/// <summary>An intake node of a <see cref="TestPlatform"/>: its web application and a client for its API.</summary>
public sealed class IntakeNode(WebApplication app, HttpClient? client = null) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public HttpClient Client { get; } = client ?? app.GetTestClient();

    /// <summary>One round of this node's transfer pump: bundle what waits, apply status that arrived.</summary>
    public Task TransferOnceAsync(CancellationToken cancellationToken = default) =>
        App.Services.GetRequiredService<IntakeTransferPump>().RunOnceAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
