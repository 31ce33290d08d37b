using System.Net;
using System.Net.Sockets;
using Jebo.Cli;

namespace Jebo.Tests.Cli;

/// <summary>An operator's common mistakes, each answered in one line that names the problem and the command that fixes
/// it on this machine, never advising to create the other zone here.</summary>
public sealed class OperatorMistakesTests
{
    [Fact]
    public async Task Version_prints_the_version_and_the_commit()
    {
        using var site = OperatorFolder.Empty();
        var printed = (await site.RunAsync("--version")).Trim();
        Assert.Matches(@"^jebo \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{7,40}|unknown)\)$", printed);
        Assert.Equal(CommandLine.Version(), printed);
    }

    [Fact]
    public async Task A_casework_verb_on_the_intake_machine_sends_the_operator_to_the_casework_machine()
    {
        using var intakeMachine = await OperatorFolder.InitAsync("--zone", "intake");
        var users = await intakeMachine.FailAsync(
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            "investigator",
            "--password-stdin"
        );
        Assert.Contains(
            "holds the intake zone, not casework: run this command on the casework machine",
            users,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("init", users, StringComparison.Ordinal);
        Assert.Contains(
            "on the casework machine",
            await intakeMachine.FailAsync("audit", "verify"),
            StringComparison.Ordinal
        );
        Assert.Contains("on the casework machine", await intakeMachine.FailAsync("casework"), StringComparison.Ordinal);
        Assert.False(
            Directory.Exists(Path.Combine(intakeMachine.Data, "casework")),
            "a casework folder was made on the intake machine"
        );

        // A stick of report bundles brought to the intake machine by mistake.
        using var elsewhere = await OperatorFolder.InitAsync();
        await elsewhere.RunAsync("demo", "seed", "--count", "1", "--seed", "1");
        await elsewhere.RunAsync("transfer", "export", "--to", elsewhere.Path("stick"));
        var import = await intakeMachine.FailAsync("transfer", "import", "--from", elsewhere.Path("stick"));
        Assert.Contains(
            "carry the medium to the casework machine and run `jebo transfer import --from DIR` there",
            import,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task An_intake_verb_on_the_casework_machine_never_suggests_making_intake_there()
    {
        using var caseworkMachine = await OperatorFolder.InitAsync("--zone", "casework");
        var refusal = await caseworkMachine.FailAsync("intake");
        Assert.Contains(
            "holds the casework zone, not intake: run this command on the intake machine",
            refusal,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("jebo init", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(
            "init",
            await caseworkMachine.FailAsync("transfer", "quarantine", "list", "--zone", "intake"),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("sample", "run", "--month", "2026-11")]
    [InlineData("users", "list")]
    [InlineData("audit", "rebuild")]
    [InlineData("audit", "checkpoint")]
    [InlineData("retention", "hold", "--case", "5f3a8f43-7c1e-4f55-9a59-0c2d0b0c6a11", "--reason", "court order")]
    [InlineData("backup", "--to", "BACKUP", "--zone", "casework")]
    [InlineData("keys", "rotate", "--zone", "casework")]
    [InlineData("transfer", "acknowledge-gap", "--through", "1", "--reason", "lost", "--zone", "casework")]
    public async Task Each_casework_verb_on_the_intake_machine_is_sent_to_the_casework_machine_and_makes_nothing(
        params string[] verb
    )
    {
        using var intakeMachine = await OperatorFolder.InitAsync("--zone", "intake");
        var backup = intakeMachine.Path("backup");
        var refusal = await intakeMachine.FailAsync([.. verb.Select(w => w == "BACKUP" ? backup : w)]);
        Assert.Contains(
            "holds the intake zone, not casework: run this command on the casework machine",
            refusal,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("init", refusal, StringComparison.Ordinal);
        Assert.False(
            Directory.Exists(Path.Combine(intakeMachine.Data, "casework")),
            "a casework folder was made on the intake machine"
        );
        Assert.False(Directory.Exists(backup), "a backup of a zone that is not here was written");
    }

    [Theory]
    [InlineData("maintenance", "on")]
    [InlineData("demo", "seed", "--count", "1")]
    [InlineData("backup", "--to", "BACKUP", "--zone", "intake")]
    [InlineData("transfer", "acknowledge-gap", "--through", "1", "--reason", "lost", "--zone", "intake")]
    public async Task Each_intake_verb_on_the_casework_machine_is_sent_to_the_intake_machine_and_makes_nothing(
        params string[] verb
    )
    {
        using var caseworkMachine = await OperatorFolder.InitAsync("--zone", "casework");
        var backup = caseworkMachine.Path("backup");
        var refusal = await caseworkMachine.FailAsync([.. verb.Select(w => w == "BACKUP" ? backup : w)]);
        Assert.Contains(
            "holds the casework zone, not intake: run this command on the intake machine",
            refusal,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("init", refusal, StringComparison.Ordinal);
        Assert.False(
            Directory.Exists(Path.Combine(caseworkMachine.Data, "intake")),
            "an intake folder was made on the casework machine"
        );
        Assert.False(Directory.Exists(backup), "a backup of a zone that is not here was written");
    }

    [Theory]
    [InlineData("sample", "run", "--month", "2026-11")]
    [InlineData("keys", "list")]
    [InlineData("transfer", "status")]
    [InlineData("transfer", "quarantine", "list")]
    [InlineData("backup", "--to", "BACKUP")]
    [InlineData("db", "migrate")]
    public async Task A_verb_on_a_wrong_data_folder_says_how_to_set_up_one_zone_and_makes_nothing(params string[] verb)
    {
        using var site = OperatorFolder.Empty();
        var backup = site.Path("backup");
        var refusal = await site.FailAsync([.. verb.Select(w => w == "BACKUP" ? backup : w)]);
        Assert.Contains($"in {site.Data}", refusal, StringComparison.Ordinal);
        Assert.Matches("`jebo init --zone (intake|casework)`", refusal);
        // `jebo init` without --zone would put both zones, and casework's private keys, on this machine.
        Assert.DoesNotContain("`jebo init`", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", refusal, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(site.Root, "*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(backup), "a backup folder was made for nothing");
    }

    [Fact]
    public async Task A_wrong_data_folder_is_named_as_such_and_gets_no_stray_database()
    {
        using var site = OperatorFolder.Empty();
        var users = await site.FailAsync(
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            "investigator",
            "--password-stdin"
        );
        Assert.Contains($"no casework zone in {site.Data}: give the data folder", users, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", users, StringComparison.Ordinal);
        Assert.Contains("no intake zone in", await site.FailAsync("intake"), StringComparison.Ordinal);
        Assert.DoesNotContain(
            "public keys are not installed",
            await site.FailAsync("intake"),
            StringComparison.Ordinal
        );
        Assert.Empty(Directory.GetFiles(site.Root, "*.db", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Audit_checkpoint_into_a_missing_folder_fails_before_signing()
    {
        using var site = await OperatorFolder.InitAsync();
        var target = site.Path("not-mounted/checkpoints.json");
        Assert.Contains(
            "nothing was signed",
            await site.FailAsync("audit", "checkpoint", "--export", target),
            StringComparison.Ordinal
        );
        // Had the failed command signed, there would be nothing new to sign now.
        Assert.Contains(
            "signed checkpoint at entry",
            await site.RunAsync("audit", "checkpoint"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_option_to_change()
    {
        using var site = await OperatorFolder.InitAsync("--zone", "intake");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var refusal = await site.FailAsync("intake", "--intake-url", address);
        Assert.Contains("is in use by another program", refusal, StringComparison.Ordinal);
        Assert.Contains("--intake-url URL", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("intake")]
    [InlineData("casework")]
    [InlineData("up")]
    public async Task A_management_port_in_use_is_one_line_naming_the_option_to_change(string verb)
    {
        // Two machines with their keys exchanged, so the zone has all it needs but its management address.
        using var intakeMachine = await OperatorFolder.InitAsync("--zone", "intake");
        using var caseworkMachine = await OperatorFolder.InitAsync("--zone", "casework");
        await caseworkMachine.RunAsync("keys", "export", "--to", intakeMachine.Path("stick"));
        await intakeMachine.RunAsync("keys", "install", "--from", intakeMachine.Path("stick"));
        await intakeMachine.RunAsync("keys", "export", "--to", caseworkMachine.Path("stick"));
        await caseworkMachine.RunAsync("keys", "install", "--from", caseworkMachine.Path("stick"));
        using var upMachine = OperatorFolder.Empty();
        var site = verb switch
        {
            "intake" => intakeMachine,
            "casework" => caseworkMachine,
            _ => upMachine,
        };

        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var zone = verb == "up" ? "casework" : verb;
        string[] urls =
        [
            "--intake-url",
            OperatorFolder.FreeAddress(),
            "--casework-url",
            OperatorFolder.FreeAddress(),
            "--intake-admin-url",
            zone == "intake" ? address : OperatorFolder.FreeAddress(),
            "--casework-admin-url",
            zone == "casework" ? address : OperatorFolder.FreeAddress(),
        ];
        var refusal = await site.FailAsync([verb, .. urls]);
        Assert.Contains($"{address[7..]} is in use by another program", refusal, StringComparison.Ordinal);
        Assert.Contains(
            $"--{zone}-admin-url URL (or none with --{zone}-admin-url off)",
            refusal,
            StringComparison.Ordinal
        );
    }
}
