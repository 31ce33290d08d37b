using System.Diagnostics;
using Jebo.Cli;
using Jebo.Hosting;
using Jebo.Transfer;

namespace Jebo.Tests.Cli;

/// <summary>Zones that cannot be mixed up (issue 22): a zone alone, and <c>jebo init --zone Z</c>, refuse a data folder
/// holding the other zone's private keys; <c>jebo init</c> for both refuses a folder set up for one; one process per
/// zone folder. Every refusal is one line naming the problem and what to run on this machine, never advising to create
/// the other zone there.</summary>
public sealed class ZoneSeparationTests
{
    [Fact]
    public async Task An_intake_machine_initialised_without_zone_refuses_to_start_and_says_how_to_put_it_right()
    {
        // The operator forgot --zone on the intake machine: init says plainly what it made and where the keys are.
        using var intakeMachine = await OperatorFolder.InitAsync();
        Assert.Contains(
            $"casework: created in {Path.Combine(intakeMachine.Data, "casework")}; its private keys are in",
            intakeMachine.InitOutput,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "both zones share this folder, for `jebo up` on one machine",
            intakeMachine.InitOutput,
            StringComparison.Ordinal
        );

        var refused = await intakeMachine.FailAsync(
            "intake",
            "--intake-url",
            VerbsOnAnOperatorsFolderTests.FreeAddress()
        );
        Assert.Contains(
            "the casework zone's private keys are in this intake data folder",
            refused,
            StringComparison.Ordinal
        );
        Assert.Contains(Path.Combine(intakeMachine.Data, "casework", "keys"), refused, StringComparison.Ordinal);
        Assert.Contains("`jebo up`", refused, StringComparison.Ordinal);
        Assert.Contains(
            "`jebo keys install --replace --fingerprint \"F\" --from DIR`",
            refused,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("jebo init --zone casework", refused, StringComparison.Ordinal);
        Assert.Contains(
            "intake data folder",
            await intakeMachine.FailAsync("init", "--zone", "intake"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "casework data folder",
            await intakeMachine.FailAsync("casework", "--casework-url", VerbsOnAnOperatorsFolderTests.FreeAddress()),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Init_on_a_folder_set_up_for_one_zone_says_so_and_refuses_to_add_the_other()
    {
        using var intakeMachine = await OperatorFolder.InitAsync("--zone", "intake");
        Assert.Contains(
            $"intake: created in {Path.Combine(intakeMachine.Data, "intake")}",
            intakeMachine.InitOutput,
            StringComparison.Ordinal
        );

        Assert.Contains(
            $"intake: already set up in {Path.Combine(intakeMachine.Data, "intake")}",
            await intakeMachine.RunAsync("init", "--zone", "intake"),
            StringComparison.Ordinal
        );
        var refused = await intakeMachine.FailAsync("init");
        Assert.Contains($"{intakeMachine.Data} is set up for the intake zone alone", refused, StringComparison.Ordinal);
        Assert.Contains("`jebo init --zone intake`", refused, StringComparison.Ordinal);
        Assert.Contains(
            "set up for the intake zone alone",
            await intakeMachine.FailAsync("up"),
            StringComparison.Ordinal
        );
        Assert.False(
            Directory.Exists(Path.Combine(intakeMachine.Data, "casework")),
            "the refused init made casework's folder"
        );
        Assert.Contains(
            "the intake zone's private keys are in this casework data folder",
            await intakeMachine.FailAsync("init", "--zone", "casework"),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("intake", "sealing.key")]
    [InlineData("intake", "trusted/sealing.key")]
    [InlineData("casework", "pepper.key")]
    public async Task The_other_zones_private_key_copied_into_the_key_folder_is_found(string zone, string copiedAs)
    {
        using var donor = await OperatorFolder.InitAsync();
        using var site = await OperatorFolder.InitAsync("--zone", zone);
        var peer = zone == "intake" ? "casework" : "intake";
        var target = Path.Combine(site.Data, zone, "keys", copiedAs);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(donor.Data, peer, "keys", Path.GetFileName(copiedAs)), target);

        var refused = await site.FailAsync(zone, $"--{zone}-url", VerbsOnAnOperatorsFolderTests.FreeAddress());
        Assert.Contains(
            $"the {peer} zone's private keys are in this {zone} data folder ({target})",
            refused,
            StringComparison.Ordinal
        );
        Assert.Contains(target, await site.FailAsync("init", "--zone", zone), StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_process_on_a_zone_folder_is_refused_naming_it_and_the_lock_goes_with_the_first()
    {
        using var site = OperatorFolder.Empty();
        var settings = JeboSettings.From(Arguments.Parse(["--data", site.Data]), null);
        var folder = Path.Combine(site.Data, "casework");

        using (ZoneLock.Acquire(settings, ZoneName.Casework))
        {
            var second = Assert.Throws<CommandFailedException>(() => ZoneLock.Acquire(settings, ZoneName.Casework));
            Assert.Contains(
                $"another jebo process is already running the casework zone on {folder}",
                second.Message,
                StringComparison.Ordinal
            );
            using var intake = ZoneLock.Acquire(settings, ZoneName.Intake); // the other zone's folder is another lock
        }

        // Released with the process (here: the stream); a lock file left behind never blocks a start.
        Assert.True(File.Exists(Path.Combine(folder, ZoneLock.FileName)));
        using var again = ZoneLock.Acquire(settings, ZoneName.Casework);
    }

    [Fact]
    public async Task A_second_jebo_up_on_a_running_data_folder_stops_with_one_line()
    {
        using var site = OperatorFolder.Empty();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var intake = VerbsOnAnOperatorsFolderTests.FreeAddress();
        var running = site.TryAsync(
            null,
            [
                "up",
                "--intake-url",
                intake,
                "--casework-url",
                VerbsOnAnOperatorsFolderTests.FreeAddress(),
                "--intake-admin-url",
                VerbsOnAnOperatorsFolderTests.FreeAddress(),
                "--casework-admin-url",
                VerbsOnAnOperatorsFolderTests.FreeAddress(),
            ],
            stop.Token
        );
        await VerbsOnAnOperatorsFolderTests.AssertServesAsync(intake, running);

        var second = await site.FailAsync(
            "up",
            "--intake-url",
            VerbsOnAnOperatorsFolderTests.FreeAddress(),
            "--casework-url",
            VerbsOnAnOperatorsFolderTests.FreeAddress()
        );
        Assert.Contains(
            $"another jebo process is already running the intake zone on {Path.Combine(site.Data, "intake")}",
            second,
            StringComparison.Ordinal
        );

        await stop.CancelAsync();
        var (exit, _, error) = await running;
        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task A_second_jebo_process_on_a_running_data_folder_is_refused_by_the_operating_systems_lock()
    {
        using var site = OperatorFolder.Empty();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var intake = VerbsOnAnOperatorsFolderTests.FreeAddress();
        var running = site.TryAsync(
            null,
            [
                "up",
                "--intake-url",
                intake,
                "--casework-url",
                VerbsOnAnOperatorsFolderTests.FreeAddress(),
                "--intake-admin-url",
                VerbsOnAnOperatorsFolderTests.FreeAddress(),
                "--casework-admin-url",
                VerbsOnAnOperatorsFolderTests.FreeAddress(),
            ],
            stop.Token
        );
        await VerbsOnAnOperatorsFolderTests.AssertServesAsync(intake, running);

        // The real binary in a process of its own, as an operator starting it twice would.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in (string[])
                [
                    "exec",
                    Path.Combine(AppContext.BaseDirectory, "jebo.dll"),
                    "up",
                    "--data",
                    site.Data,
                    "--intake-url",
                    VerbsOnAnOperatorsFolderTests.FreeAddress(),
                    "--casework-url",
                    VerbsOnAnOperatorsFolderTests.FreeAddress(),
                    "--intake-admin-url",
                    "off",
                    "--casework-admin-url",
                    "off",
                ]
        )
        {
            start.ArgumentList.Add(argument);
        }

        using var second = Process.Start(start)!;
        var output = second.StandardOutput.ReadToEndAsync(stop.Token);
        var refusal = await second.StandardError.ReadToEndAsync(stop.Token);
        await second.WaitForExitAsync(stop.Token);
        Assert.True(second.ExitCode == 1, $"exit {second.ExitCode}: {refusal}{await output}");
        Assert.StartsWith(
            $"jebo: another jebo process is already running the intake zone on {Path.Combine(site.Data, "intake")}",
            Assert.Single(refusal.TrimEnd('\n').Split('\n')),
            StringComparison.Ordinal
        );
        Assert.False(running.IsCompleted, "the first process stopped");

        await stop.CancelAsync();
        var (exit, _, error) = await running;
        Assert.True(exit == 0, error);
    }
}
