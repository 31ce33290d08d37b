using System.Diagnostics;
using System.Net;

namespace Jebo.Tests.Cli;

/// <summary>
/// Every documented verb, end to end through the entry point, as an operator runs it: default options (SQLite files
/// under the data folder, the spool between the zones), a data folder made by <c>jebo init</c>, arguments and
/// standard input in, standard output, exit status and a one-line reason out. These verbs build their services the
/// way the running zone does; a verb that read a setting another way (as <c>jebo backup</c> once took the bare SQLite
/// path for a connection string) fails here.
/// </summary>
/// <remarks>Default options mean SQLite; the same verbs on PostgreSQL are tested through the test platform, which
/// gives connection strings.</remarks>
public sealed class VerbsOnAnOperatorsFolderTests
{
    private const string Password = "Long-enough-password-1";

    [Fact]
    public async Task Init_lays_out_the_data_folder_once_and_db_migrate_finds_both_zones()
    {
        using var site = await OperatorFolder.InitAsync();

        Assert.Contains(
            "national administrator: login 'admin', one-time password ",
            site.InitOutput,
            StringComparison.Ordinal
        );
        Assert.Contains($"initialised both in {site.Data}", site.InitOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(site.Data, "intake", "intake.db")));
        Assert.True(File.Exists(Path.Combine(site.Data, "casework", "casework.db")));
        Assert.True(File.Exists(Path.Combine(site.Data, "intake", "keys", "signing.key")));
        Assert.True(File.Exists(Path.Combine(site.Data, "casework", "keys", "sealing.key")));
        Assert.True(Directory.Exists(Path.Combine(site.Data, "transfer", "to-casework")));
        Assert.True(Directory.Exists(Path.Combine(site.Data, "transfer", "to-intake")));

        // Idempotent: no second administrator, no second password.
        Assert.DoesNotContain("national administrator", await site.RunAsync("init"), StringComparison.Ordinal);
        var migrate = await site.RunAsync("db", "migrate");
        Assert.Contains("intake: migrations applied", migrate, StringComparison.Ordinal);
        Assert.Contains("casework: migrations applied", migrate, StringComparison.Ordinal);
        Assert.Contains(
            "--zone must be intake, casework or both",
            await site.MisuseAsync("init", "--zone", "portal"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Users_add_reads_the_password_from_standard_input_and_users_token_prints_the_token_last()
    {
        using var site = await OperatorFolder.InitAsync();

        var added = await site.RunWithInputAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            "investigator",
            "--password-stdin",
            "--pledge-signed"
        );
        Assert.Contains("created kim (investigator at 26); pledge recorded (paper)", added, StringComparison.Ordinal);
        var token = (await site.RunAsync("users", "token", "--login", "kim")).TrimEnd('\n').Split('\n')[^1];
        Assert.StartsWith("jebo_", token, StringComparison.Ordinal);

        await site.RunWithInputAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "lee",
            "--office",
            "11",
            "--role",
            "screener",
            "--password-stdin"
        );
        Assert.Contains("pledge", await site.FailAsync("users", "token", "--login", "lee"), StringComparison.Ordinal);
        Assert.Contains(
            "--password-stdin",
            await site.MisuseAsync("users", "add", "--login", "x", "--office", "11", "--role", "screener"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Reports_cross_by_hand_with_demo_seed_and_transfer_export_verify_import_and_status()
    {
        using var site = await OperatorFolder.InitAsync();
        Assert.Contains(
            "3 synthetic report(s) received and sealed (seed 5)",
            await site.RunAsync("demo", "seed", "--count", "3", "--seed", "5"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "3 record(s) waiting for the next bundle",
            await site.RunAsync("transfer", "status"),
            StringComparison.Ordinal
        );

        var medium = site.Path("usb-to-casework");
        var exported = await site.RunAsync("transfer", "export", "--to", medium);
        Assert.Contains("exported reports-000000000001.jebo", exported, StringComparison.Ordinal);
        Assert.Contains("1 report bundle(s) written to", exported, StringComparison.Ordinal);
        var bundle = Path.Combine(medium, "reports-000000000001.jebo");
        Assert.Contains(
            "all 3 sealed record(s) open",
            await site.RunAsync("transfer", "verify", bundle),
            StringComparison.Ordinal
        );

        Assert.Contains(
            "reports-000000000001.jebo: applied",
            await site.RunAsync("transfer", "import", "--from", medium),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "case state matches the audit log: 3 case(s) replayed",
            await site.RunAsync("audit", "rebuild"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "applied (imported) through 1; no gap",
            await site.RunAsync("transfer", "status"),
            StringComparison.Ordinal
        );

        // And back: casework's status bundle acknowledges the reports, so intake keeps none of them sealed.
        var back = site.Path("usb-to-intake");
        Assert.Contains(
            "status bundle(s) written to",
            await site.RunAsync("transfer", "export", "--zone", "casework", "--to", back),
            StringComparison.Ordinal
        );
        Assert.Contains(
            ": applied",
            await site.RunAsync("transfer", "import", "--from", back, "--zone", "intake"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "all acknowledged by casework",
            await site.RunAsync("transfer", "status"),
            StringComparison.Ordinal
        );

        Assert.Contains(
            "no file",
            await site.FailAsync("transfer", "verify", site.Path("nothing.jebo")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no bundles",
            await site.FailAsync("transfer", "import", "--from", site.Root),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_lost_bundle_holds_the_next_until_transfer_acknowledge_gap()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("demo", "seed", "--count", "2", "--seed", "1");
        await site.RunAsync("transfer", "export", "--to", site.Path("first"));
        await site.RunAsync("demo", "seed", "--count", "2", "--seed", "2");
        var second = site.Path("second");
        Assert.Contains(
            "exported reports-000000000002.jebo",
            await site.RunAsync("transfer", "export", "--to", second, "--from", "2"),
            StringComparison.Ordinal
        );

        // The first stick is lost, and with it the only copy on the way to casework.
        File.Delete(Path.Combine(site.Data, "transfer", "to-casework", "reports-000000000001.jebo"));
        Assert.Contains(
            "held reports-000000000002.jebo",
            await site.FailAsync("transfer", "import", "--from", second),
            StringComparison.Ordinal
        );
        Assert.Contains("GAP", await site.RunAsync("transfer", "status"), StringComparison.Ordinal);

        Assert.Contains(
            "--reason",
            await site.MisuseAsync("transfer", "acknowledge-gap", "--through", "1"),
            StringComparison.Ordinal
        );
        var acknowledged = await site.RunAsync(
            "transfer",
            "acknowledge-gap",
            "--through",
            "1",
            "--reason",
            "stick lost in transit"
        );
        Assert.Contains("report bundles 1–1 acknowledged as lost (audited)", acknowledged, StringComparison.Ordinal);
        await site.RunAsync("transfer", "import", "--from", second);
        Assert.Contains(
            "case state matches the audit log: 2 case(s) replayed",
            await site.RunAsync("audit", "rebuild"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no gap through 1",
            await site.FailAsync("transfer", "acknowledge-gap", "--through", "1", "--reason", "again"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Keys_list_export_install_and_rotate_on_one_machine()
    {
        using var site = await OperatorFolder.InitAsync();
        var listed = await site.RunAsync("keys", "list");
        Assert.Contains("intake: own keys", listed, StringComparison.Ordinal);
        Assert.Contains("casework: trusted intake keys", listed, StringComparison.Ordinal);

        Assert.Contains(
            "--zone",
            await site.MisuseAsync("keys", "export", "--to", site.Path("keys")),
            StringComparison.Ordinal
        );
        var exported = await site.RunAsync("keys", "export", "--zone", "casework", "--to", site.Path("keys"));
        Assert.Contains("jebo-casework-public-keys.json (public keys only)", exported, StringComparison.Ordinal);
        Assert.Contains(
            "nothing new: every key was installed already",
            await site.RunAsync("keys", "install", "--from", site.Path("keys")),
            StringComparison.Ordinal
        );

        var rotated = await site.RunAsync("keys", "rotate", "--zone", "intake", "--key", "signing");
        Assert.Contains("intake signing key is now ", rotated, StringComparison.Ordinal);
        Assert.Contains("installed in casework (same data folder)", rotated, StringComparison.Ordinal);
        Assert.Contains(
            "sealing key",
            await site.MisuseAsync("keys", "rotate", "--zone", "intake", "--key", "sealing"),
            StringComparison.Ordinal
        );

        // Reports signed with the new key still cross.
        await site.RunAsync("demo", "seed", "--count", "1", "--seed", "9");
        await site.RunAsync("transfer", "export", "--to", site.Path("medium"));
        Assert.Contains(
            ": applied",
            await site.RunAsync("transfer", "import", "--from", site.Path("medium")),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Audit_checkpoint_verify_and_rebuild_and_sample_run()
    {
        using var site = await OperatorFolder.InitAsync();
        var export = site.Path("checkpoints.jsonl");
        var checkpoint = await site.RunAsync("audit", "checkpoint", "--export", export);
        Assert.Contains("signed checkpoint at entry ", checkpoint, StringComparison.Ordinal);
        Assert.Contains($"checkpoint(s) written to {export}", checkpoint, StringComparison.Ordinal);
        Assert.Contains("audit chain intact: ", await site.RunAsync("audit", "verify"), StringComparison.Ordinal);
        Assert.Contains(
            ", export)",
            await site.RunAsync("audit", "verify", "--checkpoints", export),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "case state matches the audit log: 0 case(s) replayed",
            await site.RunAsync("audit", "rebuild"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "does not exist",
            await site.FailAsync("audit", "verify", "--checkpoint-file", site.Path("missing")),
            StringComparison.Ordinal
        );

        Assert.Contains(
            "callback sample 2026-10: no case reviewed or not accepted",
            await site.RunAsync("sample", "run", "--month", "2026-10"),
            StringComparison.Ordinal
        );
        await site.MisuseAsync("sample", "run", "--month", "October");
    }

    [Fact]
    public async Task Backup_on_default_settings_restores_into_a_fresh_folder_that_verifies()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("demo", "seed", "--count", "2", "--seed", "4");
        await site.RunAsync("transfer", "export", "--to", site.Path("medium"));
        await site.RunAsync("transfer", "import", "--from", site.Path("medium"));

        // The bare SQLite path of the default settings is read as the zones read it.
        var backup = site.Path("backup");
        var made = await site.RunAsync("backup", "--to", backup);
        Assert.Contains($"intake: ", made, StringComparison.Ordinal);
        Assert.Contains(
            $"file(s) backed up to {Path.Combine(backup, "casework")} (sqlite)",
            made,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "keep",
            await site.RunAsync("backup", "keygen", "--out", site.Path("recipient")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "casework.jebo-backup",
            await site.RunAsync(
                "backup",
                "--to",
                site.Path("sealed"),
                "--zone",
                "casework",
                "--recipient",
                site.Path("recipient.pub")
            ),
            StringComparison.Ordinal
        );

        using var fresh = OperatorFolder.Empty();
        var restored = await fresh.RunAsync("restore", "--from", backup);
        Assert.Contains("intake: restored into", restored, StringComparison.Ordinal);
        Assert.Contains("casework: restored into", restored, StringComparison.Ordinal);
        Assert.Contains("audit chain intact", await fresh.RunAsync("audit", "verify"), StringComparison.Ordinal);
        Assert.Contains("2 case(s) replayed", await fresh.RunAsync("audit", "rebuild"), StringComparison.Ordinal);
        Assert.Contains(
            "fresh data folder",
            await site.FailAsync("restore", "--from", backup),
            StringComparison.Ordinal
        );

        using var sealedCopy = OperatorFolder.Empty();
        await sealedCopy.RunAsync("restore", "--from", site.Path("sealed"), "--key", site.Path("recipient.key"));
        Assert.Contains("2 case(s) replayed", await sealedCopy.RunAsync("audit", "rebuild"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_initialises_an_empty_folder_and_serves_both_zones_until_stopped()
    {
        using var site = OperatorFolder.Empty();
        var (intake, casework) = (FreeAddress(), FreeAddress());
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = site.TryAsync(
            null,
            [
                "up",
                "--intake-url",
                intake,
                "--casework-url",
                casework,
                "--intake-admin-url",
                "off",
                "--casework-admin-url",
                "off",
            ],
            stop.Token
        );

        await AssertServesAsync(intake, running);
        await AssertServesAsync(casework, running);
        await stop.CancelAsync();
        var (exit, output, error) = await running;

        Assert.True(exit == 0, error);
        Assert.Contains("national administrator", output, StringComparison.Ordinal);
        Assert.Contains("stopped cleanly", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(site.Data, "casework", "casework.db")));
    }

    [Theory]
    [InlineData("intake")]
    [InlineData("casework")]
    public async Task On_two_machines_the_keys_are_exchanged_and_one_zone_alone_serves_until_stopped(string zone)
    {
        using var intakeMachine = await OperatorFolder.InitAsync("--zone", "intake");
        using var caseworkMachine = await OperatorFolder.InitAsync("--zone", "casework");
        Assert.Contains(
            "next: `jebo keys export --zone intake --to DIR`",
            intakeMachine.InitOutput,
            StringComparison.Ordinal
        );
        Assert.Contains("national administrator", caseworkMachine.InitOutput, StringComparison.Ordinal);
        Assert.Contains(
            "public keys are not installed",
            await intakeMachine.FailAsync("intake"),
            StringComparison.Ordinal
        );

        // Each operator writes the zone's public keys to a stick and installs the other's.
        Assert.Contains(
            "jebo-intake-public-keys.json",
            await intakeMachine.RunAsync("keys", "export", "--to", intakeMachine.Path("stick")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "jebo-casework-public-keys.json",
            await caseworkMachine.RunAsync("keys", "export", "--to", caseworkMachine.Path("stick")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "installed ",
            await caseworkMachine.RunAsync("keys", "install", "--from", intakeMachine.Path("stick")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "installed ",
            await intakeMachine.RunAsync("keys", "install", "--from", caseworkMachine.Path("stick")),
            StringComparison.Ordinal
        );

        var site = zone == "intake" ? intakeMachine : caseworkMachine;
        await site.FailAsync(zone == "intake" ? "casework" : "intake");
        var address = FreeAddress();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = site.TryAsync(
            null,
            [zone, $"--{zone}-url", address, $"--{zone}-admin-url", FreeAddress()],
            stop.Token
        );

        await AssertServesAsync(address, running);
        await stop.CancelAsync();
        var (exit, output, error) = await running;

        Assert.True(exit == 0, error);
        Assert.Contains($"{zone} listening on {address}", output, StringComparison.Ordinal);
        Assert.Contains("stopped cleanly", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_is_bad_usage_and_a_folder_without_zones_is_a_one_line_failure()
    {
        using var site = OperatorFolder.Empty();
        Assert.Contains("unknown verb 'frobnicate'", await site.MisuseAsync("frobnicate"), StringComparison.Ordinal);
        Assert.Contains("no zone is initialised", await site.FailAsync("transfer", "status"), StringComparison.Ordinal);
        Assert.Contains(
            "no zone is initialised",
            await site.FailAsync("backup", "--to", site.Path("backup")),
            StringComparison.Ordinal
        );
        Assert.Contains("jebo init", await site.FailAsync("demo", "seed", "--count", "1"), StringComparison.Ordinal);
    }

    /// <summary>The <c>jebo</c> executable itself (Program's main): standard input, the token on the last line of
    /// standard output, and the exit statuses 0, 1 and 2.</summary>
    [Fact]
    public async Task The_jebo_executable_reads_standard_input_and_answers_with_its_exit_status()
    {
        using var site = OperatorFolder.Empty();
        Assert.Equal(0, (await JeboAsync(site, null, "init")).Exit);
        var added = await JeboAsync(
            site,
            Password + "\n",
            "users",
            "add",
            "--login",
            "park",
            "--office",
            "national",
            "--role",
            "auditor",
            "--password-stdin",
            "--pledge-signed"
        );
        Assert.True(added.Exit == 0, added.Error);
        var token = await JeboAsync(site, null, "users", "token", "--login", "park");
        Assert.Equal(0, token.Exit);
        Assert.StartsWith("jebo_", token.Output.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);

        var missing = await JeboAsync(site, null, "users", "token", "--login", "nobody");
        Assert.Equal(1, missing.Exit);
        Assert.StartsWith("jebo: ", Assert.Single(missing.Error.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
        Assert.Equal(2, (await JeboAsync(site, null, "users", "token")).Exit);
    }

    private static async Task<(int Exit, string Output, string Error)> JeboAsync(
        OperatorFolder site,
        string? input,
        params string[] arguments
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in (string[])
                ["exec", Path.Combine(AppContext.BaseDirectory, "jebo.dll"), .. arguments, "--data", site.Data]
        )
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    internal static string FreeAddress() => OperatorFolder.FreeAddress();

    /// <summary>Waits until the zone at <paramref name="address"/> answers <c>/healthz</c> with 200, failing at once if
    /// the command ends first.</summary>
    internal static async Task AssertServesAsync(string address, Task<(int Exit, string Output, string Error)> running)
    {
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (running.IsCompleted)
            {
                var (exit, output, error) = await running;
                Assert.Fail($"jebo ended with {exit} before serving {address}: {error}{output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail($"nothing answered at {address} within a minute");
    }
}
