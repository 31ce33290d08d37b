using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Cli;
using Jebo.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jebo.Tests.Cli;

/// <summary>
/// docs/operations.md cannot drift from the program: its two-machine walk-through runs here with the commands taken
/// from the document (<see cref="OperationsDocument.WalkThrough"/>), and every other <c>jebo …</c> line in it names a
/// verb and options the entry point knows.
/// </summary>
/// <remarks>The machines are folders under one scratch folder; an absolute path in a command is that machine's
/// own (<c>/var/lib/jebo</c> its data folder), except <c>/media/…</c>, the stick carried between them. Each
/// <c>jebo</c> line runs through <see cref="CommandLine.RunAsync"/> as the binary runs it, with the document's shell
/// function: <c>--data /var/lib/jebo</c> when it names no data folder (<c>JEBO_DATA</c>) and the settings of the
/// machine's <c>/etc/jebo/ZONE.env</c>, which "Installing the zones" copies from
/// <c>deploy/systemd/ZONE.env.example</c> (each variable as its option, which the command line overrides, since a
/// variable is the whole test process's). The databases are the environment file's: on PostgreSQL each machine's own
/// database on the test server (<c>JEBO_TEST_POSTGRES</c>), made empty before <c>jebo init</c> as "PostgreSQL" in the
/// document has the database administrator do, and <c>sudo -u postgres createdb … NAME</c> lines made there too; on
/// SQLite the files in the data folder, every PostgreSQL connection string (and <c>createdb</c>) left out, as an
/// operator trying Jebo without a server would. <c>NAME="VALUE"</c> lines set shell variables that later words
/// (<c>"$NAME"</c>) use. <c>systemctl enable --now jebo-ZONE</c> starts what the unit in deploy/systemd runs, on free
/// loopback ports. The people's acts between the blocks (a reporter, a staff member) go through the zones' HTTP
/// APIs.</remarks>
public sealed partial class OperationsWalkThroughTests : IAsyncDisposable
{
    private const string Stick = "/media/";
    private const string KimsPassword = "Walk-through-password-1";
    private const string Refusal = "exits 1:";

    private readonly string root = Directory.CreateTempSubdirectory("jebo-walk-").FullName;
    private readonly Dictionary<string, Zone> running = new(StringComparer.Ordinal);
    private readonly List<string> receipts = [];
    private readonly List<string> drift = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string walk = Guid.NewGuid().ToString("n")[..8];
    private readonly List<TestDatabase> databases = [];
    private readonly HashSet<string> prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> variables = new(StringComparer.Ordinal);
    private string provider = TestDatabases.Sqlite;
    private string lastExportFingerprint = "";
    private string lastQuarantineId = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Zone(
        string Url,
        Task<(int Exit, string Output, string Error)> Run,
        CancellationTokenSource Stop
    );

    [Theory]
    [DatabaseProviders]
    public async Task The_two_machine_walk_through_runs_as_written(string provider)
    {
        TestDatabases.Require(provider);
        this.provider = provider;
        var steps = OperationsDocument.WalkThrough();
        Assert.True(steps.Count(s => s.Machine is not null) >= 10, "the walk-through has its blocks");
        foreach (var step in steps)
        {
            if (step.Machine is null)
            {
                await ActAsync(step.Act);
                continue;
            }

            foreach (var command in step.Commands)
            {
                await RunAsync(step.Machine, command);
            }
        }

        Assert.True(drift.Count == 0, string.Join("\n", drift));

        // On PostgreSQL the zones, the lab and both restored copies each had a database of their own, and used it.
        if (provider == TestDatabases.PostgreSql)
        {
            Assert.Equal(5, databases.Count);
            foreach (var database in databases)
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(Cancel);
                await using var tables = new NpgsqlCommand(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                    connection
                );
                Assert.True((long)(await tables.ExecuteScalarAsync(Cancel))! > 5, $"{database.PostgresName} is empty");
            }
        }

        // The walk went the whole way: the servers it started, the reporters it had, the key layout it describes.
        Assert.Equal(["casework", "intake"], running.Keys.Order());
        Assert.Equal(4, receipts.Count);
        var trusted = Path.Combine(DataFolder("intake"), "intake", "keys", "trusted");
        Assert.Equal(2, Directory.GetFiles(trusted, "casework-sealing-g*-*.pub").Length);
        trusted = Path.Combine(DataFolder("casework"), "casework", "keys", "trusted");
        Assert.NotEmpty(Directory.GetFiles(trusted, "intake-signing-*.pub"));
        foreach (var (zone, server) in running.Where(z => z.Value.Run.IsCompleted))
        {
            Assert.Fail($"{zone} stopped during the walk: {(await server.Run).Error}");
        }
    }

    /// <summary>One command line of a block, on its machine, checked against what the document says it
    /// prints.</summary>
    private async Task RunAsync(string machine, WalkCommand command)
    {
        await PrepareAsync(machine);
        var words = command.Words;
        switch (words[0])
        {
            case "jebo":
                await JeboAsync(machine, command);
                return;
            case "rm" when words is ["rm", "-f", var files] && files.EndsWith("/*", StringComparison.Ordinal):
                foreach (var file in Directory.GetFiles(MachinePath(machine, files[..^2])))
                {
                    File.Delete(file);
                }

                return;
            case "systemctl" when words is ["systemctl", "enable", "--now", var unit]:
                await StartAsync(machine, unit);
                return;
            case "sudo"
                when words
                    is ["sudo", "-u", "postgres", "createdb", "-E", "UTF8", "-T", "template0", "-O", _, var name]:
                if (provider == TestDatabases.PostgreSql)
                {
                    await CreateDatabaseAsync(machine, name);
                }

                return;
            case var assignment when words.Count == 1 && ShellAssignment().Match(assignment) is { Success: true } set:
                Variables(machine)[set.Groups[1].Value] = set.Groups[2].Value;
                return;
            default:
                Assert.Fail($"the walk-through test does not know how to run '{command.Line}' on {machine}");
                return;
        }
    }

    private async Task JeboAsync(string machine, WalkCommand command)
    {
        var args = Settings(
            machine,
            command.Words.Skip(1).Select((word, i) => Argument(machine, command.Words[i], word)).ToList()
        );

        var input = args.Contains("--password-stdin") ? KimsPassword + "\n" : "";
        var output = new StringWriter();
        var error = new StringWriter();
        var run = CommandLine.RunAsync([.. args], new StringReader(input), output, error, Cancel);
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(2), Cancel);
        var said = output.ToString() + error;
        var refuses = command.Expected.Exists(e => e.StartsWith(Refusal, StringComparison.Ordinal));
        Assert.True(exit == (refuses ? 1 : 0), $"on {machine}: `{command.Line}` exited {exit}:\n{said}");
        // A different text is collected and the walk goes on, so one run names every line that drifted.
        drift.AddRange(
            command
                .Expected.Where(expected =>
                    !Says(
                        said,
                        expected.StartsWith(Refusal, StringComparison.Ordinal) ? expected[Refusal.Length..] : expected
                    )
                )
                .Select(expected =>
                    $"on {machine}: `{command.Line}` does not print '{expected}' as the document says; it "
                    + $"printed:\n{said}"
                )
        );

        if (WholeExportFingerprint().Match(said) is { Success: true } fingerprint)
        {
            lastExportFingerprint = fingerprint.Groups[1].Value.Trim();
        }

        if (
            command.Words is [_, "transfer", "quarantine", "list", ..]
            && QuarantineId().Match(said) is { Success: true } id
        )
        {
            lastQuarantineId = id.Groups[1].Value;
        }
    }

    /// <summary>A word of a command as this test's machines have it: a path made the machine's own, the placeholders
    /// the document explains (F, the fingerprint the other operator reads out; ID, the id <c>quarantine list</c>
    /// printed) filled in as the operator would.</summary>
    private string Argument(string machine, string option, string word) =>
        (option, word) switch
        {
            ("--fingerprint", "F") when lastExportFingerprint.Length > 0 => lastExportFingerprint,
            ("--id", "ID") when lastQuarantineId.Length > 0 => lastQuarantineId,
            ("--fingerprint", "F") or ("--id", "ID") => throw new InvalidOperationException(
                $"{word} before it was said"
            ),
            _ when word.StartsWith('/') => MachinePath(machine, word),
            _ when word.StartsWith('$') => Variables(machine).TryGetValue(word[1..], out var value)
                ? value
                : throw new InvalidOperationException($"{word} is used on {machine} before it was set"),
            _ => word,
        };

    private Dictionary<string, string> Variables(string machine) =>
        variables.TryGetValue(machine, out var set) ? set : variables[machine] = new(StringComparer.Ordinal);

    /// <summary>A command's options as the document's shell function gives them: the data folder, then every setting
    /// of the machine's environment file the command line does not give itself; each database setting made this
    /// test's (<see cref="Database"/>).</summary>
    private List<string> Settings(string machine, List<string> args)
    {
        if (!args.Contains("--data"))
        {
            args.AddRange(["--data", DataFolder(machine)]);
        }

        foreach (var (variable, value) in EnvironmentFile(machine))
        {
            var option = "--" + variable["JEBO_".Length..].ToLowerInvariant().Replace('_', '-');
            if (!args.Contains(option))
            {
                args.AddRange([option, value]);
            }
        }

        var settled = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--intake-db" or "--casework-db" && i + 1 < args.Count)
            {
                if (Database(machine, args[++i]) is { } database)
                {
                    settled.AddRange([args[i - 1], database]);
                }

                continue;
            }

            settled.Add(args[i]);
        }

        return settled;
    }

    /// <summary>The machine's <c>/etc/jebo/ZONE.env</c>: <c>deploy/systemd/ZONE.env.example</c>, as installed. A
    /// lab's test casework is set up like a casework machine.</summary>
    private static IEnumerable<(string Variable, string Value)> EnvironmentFile(string machine)
    {
        var zone = machine == "intake" ? "intake" : "casework";
        var file = Path.Combine(TestRepository.Root, "deploy", "systemd", zone + ".env.example");
        foreach (var line in File.ReadAllLines(file).Select(l => l.Trim()))
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                Assert.True(line.StartsWith("JEBO_", StringComparison.Ordinal) && equals > 0, $"{file}: '{line}'");
                yield return (line[..equals], line[(equals + 1)..]);
            }
        }
    }

    /// <summary>A database setting on this test's server: on PostgreSQL the database of that name on the machine's
    /// database server, which is this test's server with a name of the machine's own; on SQLite none (the zone's file
    /// in its data folder) when the setting names a PostgreSQL server.</summary>
    private string? Database(string machine, string setting)
    {
        if (!setting.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return setting;
        }

        if (provider == TestDatabases.Sqlite)
        {
            return null;
        }

        var named = new NpgsqlConnectionStringBuilder(setting).Database;
        Assert.False(string.IsNullOrEmpty(named), $"'{setting}' names no database");
        return new NpgsqlConnectionStringBuilder(TestDatabases.PostgresAdmin)
        {
            Database = OnServer(machine, named),
        }.ConnectionString;
    }

    private string OnServer(string machine, string database) => $"walk_{walk}_{machine}_{database}";

    /// <summary>What <c>sudo -u postgres createdb -E UTF8 -T template0 NAME</c> makes on the machine's database
    /// server; dropped when the test ends.</summary>
    private async Task CreateDatabaseAsync(string machine, string name)
    {
        var database = OnServer(machine, name);
        await using (var connection = new NpgsqlConnection(TestDatabases.PostgresAdmin))
        {
            await connection.OpenAsync(Cancel);
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0",
                connection
            );
            await create.ExecuteNonQueryAsync(Cancel);
        }

        databases.Add(
            new TestDatabase(
                new NpgsqlConnectionStringBuilder(TestDatabases.PostgresAdmin) { Database = database }.ConnectionString,
                database
            )
        );
    }

    /// <summary>On PostgreSQL, each machine's database named in its environment file, made empty before the machine's
    /// first command as "PostgreSQL" in the document has the database administrator do.</summary>
    private async Task PrepareAsync(string machine)
    {
        if (provider != TestDatabases.PostgreSql || !prepared.Add(machine))
        {
            return;
        }

        foreach (var (variable, value) in EnvironmentFile(machine))
        {
            if (variable.EndsWith("_DB", StringComparison.Ordinal))
            {
                await CreateDatabaseAsync(machine, new NpgsqlConnectionStringBuilder(value).Database!);
            }
        }
    }

    private string DataFolder(string machine) => MachinePath(machine, "/var/lib/jebo");

    /// <summary>An absolute path on a machine: its own folder, or the stick's for <c>/media/…</c>.</summary>
    private string MachinePath(string machine, string path)
    {
        var owner = path.StartsWith(Stick, StringComparison.Ordinal) ? "shared" : machine;
        var local = Path.Combine(root, owner, path.TrimStart('/'));
        if (path.StartsWith(Stick, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(local); // the mount point of the stick
        }

        return local;
    }

    /// <summary>Whether <paramref name="output"/> holds <paramref name="expected"/>'s pieces between its ellipses, in
    /// order.</summary>
    private static bool Says(string output, string expected)
    {
        var at = 0;
        foreach (var piece in expected.Split('…').Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var found = output.IndexOf(piece, at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + piece.Length;
        }

        return true;
    }

    /// <summary>Starts what the shipped unit runs (its <c>ExecStart</c>), on free loopback ports and with transfer
    /// rounds left to the stick, and waits until it is ready.</summary>
    private async Task StartAsync(string machine, string unit)
    {
        var unitFile = Path.Combine(TestRepository.Root, "deploy", "systemd", unit + ".service");
        var execStart = File.ReadAllLines(unitFile).Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        var verb = Assert.Single(OperationsDocument.Words(execStart["ExecStart=/opt/jebo/jebo".Length..]));
        Assert.Equal(machine, verb);
        var url = OperatorFolder.FreeAddress();
        var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = File.ReadAllLines(unitFile)
            .Single(l => l.StartsWith("EnvironmentFile=", StringComparison.Ordinal));
        Assert.Equal($"EnvironmentFile=/etc/jebo/{verb}.env", environment);
        string[] args =
        [
            .. Settings(
                machine,
                [
                    verb,
                    "--data",
                    DataFolder(machine),
                    $"--{verb}-url",
                    url,
                    $"--{verb}-admin-url",
                    OperatorFolder.FreeAddress(),
                    "--transfer-interval",
                    "3600",
                ]
            ),
        ];
        var run = Task.Run(async () =>
        {
            var exit = await CommandLine.RunAsync(args, new StringReader(""), output, error, stop.Token);
            return (exit, output.ToString(), error.ToString());
        });
        running[machine] = new Zone(url, run, stop);
        for (var attempt = 0; ; attempt++)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"`{execStart}` on {machine} stopped: {(await run).Item3}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(url + "/readyz"), Cancel)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                // not listening yet
            }

            Assert.True(attempt < 300, $"{machine} did not become ready");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>What a person does between the operators' commands, by the zones' public and staff APIs.</summary>
    private async Task ActAsync(string act)
    {
        switch (act)
        {
            case "reporter submits":
                var response = await http.PostAsJsonAsync(
                    new Uri(running["intake"].Url + "/api/v1/reports"),
                    new
                    {
                        language = "ko",
                        category = "unclear",
                        region = "26380",
                        reporter = new { anonymous = true },
                        facts = new
                        {
                            description = $"사하구 항구 창고에서 밤마다 밀수품을 옮기는 사람들이 있습니다 ({receipts.Count + 1})",
                        },
                    },
                    Cancel
                );
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var created = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>(Cancel);
                receipts.Add(created!["receipt"]);
                return;
            case "kim accepts the case":
                using (var staff = await StaffAsync("kim"))
                {
                    var cases = await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases", Cancel);
                    var id = Assert.Single(cases.GetProperty("items").EnumerateArray()).GetProperty("id").GetString();
                    var accepted = await staff.PostAsJsonAsync(
                        $"/api/v1/cases/{id}/actions",
                        new { action = "accept" },
                        Cancel
                    );
                    Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync(Cancel));
                }

                return;
            case var reads when ReporterReads().Match(reads) is { Success: true } status:
                var answer = await http.PostAsJsonAsync(
                    new Uri(running["intake"].Url + "/api/v1/status"),
                    new { receipt = receipts[^1] },
                    Cancel
                );
                var body = await answer.Content.ReadFromJsonAsync<JsonElement>(Cancel);
                Assert.Equal(status.Groups[1].Value, body.GetProperty("status").GetString());
                return;
            default:
                Assert.Fail($"the walk-through test does not know the act '{act}'");
                return;
        }
    }

    /// <summary>A staff member's API client: the token <c>jebo users token</c> prints on the casework machine, as the
    /// staff pages would sign them in.</summary>
    private async Task<HttpClient> StaffAsync(string login)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            [.. Settings("casework", ["users", "token", "--login", login])],
            new StringReader(""),
            output,
            error,
            Cancel
        );
        Assert.True(exit == 0, error.ToString());
        var token = output.ToString().TrimEnd('\n').Split('\n')[^1].Trim();
        var client = new HttpClient { BaseAddress = new Uri(running["casework"].Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex(@"fingerprint of the whole export[^:]*: (.+)$", RegexOptions.Multiline)]
    private static partial Regex WholeExportFingerprint();

    [GeneratedRegex(@"^(\S+)  ", RegexOptions.Multiline)]
    private static partial Regex QuarantineId();

    [GeneratedRegex(@"^([a-z_][a-z0-9_]*)=(.*)$")]
    private static partial Regex ShellAssignment();

    [GeneratedRegex(@"^reporter reads (\S+)$")]
    private static partial Regex ReporterReads();

    public async ValueTask DisposeAsync()
    {
        foreach (var zone in running.Values)
        {
            await zone.Stop.CancelAsync();
            await zone.Run;
            zone.Stop.Dispose();
        }

        http.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }
}
