using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Cli;
using Jebo.Testing;
using Microsoft.Data.Sqlite;

namespace Jebo.Tests.Cli;

/// <summary>
/// docs/operations.md cannot drift from the program: its two-machine walk-through runs here with the commands taken
/// from the document (<see cref="OperationsDocument.WalkThrough"/>), and every other <c>jebo …</c> line in it names a
/// verb and options the entry point knows.
/// </summary>
/// <remarks>The machines are folders under one scratch folder; an absolute path in a command is that machine's
/// own (<c>/var/lib/jebo</c> its data folder), except <c>/media/…</c>, the stick carried between them. Each
/// <c>jebo</c> line runs through <see cref="CommandLine.RunAsync"/> as the binary runs it, with <c>--data
/// /var/lib/jebo</c> when it names no data folder (the document's <c>JEBO_DATA</c>) and SQLite (the document's
/// environment file names PostgreSQL; the verbs read both the same way, see
/// <see cref="VerbsOnAnOperatorsFolderTests"/>). <c>systemctl enable --now jebo-ZONE</c> starts what the unit in
/// deploy/systemd runs, on free loopback ports. The people's acts between the blocks (a reporter, a staff member) go
/// through the zones' HTTP APIs.</remarks>
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
    private string lastExportFingerprint = "";
    private string lastQuarantineId = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Zone(
        string Url,
        Task<(int Exit, string Output, string Error)> Run,
        CancellationTokenSource Stop
    );

    [Fact]
    public async Task The_two_machine_walk_through_runs_as_written()
    {
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
            default:
                Assert.Fail($"the walk-through test does not know how to run '{command.Line}' on {machine}");
                return;
        }
    }

    private async Task JeboAsync(string machine, WalkCommand command)
    {
        var args = command.Words.Skip(1).Select((word, i) => Argument(machine, command.Words[i], word)).ToList();
        if (!args.Contains("--data"))
        {
            args.AddRange(["--data", DataFolder(machine)]);
        }

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
            _ => word,
        };

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
        string[] args =
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
            ["users", "token", "--login", login, "--data", DataFolder("casework")],
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
        Directory.Delete(root, recursive: true);
    }
}
