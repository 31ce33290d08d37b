using System.Diagnostics.Metrics;
using Jebo.Intake.Monitoring;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;

namespace Jebo.Tests.Transfer;

/// <summary>A report bundle an operator at casework acknowledged as lost: the status bundle carries the decision back,
/// intake stops waiting for the bundle but keeps its sealed copies until its retention period, and nothing but a
/// genuine status bundle changes that.</summary>
public sealed class LostBundleTests
{
    /// <summary>Intake writes bundles 1–3 (two reports each); casework imports 1, is told bundle 2 is lost (by the
    /// command line, as an operator does), then imports 3.</summary>
    private static async Task<(TransferRig Rig, List<byte[]> Bundles)> LostSecondBundleAsync(
        string provider,
        params string[] arguments
    )
    {
        var rig = await TransferRig.StartAsync(provider, arguments);
        var bundles = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            await rig.SubmitAsync(2);
            bundles.AddRange(await rig.WriteBundlesAsync());
        }

        var medium = rig.Medium("without-2");
        await File.WriteAllBytesAsync(Path.Combine(medium, "reports-000000000001.jebo"), bundles[0]);
        await File.WriteAllBytesAsync(Path.Combine(medium, "reports-000000000003.jebo"), bundles[2]);
        Assert.Equal(1, (await rig.CliAsync("transfer", "import", "--from", medium)).Exit); // 3 is held
        Ok(await rig.CliAsync("transfer", "acknowledge-gap", "--through", "2", "--reason", "stick lost on the way"));
        Ok(await rig.CliAsync("transfer", "import", "--from", medium));
        Assert.Equal(4, await rig.CaseCountAsync());
        return (rig, bundles);
    }

    /// <summary>Casework's status bundles carried by hand to intake through the entry point, as docs/operations.md
    /// says: <c>transfer export</c> on casework, <c>transfer import</c> on intake.</summary>
    private static async Task<string> CarryStatusAsync(TransferRig rig, string name)
    {
        var medium = rig.Medium(name);
        Ok(await rig.CliAsync("transfer", "export", "--zone", "casework", "--to", medium));
        RemoveSpooledStatus(rig); // under `up` the spool is shared; between two machines only the medium carries
        var imported = await rig.CliAsync("transfer", "import", "--from", medium);
        Ok(imported);
        return imported.Output;
    }

    private static void RemoveSpooledStatus(TransferRig rig)
    {
        foreach (var file in Directory.GetFiles(rig.IntakeSpool, "status-*"))
        {
            File.Delete(file);
        }
    }

    private static void Ok((int Exit, string Output, string Error) result) =>
        Assert.True(result.Exit == 0, result.Error + result.Output);

    [Theory]
    [DatabaseProviders]
    public async Task A_gap_acknowledged_at_casework_comes_back_by_hand_and_intake_stops_waiting_but_keeps_it(
        string provider
    )
    {
        var (rig, bundles) = await LostSecondBundleAsync(provider);
        await using var _ = rig;
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            // Written an hour ago: the lag metric has something to show while casework has said nothing yet.
            await db.OutboundBundles.ExecuteUpdateAsync(s =>
                s.SetProperty(b => b.WrittenAt, DateTimeOffset.UtcNow.AddHours(-1))
            );
        }

        Assert.True(LagSeconds(rig) >= 3600);
        Assert.Contains(
            "3 not yet acknowledged (1–3)",
            (await rig.CliAsync("transfer", "status")).Output,
            StringComparison.Ordinal
        );

        var imported = await CarryStatusAsync(rig, "way-back");

        Assert.Contains("status-000000000001.jebo: applied", imported, StringComparison.Ordinal);
        DateTimeOffset acknowledgedAt;
        await using (var casework = rig.Platform.OpenCaseworkDb())
        {
            acknowledgedAt = (await casework.AcknowledgedGaps.SingleAsync()).At;
        }

        await using (var db = rig.Platform.OpenIntakeDb())
        {
            var outbound = await db.OutboundBundles.OrderBy(b => b.Sequence).ToListAsync();
            Assert.Equal([true, false, true], outbound.Select(b => b.AcknowledgedAt is not null));
            Assert.Equal([null, acknowledgedAt, null], outbound.Select(b => b.DeclaredLostAt));
        }

        var status = (await rig.CliAsync("transfer", "status")).Output;
        Assert.Contains(
            "report bundles sent (written) through 3; all acknowledged by casework; 1 acknowledged as lost at "
                + "casework (2);",
            status,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"LOST report bundle(s) 2: acknowledged as lost at casework {acknowledgedAt:u}; their sealed copies are "
                + "kept for a re-export for 90 day(s) of retention from then",
            status,
            StringComparison.Ordinal
        );
        Assert.Equal(0, LagSeconds(rig));
        // Kept sealed, and still carried by an export, so that a bundle found after all can be imported.
        Assert.Equal(2, await rig.SealedKeptAsync());
        var again = rig.Medium("again");
        Ok(await rig.CliAsync("transfer", "export", "--to", again));
        Assert.Equal(bundles[1], await File.ReadAllBytesAsync(Path.Combine(again, "reports-000000000002.jebo")));

        // It turns up: casework imports it late and the next status bundle makes intake forget it as it does any.
        rig.ClearCaseworkSpool();
        Ok(await rig.CliAsync("transfer", "import", "--from", again));
        Assert.Contains(
            "status-000000000002.jebo: applied",
            await CarryStatusAsync(rig, "found"),
            StringComparison.Ordinal
        );
        Assert.Equal(0, await rig.SealedKeptAsync());
        status = (await rig.CliAsync("transfer", "status")).Output;
        Assert.Contains("all acknowledged by casework; 0 record(s)", status, StringComparison.Ordinal);
        Assert.DoesNotContain("LOST", status, StringComparison.Ordinal);
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            Assert.False(await db.OutboundBundles.AnyAsync(b => b.DeclaredLostAt != null || b.AcknowledgedAt == null));
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_forged_or_tampered_status_bundle_that_declares_bundles_lost_is_refused_and_changes_nothing(
        string provider
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        for (var i = 0; i < 3; i++)
        {
            await rig.SubmitAsync(2);
            await rig.WriteBundlesAsync(); // none reaches casework
        }

        await rig.CaseworkRoundAsync();
        RemoveSpooledStatus(rig);
        var lost = new LostRange(1, 3, DateTimeOffset.UtcNow);
        var medium = rig.Medium("forged");
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        string caseworkKeyId;
        using (var keys = Jebo.Casework.Keys.CaseworkKeys.Load(rig.Platform.Settings.Casework.KeysFolder))
        {
            caseworkKeyId = keys.SigningKeyId;
        }

        // A header that would have intake stop waiting for bundles 1–3, were it believed: casework "imported" 4.
        var header = new BundleHeader(
            BundleFormat.CurrentVersion,
            BundleKind.Status,
            "casework",
            caseworkKeyId,
            1,
            "",
            DateTimeOffset.UtcNow,
            0,
            0,
            [new SequenceRange(4, 4)],
            [lost]
        );
        var forged = BundleFormat.Write(header, [], stranger); // casework's key id, a stranger's signature
        await File.WriteAllBytesAsync(Path.Combine(medium, "status-000000000001.jebo"), forged);

        var (exit, _, error) = await rig.CliAsync("transfer", "import", "--from", medium);

        Assert.Equal(1, exit);
        Assert.Contains("refused status-000000000001.jebo", error, StringComparison.Ordinal);
        Assert.Contains("signature does not verify", error, StringComparison.Ordinal);

        // Signed by the stranger under its own key id: waits for a key nobody installs.
        var own = BundleFormat.Write(
            header with
            {
                KeyId = Jebo.Transfer.Keys.KeyId.Of(stranger.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            },
            [],
            stranger
        );
        var strangers = rig.Medium("strangers");
        await File.WriteAllBytesAsync(Path.Combine(strangers, "status-000000000001.jebo"), own);
        (exit, _, error) = await rig.CliAsync("transfer", "import", "--from", strangers);
        Assert.Equal(1, exit);
        Assert.Contains("which this zone does not trust", error, StringComparison.Ordinal);
        RemoveSpooledStatus(rig);

        // Casework's genuine (empty) status bundle, its header rewritten to declare 1–3 lost, the signature kept.
        await using (var scope = rig.Platform.CaseworkApp.Services.CreateAsyncScope())
        {
            await using var db = scope.ServiceProvider.GetRequiredService<Jebo.Casework.Data.CaseworkDb>();
            db.PendingStatuses.Add(
                new Jebo.Casework.Data.PendingStatus { ReportId = Guid.NewGuid(), Since = DateTimeOffset.UtcNow }
            );
            await db.SaveChangesAsync();
        }

        await rig.CaseworkRoundAsync();
        var genuine = await File.ReadAllBytesAsync(Directory.GetFiles(rig.IntakeSpool, "status-*").Single());
        RemoveSpooledStatus(rig);
        var signed = BundleFormat.ReadHeaderUnverified(genuine);
        var tampered = BundleFormat.Write(
            signed with
            {
                AcknowledgedThrough = 0,
                AcknowledgedAlso = [new SequenceRange(4, 4)],
                AcknowledgedLost = [lost],
            },
            [],
            BundleFormat.SignatureOf(genuine)
        );
        var changed = rig.Medium("tampered");
        await File.WriteAllBytesAsync(Path.Combine(changed, "status-000000000001.jebo"), tampered);
        (exit, _, error) = await rig.CliAsync("transfer", "import", "--from", changed);
        Assert.Equal(1, exit);
        Assert.Contains("signature does not verify", error, StringComparison.Ordinal);

        // Nothing changed: every bundle is still awaited and kept; the genuine bundle still applies after all this.
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            Assert.False(await db.OutboundBundles.AnyAsync(b => b.DeclaredLostAt != null || b.AcknowledgedAt != null));
            Assert.Equal(0, await db.InboundStatusBundles.CountAsync());
        }

        Assert.Equal(6, await rig.SealedKeptAsync());
        Assert.Contains(
            "3 not yet acknowledged (1–3)",
            (await rig.CliAsync("transfer", "status")).Output,
            StringComparison.Ordinal
        );
        var real = rig.Medium("real");
        await File.WriteAllBytesAsync(Path.Combine(real, "status-000000000001.jebo"), genuine);
        Ok(await rig.CliAsync("transfer", "import", "--from", real));
        Assert.Equal(6, await rig.SealedKeptAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_sealed_copies_of_a_lost_bundle_stay_until_the_retention_period_after_it_was_acknowledged(
        string provider
    )
    {
        var (rig, _) = await LostSecondBundleAsync(provider, "--retention-at", "off");
        await using var __ = rig;
        await CarryStatusAsync(rig, "way-back");
        await rig.SubmitAsync(1); // a report that has not travelled yet stays whatever happens

        // Within the period: retention leaves the lost bundle as it is.
        var within = await rig.CliAsync("retention", "run", "--zone", "intake");
        Ok(within);
        Assert.Contains(
            "the sealed copies of 0 bundle(s) acknowledged as lost",
            within.Output,
            StringComparison.Ordinal
        );
        Assert.Equal(3, await rig.SealedKeptAsync());

        await using (var db = rig.Platform.OpenIntakeDb())
        {
            await db
                .OutboundBundles.Where(b => b.Sequence == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.DeclaredLostAt, DateTimeOffset.UtcNow.AddDays(-91)));
        }

        var preview = await rig.CliAsync("retention", "run", "--zone", "intake", "--dry-run");
        Assert.Contains("the sealed copies of 1 bundle(s)", preview.Output, StringComparison.Ordinal);
        Assert.Equal(3, await rig.SealedKeptAsync());

        var run = await rig.CliAsync("retention", "run", "--zone", "intake");
        Ok(run);
        Assert.Contains("purged", run.Output, StringComparison.Ordinal);
        Assert.Contains("the sealed copies of 1 bundle(s)", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, await rig.SealedKeptAsync()); // the report not yet carried
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            var second = await db.OutboundBundles.SingleAsync(b => b.Sequence == 2);
            Assert.NotNull(second.AcknowledgedAt);
            Assert.NotNull(second.DeclaredLostAt);
            Assert.Equal(6, await db.Reports.CountAsync(r => r.BundleSequence != null)); // the status rows stay
        }

        // Nothing of it is carried any more; the report not yet carried still is.
        var medium = rig.Medium("after");
        Ok(await rig.CliAsync("transfer", "export", "--to", medium));
        Assert.Equal(["reports-000000000004.jebo"], Directory.GetFiles(medium).Select(Path.GetFileName));
        Assert.DoesNotContain("LOST", (await rig.CliAsync("transfer", "status")).Output, StringComparison.Ordinal);
    }

    /// <summary>intake's <c>jebo.intake.transfer.lag</c> gauge as its metrics export reads it.</summary>
    private static double LagSeconds(TransferRig rig)
    {
        var services = rig.Platform.IntakeApp.Services;
        services.GetRequiredService<IntakeMetrics>();
        var own = services.GetRequiredService<IMeterFactory>();
        double? lag = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, own) && instrument.Name == "jebo.intake.transfer.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lag = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return lag ?? throw new InvalidOperationException("intake's lag gauge did not answer");
    }
}
