using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Transfer;

/// <summary>The way back: status bundles carried by hand, gaps in them, and switching status return off.</summary>
public sealed class StatusReturnTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Status_bundles_exported_by_hand_on_casework_are_imported_on_intake_and_acknowledge_the_reports(
        string provider
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(2);
        foreach (var bundle in await rig.WriteBundlesAsync())
        {
            rig.Deliver(bundle);
        }

        await rig.CaseworkRoundAsync();
        foreach (var file in Directory.GetFiles(rig.IntakeSpool))
        {
            File.Delete(file); // as if the status spool were on the other machine
        }

        var medium = rig.Medium("way-back");
        var (exit, output, error) = await rig.CliAsync("transfer", "export", "--zone", "casework", "--to", medium);
        Assert.True(exit == 0, error);
        Assert.Contains("exported status-000000000001.jebo", output, StringComparison.Ordinal);
        Assert.Equal(2, await rig.SealedKeptAsync());

        var (importExit, importOutput, importError) = await rig.CliAsync("transfer", "import", "--from", medium);
        Assert.True(importExit == 0, importError);
        Assert.Contains("status-000000000001.jebo: applied", importOutput, StringComparison.Ordinal);
        Assert.Equal(0, await rig.SealedKeptAsync());

        // Carrying the same status bundles again changes nothing; casework exports what it keeps, intake skips them.
        var (againExit, againOutput, _) = await rig.CliAsync("transfer", "import", "--from", medium);
        Assert.Equal(0, againExit);
        Assert.Contains("already applied", againOutput, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_lost_status_bundle_holds_later_ones_on_intake_until_acknowledged_there(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        var statusBundles = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            await rig.SubmitAsync(1);
            foreach (var bundle in await rig.WriteBundlesAsync())
            {
                rig.Deliver(bundle);
            }

            await rig.CaseworkRoundAsync();
            var file = Directory.GetFiles(rig.IntakeSpool, "status-*").Single();
            statusBundles.Add(await File.ReadAllBytesAsync(file));
            File.Delete(file);
        }

        File.WriteAllBytes(Path.Combine(rig.IntakeSpool, "status-000000000001.jebo"), statusBundles[0]);
        File.WriteAllBytes(Path.Combine(rig.IntakeSpool, "status-000000000003.jebo"), statusBundles[2]);
        var results = await rig.IntakeStatusRoundAsync();
        Assert.Equal([InboundOutcome.Applied, InboundOutcome.Held], results.Select(r => r.Outcome));
        Assert.Contains(
            "GAP: status bundle 2 missing",
            (await rig.CliAsync("transfer", "status")).Output,
            StringComparison.Ordinal
        );

        var (exit, _, error) = await rig.CliAsync(
            "transfer",
            "acknowledge-gap",
            "--zone",
            "intake",
            "--through",
            "2",
            "--reason",
            "second stick lost"
        );
        Assert.True(exit == 0, error);
        Assert.Equal(InboundOutcome.Applied, Assert.Single(await rig.IntakeStatusRoundAsync()).Outcome);

        // Status bundle 3 acknowledged every report bundle: nothing sealed is kept, the lost status bundle took
        // nothing.
        Assert.Equal(0, await rig.SealedKeptAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task With_status_return_off_casework_writes_nothing_back_and_reporters_see_received(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider, "--status-return", "off");
        var receipt = (await rig.SubmitAsync(1))[0];
        foreach (var bundle in await rig.WriteBundlesAsync())
        {
            rig.Deliver(bundle);
        }

        await rig.CaseworkRoundAsync();
        await using (var db = rig.Platform.OpenCaseworkDb())
        {
            await db.Cases.ExecuteUpdateAsync(s => s.SetProperty(c => c.PublicStatus, "accepted"));
            db.PendingStatuses.Add(
                new Casework.Data.PendingStatus
                {
                    ReportId = (await db.Reports.SingleAsync()).Id,
                    Since = DateTimeOffset.UtcNow,
                }
            );
            await db.SaveChangesAsync();
        }

        await rig.CaseworkRoundAsync();
        await rig.IntakeStatusRoundAsync();

        Assert.Empty(Directory.GetFiles(rig.IntakeSpool));
        var status = await rig.Platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        Assert.Equal(
            "received",
            (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
        );
        var (exit, _, error) = await rig.CliAsync(
            "transfer",
            "export",
            "--zone",
            "casework",
            "--to",
            rig.Medium("nothing"),
            "--status-return",
            "off"
        );
        Assert.Equal(1, exit);
        Assert.Contains("status return is off", error, StringComparison.Ordinal);
        Assert.Contains(
            "status return off",
            (await rig.CliAsync("transfer", "status", "--status-return", "off")).Output,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_status_bundle_signed_by_a_key_intake_does_not_trust_waits_for_the_key(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(1);
        foreach (var bundle in await rig.WriteBundlesAsync())
        {
            rig.Deliver(bundle);
        }

        // Casework rotates its signing key; the new public key is not installed at intake yet.
        var keysFolder = rig.Platform.Settings.Casework.KeysFolder;
        Jebo.Casework.Keys.CaseworkKeys.RotateSigningKey(keysFolder);
        await using (var restarted = await RestartedCaseworkOutboxAsync(rig))
        {
            await restarted.FlushAsync();
        }

        var results = await rig.IntakeStatusRoundAsync();
        Assert.Equal(InboundOutcome.Waiting, Assert.Single(results).Outcome);
        Assert.Equal(1, await rig.SealedKeptAsync());

        Jebo.Intake.Keys.IntakeKeys.Install(
            rig.Platform.Settings.Intake.KeysFolder,
            Jebo.Casework.Keys.CaseworkKeys.Export(keysFolder, DateTimeOffset.UtcNow)
        );
        await using var services = Jebo.Cli.ZoneServices.Intake(rig.Platform.Settings);
        var after = await services.Get<Jebo.Intake.Transfer.StatusInbox>().ReceiveAsync(null, CancellationToken.None);
        Assert.Equal(InboundOutcome.Applied, Assert.Single(after).Outcome);
        Assert.Equal(0, await rig.SealedKeptAsync());
    }

    /// <summary>Casework's services built afresh, as after a restart, so they load the rotated key.</summary>
    private static async Task<RestartedOutbox> RestartedCaseworkOutboxAsync(TransferRig rig)
    {
        var services = Jebo.Cli.ZoneServices.Casework(rig.Platform.Settings);
        await services.Get<Jebo.Casework.Transfer.ReportImporter>().ReceiveAsync(null, CancellationToken.None);
        return new RestartedOutbox(services);
    }

    private sealed class RestartedOutbox(Jebo.Cli.ZoneServices services) : IAsyncDisposable
    {
        public Task<IReadOnlyList<long>> FlushAsync() =>
            services.Get<Jebo.Casework.Transfer.StatusOutbox>().FlushAsync(CancellationToken.None);

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
