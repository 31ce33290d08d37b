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

    private TestPlatform(JeboSettings settings, TestDatabase intakeDatabase, TestDatabase caseworkDatabase, WebApplication intake, WebApplication casework, Uri? intakeAddress, Uri? caseworkAddress)
    {
        IntakeAddress = intakeAddress;
        CaseworkAddress = caseworkAddress;
        Settings = settings;
        this.intakeDatabase = intakeDatabase;
        this.caseworkDatabase = caseworkDatabase;
        IntakeApp = intake;
        CaseworkApp = casework;
        Intake = intakeAddress is null ? intake.GetTestClient() : new HttpClient { BaseAddress = intakeAddress };
        Casework = NewCaseworkClient();
    }

    /// <summary>What <c>jebo init</c> printed: among it the national administrator's one-time password.</summary>
    public string InitOutput { get; private init; } = "";

    /// <summary>The one-time password <c>jebo init</c> printed for the national administrator (login <c>admin</c>).</summary>
    public string AdministratorPassword =>
        System.Text.RegularExpressions.Regex.Match(InitOutput, "one-time password (\\S+)").Groups[1].Value;

    /// <summary>The intake zone's real address when served through Kestrel (<see cref="StartServedAsync"/>); null in memory.</summary>
    public Uri? IntakeAddress { get; }

    /// <summary>The casework zone's real address when served through Kestrel, for a browser; null in memory.</summary>
    public Uri? CaseworkAddress { get; }

    /// <summary>A fresh client of the casework zone (its own headers, no cookies).</summary>
    public HttpClient NewCaseworkClient() =>
        CaseworkAddress is null ? CaseworkApp.GetTestClient() : new HttpClient { BaseAddress = CaseworkAddress };

    /// <summary>A handler that reaches the casework zone, for clients that add their own layers (cookies).</summary>
    public HttpMessageHandler CaseworkHandler() =>
        CaseworkAddress is null ? CaseworkApp.GetTestServer().CreateHandler() : new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };

    public JeboSettings Settings { get; }
    public WebApplication IntakeApp { get; }
    public WebApplication CaseworkApp { get; }
    public HttpClient Intake { get; }
    public HttpClient Casework { get; }
    public string DataFolder => Settings.DataFolder;

    /// <summary>Starts a platform on the given provider (skipping the test when it is not available).</summary>
    /// <param name="provider"><see cref="TestDatabases.Sqlite"/> or <see cref="TestDatabases.PostgreSql"/>.</param>
    /// <param name="extraArguments">More <c>jebo</c> options, e.g. <c>--rate-limits off</c>.</param>
    public static Task<TestPlatform> StartAsync(string provider = TestDatabases.Sqlite, params string[] extraArguments) =>
        StartAsync(new PlatformSetup { Provider = provider, ExtraArguments = extraArguments });

    /// <summary>Starts a platform whose zones listen on free loopback ports through Kestrel, as <c>jebo up</c> does, so a
    /// real browser can use it.</summary>
    public static Task<TestPlatform> StartServedAsync(string provider = TestDatabases.Sqlite, params string[] extraArguments) =>
        StartAsync(new PlatformSetup { Provider = provider, ExtraArguments = extraArguments, Served = true });

    /// <summary>Starts a platform as <paramref name="setup"/> says: another clock for casework, or casework on a real
    /// loopback port for a browser.</summary>
    public static async Task<TestPlatform> StartAsync(PlatformSetup setup)
    {
        var (provider, extraArguments) = (setup.Provider, setup.ExtraArguments);
        var folder = Directory.CreateTempSubdirectory("jebo-test-").FullName;
        var intakeDb = await TestDatabases.CreateAsync(provider, folder, "intake");
        var caseworkDb = await TestDatabases.CreateAsync(provider, folder, "casework");
        var settings = JeboSettings.From(
            Arguments.Parse(["--data", folder, "--intake-db", intakeDb.ConnectionString, "--casework-db", caseworkDb.ConnectionString, .. extraArguments]),
            defaultInterval: null);
        var initOutput = new StringWriter();
        await InitCommand.InitializeAsync(settings, "both", initOutput, CancellationToken.None);

        var intakeBuilder = IntakeZone.CreateBuilder(settings.Intake, setup.Served ? "http://127.0.0.1:0" : null);
        if (!setup.Served)
        {
            intakeBuilder.WebHost.UseTestServer();
        }

        var intake = IntakeZone.Build(intakeBuilder);
        var caseworkBuilder = CaseworkZone.CreateBuilder(settings.Casework, setup.Served ? "http://127.0.0.1:0" : null);
        if (!setup.Served)
        {
            caseworkBuilder.WebHost.UseTestServer();
        }

        if (setup.Clock is { } clock)
        {
            caseworkBuilder.Services.AddSingleton(clock);
        }

        var casework = CaseworkZone.Build(caseworkBuilder);
        await intake.StartAsync();
        await casework.StartAsync();
        return setup.Served
            ? new TestPlatform(settings, intakeDb, caseworkDb, intake, casework, new Uri(intake.Urls.First()), new Uri(casework.Urls.First())) { InitOutput = initOutput.ToString() }
            : new TestPlatform(settings, intakeDb, caseworkDb, intake, casework, null, null) { InitOutput = initOutput.ToString() };
    }

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
        var client = NewCaseworkClient();
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
