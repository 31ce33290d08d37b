using System.Net.Http.Json;
using Jebo.Casework;
using Jebo.Casework.Data;
using Jebo.Casework.Transfer;
using Jebo.Cli;
using Jebo.Hosting;
using Jebo.Intake;
using Jebo.Intake.Data;
using Jebo.Intake.Transfer;
using Jebo.Transfer.Bundles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

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

    private readonly CapturedLog log;
    private readonly bool loopback;
    private HttpClient? caseworkClient;

    private TestPlatform(
        JeboSettings settings,
        TestDatabase intakeDatabase,
        TestDatabase caseworkDatabase,
        WebApplication intake,
        WebApplication casework,
        CapturedLog log,
        bool loopback
    )
    {
        Settings = settings;
        this.log = log;
        this.intakeDatabase = intakeDatabase;
        this.caseworkDatabase = caseworkDatabase;
        IntakeApp = intake;
        CaseworkApp = casework;
        this.loopback = loopback;
        Intake = NewIntakeClient(cookies: false);
    }

    public JeboSettings Settings { get; }
    public WebApplication IntakeApp { get; }
    public WebApplication CaseworkApp { get; }
    public HttpClient Intake { get; }

    /// <summary>A client of the casework zone (made on first use: in memory, or on loopback when served).</summary>
    public HttpClient Casework => caseworkClient ??= NewCaseworkClient();
    public string DataFolder => Settings.DataFolder;

    /// <summary>Starts a platform on the given provider (skipping the test when it is not available).</summary>
    /// <param name="provider"><see cref="TestDatabases.Sqlite"/> or <see cref="TestDatabases.PostgreSql"/>.</param>
    /// <param name="extraArguments">More <c>jebo</c> options, e.g. <c>--rate-limits off</c>.</param>
    public static Task<TestPlatform> StartAsync(
        string provider = TestDatabases.Sqlite,
        params string[] extraArguments
    ) => StartAsync(new TestPlatformOptions { Provider = provider }, extraArguments);

    /// <summary>A client for the public pages that keeps cookies (language, antiforgery) like a browser does.</summary>
    public HttpClient BrowserLikeClient() => NewIntakeClient(cookies: true);

    private HttpClient NewIntakeClient(bool cookies)
    {
        HttpMessageHandler handler = loopback
            ? new SocketsHttpHandler { UseCookies = false }
            : IntakeApp.GetTestServer().CreateHandler();
        if (cookies)
        {
            handler = new CookieHandler(handler);
        }

        return new HttpClient(handler) { BaseAddress = loopback ? IntakeAddress : new Uri("http://localhost/") };
    }

    /// <summary>Starts a platform with other abuse limits, or with intake on a real loopback port (see
    /// <see cref="TestPlatformOptions"/>).</summary>
    public static async Task<TestPlatform> StartAsync(TestPlatformOptions options, params string[] extraArguments)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-test-").FullName;
        var intakeDb = await TestDatabases.CreateAsync(options.Provider, folder, "intake");
        var caseworkDb = await TestDatabases.CreateAsync(options.Provider, folder, "casework");
        var settings = JeboSettings.From(
            Arguments.Parse([
                "--data",
                folder,
                "--intake-db",
                intakeDb.ConnectionString,
                "--casework-db",
                caseworkDb.ConnectionString,
                .. extraArguments,
            ]),
            defaultInterval: null
        );
        var initOutput = new StringWriter();
        await InitCommand.InitializeAsync(settings, Jebo.Transfer.ZoneName.All, initOutput, CancellationToken.None);

        var intakeOptions = options.Abuse is { } abuse ? settings.Intake with { Abuse = abuse } : settings.Intake;
        intakeOptions = options.Intake?.Invoke(intakeOptions) ?? intakeOptions;
        var intakeBuilder = IntakeZone.CreateBuilder(intakeOptions, options.Loopback ? "http://127.0.0.1:0" : null);
        var caseworkBuilder = CaseworkZone.CreateBuilder(
            options.Casework?.Invoke(settings.Casework) ?? settings.Casework,
            options.Served ? "http://127.0.0.1:0" : null
        );
        if (!options.Served)
        {
            caseworkBuilder.WebHost.UseTestServer();
        }

        if (options.Clock is { } clock)
        {
            caseworkBuilder.Services.AddSingleton(clock);
        }

        if (options.SharedProcess)
        {
            var shared = new Jebo.Hosting.SharedProcess();
            shared.CountRequests(intakeBuilder.Services);
            shared.ShareProcessors(caseworkBuilder.Services);
        }

        var log = new CapturedLog();
        if (options.Loopback)
        {
            // The zones log exactly as under `jebo up`, and every line is kept for the test to read.
            ZoneLogging.Configure(intakeBuilder.Logging);
            ZoneLogging.Configure(caseworkBuilder.Logging);
            intakeBuilder.Logging.AddProvider(log);
            caseworkBuilder.Logging.AddProvider(log);
        }
        else
        {
            intakeBuilder.WebHost.UseTestServer();
        }

        var intake = IntakeZone.Build(intakeBuilder);
        var casework = CaseworkZone.Build(caseworkBuilder);
        await intake.StartAsync();
        await casework.StartAsync();
        return new TestPlatform(settings, intakeDb, caseworkDb, intake, casework, log, options.Loopback)
        {
            InitOutput = initOutput.ToString(),
            CaseworkAddress = options.Served ? new Uri(casework.Urls.First()) : null,
        };
    }

    /// <summary>Every log line the zones wrote (only with <see cref="TestPlatformOptions.Loopback"/>).</summary>
    public IReadOnlyList<string> LogLines => log.Lines;

    /// <summary>The intake's address on loopback (only with <see cref="TestPlatformOptions.Loopback"/>).</summary>
    public Uri IntakeAddress => new(IntakeApp.Urls.First());

    /// <summary>Starts a platform whose zones both listen on free loopback ports through Kestrel, as <c>jebo up</c>
    /// does, so a real browser can use them (<see cref="IntakeAddress"/>, <see cref="CaseworkAddress"/>).</summary>
    public static Task<TestPlatform> StartServedAsync(
        string provider = TestDatabases.Sqlite,
        params string[] extraArguments
    ) =>
        StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Loopback = true,
                Served = true,
            },
            extraArguments
        );

    /// <summary>What <c>jebo init</c> printed: among it the national administrator's one-time password.</summary>
    public string InitOutput { get; private init; } = "";

    /// <summary>The one-time password <c>jebo init</c> printed for the national administrator (login
    /// <c>admin</c>).</summary>
    public string AdministratorPassword =>
        System.Text.RegularExpressions.Regex.Match(InitOutput, "one-time password (\\S+)").Groups[1].Value;

    /// <summary>The casework zone's real address when served through Kestrel
    /// (<see cref="TestPlatformOptions.Served"/>), for a browser; null in memory.</summary>
    public Uri? CaseworkAddress { get; private init; }

    /// <summary>A fresh client of the casework zone (its own headers, no cookies).</summary>
    public HttpClient NewCaseworkClient() =>
        CaseworkAddress is null ? CaseworkApp.GetTestClient() : new HttpClient { BaseAddress = CaseworkAddress };

    /// <summary>A handler that reaches the casework zone, for clients that add their own layers (cookies).</summary>
    public HttpMessageHandler CaseworkHandler() =>
        CaseworkAddress is null
            ? CaseworkApp.GetTestServer().CreateHandler()
            : new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };

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

    /// <summary>One full round across the gap: intake writes, casework imports and answers, intake applies the
    /// answer.</summary>
    public async Task TransferAsync()
    {
        await IntakeApp.Services.GetRequiredService<IntakeTransferPump>().RunOnceAsync(CancellationToken.None);
        await CaseworkApp.Services.GetRequiredService<CaseworkTransferPump>().RunOnceAsync(CancellationToken.None);
        await IntakeApp.Services.GetRequiredService<IntakeTransferPump>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Casework alone imports the report bundles in <paramref name="folder"/> (or its inbound spool), as
    /// <c>jebo transfer import</c> does, for tests of what intake writes.</summary>
    public async Task<IReadOnlyList<InboundResult>> ImportReportsAsync(string? folder)
    {
        await using var scope = CaseworkApp.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<ReportImporter>()
            .ReceiveAsync(folder, CancellationToken.None);
    }

    /// <summary>Creates a staff account with a recorded pledge and returns an HTTP client carrying its API
    /// token.</summary>
    public async Task<HttpClient> StaffClientAsync(string login, string office, string role)
    {
        var password = "Test-password-" + Guid.NewGuid().ToString("n");
        await RunCliAsync(
            password + "\n",
            "users",
            "add",
            "--login",
            login,
            "--office",
            office,
            "--role",
            role,
            "--password-stdin",
            "--pledge-signed"
        );

        var token = (await RunCliAsync(null, "users", "token", "--login", login)).Trim().Split('\n')[^1].Trim();
        var client = NewCaseworkClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            token
        );
        return client;
    }

    /// <summary>Runs a <c>jebo</c> verb against this platform's data folder and databases; returns standard output,
    /// or throws with standard error when the exit status is not 0.</summary>
    public async Task<string> RunCliAsync(string? input, params string[] args)
    {
        var (exit, output, error) = await TryCliAsync(input, args);
        return exit == 0
            ? output
            : throw new InvalidOperationException($"jebo {string.Join(' ', args)} exited {exit}: {error}");
    }

    public async Task<(int Exit, string Output, string Error)> TryCliAsync(string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            [
                .. args,
                "--data",
                DataFolder,
                "--intake-db",
                Settings.Intake.Database,
                "--casework-db",
                Settings.Casework.Database,
            ],
            new StringReader(input ?? ""),
            output,
            error,
            CancellationToken.None
        );
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Submits a minimal report through the public API and returns its receipt.</summary>
    public async Task<string> SubmitAsync(string description, string region = "unclear", object? reporter = null)
    {
        var response = await Intake.PostAsJsonAsync(
            "/api/v1/reports",
            new
            {
                language = "ko",
                category = "unclear",
                region,
                reporter = reporter ?? new { anonymous = true },
                facts = new { description },
            }
        );
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
        Directory.EnumerateFiles(
            under is null ? DataFolder : Path.Combine(DataFolder, under),
            "*",
            SearchOption.AllDirectories
        );

    /// <summary>Everything stored in the platform's PostgreSQL databases, one entry per column of every table (text as
    /// UTF-8, <c>bytea</c> as stored), for "no trace" checks; empty on SQLite, whose database files are among
    /// <see cref="Files"/>.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> PostgresContentsAsync()
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var database in new[] { intakeDatabase, caseworkDatabase })
        {
            if (database.PostgresName is null)
            {
                continue;
            }

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            var columns = new List<(string Table, string Column, string Type)>();
            await using (
                var list = new NpgsqlCommand(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = "
                        + "'public'",
                    connection
                )
            )
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var (table, column, type) in columns)
            {
                using var bytes = new MemoryStream();
                var value = type == "bytea" ? $"\"{column}\"" : $"\"{column}\"::text";
                await using var select = new NpgsqlCommand(
                    $"SELECT {value} FROM \"{table}\" WHERE \"{column}\" IS NOT NULL",
                    connection
                );
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    bytes.Write(
                        type == "bytea"
                            ? reader.GetFieldValue<byte[]>(0)
                            : System.Text.Encoding.UTF8.GetBytes(reader.GetString(0))
                    );
                    bytes.WriteByte(0);
                }

                contents[$"{database.PostgresName}: {table}.{column}"] = bytes.ToArray();
            }
        }

        return contents;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in extraNodes)
        {
            await node.DisposeAsync();
        }

        Intake.Dispose();
        caseworkClient?.Dispose();
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

/// <summary>Keeps cookies between requests, as a browser does (the in-memory test server's handler keeps none), in
/// <paramref name="cookies"/> when the caller wants to read them, else in a jar of its own.</summary>
internal sealed class CookieHandler(HttpMessageHandler inner, System.Net.CookieContainer? cookies = null)
    : DelegatingHandler(inner)
{
    private readonly System.Net.CookieContainer cookies = cookies ?? new();

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var uri = request.RequestUri!;
        var header = cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                cookies.SetCookies(uri, value);
            }
        }

        return response;
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
