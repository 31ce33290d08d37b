using System.Buffers.Binary;
using Jebo.Intake.Keys;
using Jebo.Intake.Transfer;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Keys;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using Microsoft.EntityFrameworkCore;
using NSec.Cryptography;

namespace Jebo.Tests.Transfer;

/// <summary>
/// Fault injection at the seam: every way a carrier or an attacker can spoil a bundle is caught with a clear message,
/// nothing of a refused bundle is written, and after repair every report is in casework exactly once.
/// </summary>
public sealed class TransferFaultTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_sender_killed_after_reserving_a_bundle_writes_it_on_restart_and_removes_the_temporary_file(
        string provider
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(2);

        // The state a crash leaves between reserve and write: bundle 1 numbered with its records, no file, and a
        // half-written temporary file in the spool.
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            db.OutboundBundles.Add(
                new Intake.Data.OutboundBundle
                {
                    Sequence = 1,
                    CreatedAt = DateTimeOffset.UtcNow,
                    RecordCount = 2,
                }
            );
            await db.SaveChangesAsync();
            await db.Reports.ExecuteUpdateAsync(s => s.SetProperty(r => r.BundleSequence, 1L));
        }

        var leftover = Path.Combine(
            rig.CaseworkSpool,
            AtomicFile.TemporaryPrefix + "reports-000000000001.jebo.deadbeef"
        );
        await File.WriteAllBytesAsync(leftover, "JEBOBNDL half a bundle"u8.ToArray());
        // Old enough to be a crash's leftover: a young one may be another intake node's write on its way to its name.
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow - IntakeOutbox.LeftoverAge - TimeSpan.FromMinutes(1));
        var young = Path.Combine(rig.CaseworkSpool, AtomicFile.TemporaryPrefix + "reports-000000000001.jebo.cafebabe");
        await File.WriteAllBytesAsync(young, "JEBOBNDL another node's write"u8.ToArray());

        var written = await rig.WriteBundlesAsync();

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(young));
        Assert.Empty(written); // no new number: the reserved bundle was written under its own
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            var bundle = await db.OutboundBundles.SingleAsync();
            Assert.NotNull(bundle.WrittenAt);
            Assert.Equal(1, bundle.Sequence);
        }

        rig.Deliver(
            await File.ReadAllBytesAsync(
                Path.Combine(
                    rig.Platform.DataFolder,
                    "transfer",
                    "to-casework",
                    BundleFormat.FileName(BundleKind.Reports, 1)
                )
            )
        );
        var imported = Assert.Single(await rig.CaseworkRoundAsync());
        Assert.Equal(InboundOutcome.Applied, imported.Outcome);
        Assert.Equal(2, await rig.CaseCountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_bundle_carried_again_after_a_crash_or_a_key_rotation_is_the_same_file(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(3);
        var first = Assert.Single(await rig.WriteBundlesAsync());

        // Killed after the rename but before "written" was recorded: the restart writes the bundle again.
        await using (var db = rig.Platform.OpenIntakeDb())
        {
            await db.OutboundBundles.ExecuteUpdateAsync(s => s.SetProperty(b => b.WrittenAt, (DateTimeOffset?)null));
        }

        await rig.WriteBundlesAsync();
        Assert.Equal(
            first,
            await File.ReadAllBytesAsync(Path.Combine(rig.CaseworkSpool, BundleFormat.FileName(BundleKind.Reports, 1)))
        );

        // Then intake's signing key is rotated; carrying the unacknowledged bundle again still gives the same bytes.
        Assert.Equal(0, (await rig.CliAsync("keys", "rotate", "--zone", "intake")).Exit);
        var medium = rig.Medium("again");
        var (exit, _, error) = await rig.CliAsync("transfer", "export", "--to", medium);
        Assert.True(exit == 0, error);
        Assert.Equal(
            first,
            await File.ReadAllBytesAsync(Path.Combine(medium, BundleFormat.FileName(BundleKind.Reports, 1)))
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_truncated_bundle_is_refused_with_a_reason_and_nothing_is_written(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(3);
        var bundle = Assert.Single(await rig.WriteBundlesAsync());
        var medium = rig.Medium("cut");
        await File.WriteAllBytesAsync(
            Path.Combine(medium, "reports-000000000001.jebo"),
            bundle[..(bundle.Length * 2 / 3)]
        );

        var (exit, _, error) = await rig.CliAsync("transfer", "import", "--from", medium);

        Assert.Equal(1, exit);
        Assert.StartsWith("jebo: refused reports-000000000001.jebo: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(0, await rig.CaseCountAsync());
        Assert.Equal(1, await rig.UnresolvedQuarantineAsync());
    }

    [Theory]
    [DatabaseProviders("header")]
    [DatabaseProviders("record")]
    [DatabaseProviders("signature")]
    public async Task A_bundle_with_one_byte_changed_anywhere_is_refused_and_the_genuine_one_then_imports(
        string provider,
        string where
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(3);
        var bundle = Assert.Single(await rig.WriteBundlesAsync());
        var tampered = (byte[])bundle.Clone();
        var headerEnd = BundleFormat.PreambleLength + BinaryPrimitives.ReadInt32BigEndian(bundle.AsSpan(10));
        var at = where switch
        {
            "header" => headerEnd - 20, // inside the JSON header, in the created-at time
            "record" => headerEnd + (bundle.Length - BundleFormat.SignatureLength - headerEnd) / 2,
            _ => bundle.Length - 7,
        };
        tampered[at] = tampered[at] == (byte)'1' ? (byte)'2' : (byte)'1';
        var bad = rig.Medium("bad");
        await File.WriteAllBytesAsync(Path.Combine(bad, "reports-000000000001.jebo"), tampered);

        var (exit, _, error) = await rig.CliAsync("transfer", "import", "--from", bad);

        Assert.Equal(1, exit);
        Assert.Contains("refused reports-000000000001.jebo", error, StringComparison.Ordinal);
        Assert.Equal(0, await rig.CaseCountAsync());
        Assert.Equal(tampered, await File.ReadAllBytesAsync(Path.Combine(bad, "reports-000000000001.jebo")));

        var good = rig.Medium("good");
        await File.WriteAllBytesAsync(Path.Combine(good, "reports-000000000001.jebo"), bundle);
        Assert.Equal(0, (await rig.CliAsync("transfer", "import", "--from", good)).Exit);
        Assert.Equal(3, await rig.CaseCountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Reordered_bundles_are_applied_in_their_signed_order(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        var bundles = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            await rig.SubmitAsync(2);
            bundles.AddRange(await rig.WriteBundlesAsync());
        }

        // Delivered last first, under names that lie about their order.
        rig.Deliver(bundles[2], "reports-000000000001.jebo");
        rig.Deliver(bundles[0], "reports-000000000002.jebo");
        rig.Deliver(bundles[1], "reports-000000000003.jebo");
        var results = await rig.CaseworkRoundAsync();

        Assert.Equal([1L, 2, 3], results.Select(r => r.Sequence));
        Assert.All(results, r => Assert.Equal(InboundOutcome.Applied, r.Outcome));
        Assert.Equal(6, await rig.CaseCountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_replayed_bundle_changes_nothing_under_any_name(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(2);
        var bundle = Assert.Single(await rig.WriteBundlesAsync());
        rig.Deliver(bundle);
        await rig.CaseworkRoundAsync();
        int audit;
        await using (var db = rig.Platform.OpenCaseworkDb())
        {
            audit = await db.AuditEntries.CountAsync();
        }

        rig.Deliver(bundle, "reports-000000000099.jebo");
        var replay = Assert.Single(await rig.CaseworkRoundAsync());
        var medium = rig.Medium("replay");
        await File.WriteAllBytesAsync(Path.Combine(medium, "reports-000000000001.jebo"), bundle);
        var (exit, output, _) = await rig.CliAsync("transfer", "import", "--from", medium);

        Assert.Equal(InboundOutcome.AlreadyApplied, replay.Outcome);
        Assert.Equal(0, exit);
        Assert.Contains("already applied", output, StringComparison.Ordinal);
        Assert.Equal(2, await rig.CaseCountAsync());
        await using (var db = rig.Platform.OpenCaseworkDb())
        {
            Assert.Equal(audit, await db.AuditEntries.CountAsync());
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_bundle_signed_by_another_key_is_caught_and_nothing_is_written(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        var forged = Forge(rig, sequence: 1, previousHash: "", signer: stranger);
        var medium = rig.Medium("stranger");
        await File.WriteAllBytesAsync(Path.Combine(medium, "reports-000000000001.jebo"), forged);

        var (exit, _, error) = await rig.CliAsync("transfer", "import", "--from", medium);

        Assert.Equal(1, exit);
        Assert.Contains("does not trust", error, StringComparison.Ordinal);
        Assert.Equal(0, await rig.CaseCountAsync());

        // In the spool it waits, shown as an alert, in case it is a rotation not yet installed.
        rig.Deliver(forged);
        Assert.Equal(InboundOutcome.Waiting, Assert.Single(await rig.CaseworkRoundAsync()).Outcome);
        var (_, status, _) = await rig.CliAsync("transfer", "status");
        Assert.Contains("does not trust", status, StringComparison.Ordinal);
        Assert.Equal(0, await rig.CaseCountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_forged_sequence_signed_with_intakes_own_key_is_refused_by_the_chain(string provider)
    {
        // Even a sender whose key is stolen cannot rewrite history: a second bundle 1, or a bundle 2 that does not
        // name bundle 1, is refused.
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(1);
        var genuine = Assert.Single(await rig.WriteBundlesAsync());
        rig.Deliver(genuine);
        await rig.CaseworkRoundAsync();
        using var intakeKey = KeyFolder.LoadSigningKey(rig.Platform.Settings.Intake.KeysFolder);

        rig.Deliver(Forge(rig, sequence: 1, previousHash: "", signer: intakeKey));
        var second = Assert.Single(await rig.CaseworkRoundAsync());
        rig.Deliver(Forge(rig, sequence: 2, previousHash: new string('0', 64), signer: intakeKey));
        var unchained = Assert.Single(await rig.CaseworkRoundAsync());

        Assert.Equal(InboundOutcome.Rejected, second.Outcome);
        Assert.Contains("differs from the bundle already applied", second.Message, StringComparison.Ordinal);
        Assert.Equal(InboundOutcome.Rejected, unchained.Outcome);
        Assert.Contains("chain is broken", unchained.Message, StringComparison.Ordinal);
        Assert.Equal(1, await rig.CaseCountAsync());
        Assert.Equal(2, await rig.UnresolvedQuarantineAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Bundles_of_the_wrong_kind_or_from_the_wrong_sender_are_refused(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        using var caseworkKey = KeyFolder.LoadSigningKey(rig.Platform.Settings.Casework.KeysFolder);
        using var intakeKey = KeyFolder.LoadSigningKey(rig.Platform.Settings.Intake.KeysFolder);

        // A status bundle from casework dropped among report bundles.
        var status = BundleFormat.Write(
            new BundleHeader(
                1,
                BundleKind.Status,
                "casework",
                KeyId.Of(caseworkKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                1,
                "",
                DateTimeOffset.UtcNow,
                0,
                0
            ),
            [],
            caseworkKey
        );
        rig.Deliver(status, "reports-000000000001.jebo");
        var wrongSender = Assert.Single(await rig.CaseworkRoundAsync());

        // A bundle from intake that claims to be status.
        var wrongKind = BundleFormat.Write(
            new BundleHeader(
                1,
                BundleKind.Status,
                "intake",
                KeyId.Of(intakeKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                1,
                "",
                DateTimeOffset.UtcNow,
                0,
                0
            ),
            [],
            intakeKey
        );
        rig.Deliver(wrongKind, "reports-000000000001.jebo");
        var kind = Assert.Single(await rig.CaseworkRoundAsync());

        // A report bundle carrying a status record.
        var mixed = BundleFormat.Write(
            new BundleHeader(
                1,
                BundleKind.Reports,
                "intake",
                KeyId.Of(intakeKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                1,
                "",
                DateTimeOffset.UtcNow,
                1,
                null
            ),
            [new BundleRecord(RecordType.Status, Guid.NewGuid(), "{}"u8.ToArray())],
            intakeKey
        );
        rig.Deliver(mixed);
        var record = Assert.Single(await rig.CaseworkRoundAsync());

        Assert.Equal(InboundOutcome.Rejected, wrongSender.Outcome);
        Assert.Contains("from intake only", wrongSender.Message, StringComparison.Ordinal);
        Assert.Equal(InboundOutcome.Rejected, kind.Outcome);
        Assert.Contains("is not a reports bundle", kind.Message, StringComparison.Ordinal);
        Assert.Equal(InboundOutcome.Rejected, record.Outcome);
        Assert.Contains("cannot carry", record.Message, StringComparison.Ordinal);
        Assert.Equal(0, await rig.CaseCountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_record_sealed_to_another_key_fails_the_whole_bundle_and_nothing_of_it_is_written(
        string provider
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        using var intakeKey = KeyFolder.LoadSigningKey(rig.Platform.Settings.Intake.KeysFolder);
        using var elsewhere = Key.Create(KeyAgreementAlgorithm.X25519);
        var bundle = Forge(rig, 1, "", intakeKey, extra: id => SealedBox.Seal(elsewhere.PublicKey, Plaintext(id)));
        rig.Deliver(bundle);

        var result = Assert.Single(await rig.CaseworkRoundAsync());

        Assert.Equal(InboundOutcome.Rejected, result.Outcome);
        Assert.Contains("cannot be opened", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, await rig.CaseCountAsync()); // the good record before it was not written either
    }

    /// <summary>Casework opens a large bundle in batches while it writes the batches already open, in the import's one
    /// transaction: a record that fails deep in the bundle is found after earlier batches were written, and the
    /// rollback must leave nothing of them; the message names the first bad record whatever the scheduling.</summary>
    [Theory]
    [DatabaseProviders]
    public async Task A_bad_record_deep_in_a_large_bundle_fails_it_and_nothing_of_the_batches_before_it_is_kept(
        string provider
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        using var intakeKey = KeyFolder.LoadSigningKey(rig.Platform.Settings.Intake.KeysFolder);
        using var elsewhere = Key.Create(KeyAgreementAlgorithm.X25519);
        var before = await SnapshotAsync(rig);
        rig.Deliver(
            Forge(
                rig,
                1,
                "",
                intakeKey,
                extra: id => SealedBox.Seal(elsewhere.PublicKey, Plaintext(id)),
                goodRecords: 1_700
            )
        );

        var result = Assert.Single(await rig.CaseworkRoundAsync());

        Assert.Equal(InboundOutcome.Rejected, result.Outcome);
        Assert.Contains("record 1701 cannot be opened", result.Message, StringComparison.Ordinal);
        var after = await SnapshotAsync(rig);
        Assert.Equal(
            (before.Cases, before.Inbound, before.Quarantined + 1),
            (after.Cases, after.Inbound, after.Quarantined)
        );
        await using var db = rig.Platform.OpenCaseworkDb();
        Assert.Equal(0, await db.Reports.CountAsync());
        Assert.Equal(
            ["transfer.quarantined"],
            await db.AuditEntries.Where(e => e.Sequence > before.Audit).Select(e => e.Action).ToListAsync()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_large_bundle_imports_every_record_once_in_record_order(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        using var intakeKey = KeyFolder.LoadSigningKey(rig.Platform.Settings.Intake.KeysFolder);
        var bundle = Forge(rig, 1, "", intakeKey, goodRecords: 1_234);
        rig.Deliver(bundle);

        var result = Assert.Single(await rig.CaseworkRoundAsync());

        Assert.Equal(InboundOutcome.Applied, result.Outcome);
        Assert.Equal(1_234, result.Records);
        await using var db = rig.Platform.OpenCaseworkDb();
        var sent = BundleFormat.Read(bundle, (_, _) => intakeKey.PublicKey).Records.Select(r => r.Id).ToList();
        Assert.Equal(sent.ToHashSet(), (await db.Reports.Select(r => r.Id).ToListAsync()).ToHashSet());
        var created = await db
            .AuditEntries.Where(e => e.Action == "case.created")
            .OrderBy(e => e.Sequence)
            .Select(e => e.Details)
            .ToListAsync();
        Assert.Equal(
            sent,
            created
                .Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement.GetProperty("reportId").GetGuid())
                .ToList()
        );
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "transfer.imported"));
    }

    [Theory]
    [DatabaseProviders]
    public async Task After_damage_in_transit_and_repair_every_acknowledged_report_is_in_casework_exactly_once(
        string provider
    )
    {
        await using var rig = await TransferRig.StartAsync(provider);
        var bundles = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            await rig.SubmitAsync(2);
            bundles.AddRange(await rig.WriteBundlesAsync());
        }

        // The carrier delivers 1, a damaged 2, and 3; then a copy of 1 again.
        var damaged = (byte[])bundles[1].Clone();
        damaged[^100] ^= 0xff;
        rig.Deliver(bundles[0]);
        rig.Deliver(damaged);
        rig.Deliver(bundles[2]);
        var first = await rig.CaseworkRoundAsync();
        Assert.Equal(
            [InboundOutcome.Applied, InboundOutcome.Rejected, InboundOutcome.Held],
            first.Select(r => r.Outcome)
        );
        rig.Deliver(bundles[0]);
        Assert.Equal(
            InboundOutcome.AlreadyApplied,
            (await rig.CaseworkRoundAsync()).First(r => r.Sequence == 1).Outcome
        );

        // Casework acknowledges bundle 1 only; intake forgets exactly its sealed copies.
        await rig.IntakeStatusRoundAsync();
        Assert.Equal(4, await rig.SealedKeptAsync());

        // Repair: intake carries every unacknowledged bundle again.
        var medium = rig.Medium("repair");
        Assert.Equal(0, (await rig.CliAsync("transfer", "export", "--to", medium)).Exit);
        rig.ClearCaseworkSpool();
        Assert.Equal(
            ["reports-000000000002.jebo", "reports-000000000003.jebo"],
            Directory.GetFiles(medium).Select(Path.GetFileName).Order(StringComparer.Ordinal)
        );
        var (exit, output, error) = await rig.CliAsync("transfer", "import", "--from", medium);
        Assert.True(exit == 0, error + output);
        await rig.CaseworkRoundAsync();
        await rig.IntakeStatusRoundAsync();

        var caseworkIds = await rig.CaseworkReportIdsAsync();
        Assert.Equal(6, caseworkIds.Count);
        Assert.Equal(caseworkIds.Count, caseworkIds.Distinct().Count());
        Assert.Equal((await rig.IntakeReportIdsAsync()).Order(), caseworkIds.Order());
        Assert.Equal(0, await rig.SealedKeptAsync());
        Assert.Equal(6, await rig.CaseCountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Transfer_verify_checks_one_bundle_and_changes_nothing(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider);
        await rig.SubmitAsync(2);
        var bundle = Assert.Single(await rig.WriteBundlesAsync());
        var medium = rig.Medium("verify");
        var path = Path.Combine(medium, "reports-000000000001.jebo");
        await File.WriteAllBytesAsync(path, bundle);
        var tampered = Path.Combine(medium, "tampered.jebo");
        var changed = (byte[])bundle.Clone();
        changed[^80] ^= 1;
        await File.WriteAllBytesAsync(tampered, changed);
        var before = await SnapshotAsync(rig);

        var (exit, output, _) = await rig.CliAsync("transfer", "verify", path);
        var (badExit, _, badError) = await rig.CliAsync("transfer", "verify", tampered);

        Assert.Equal(0, exit);
        Assert.Contains("valid: reports bundle 1 from intake, 2 record(s)", output, StringComparison.Ordinal);
        Assert.Contains("all 2 sealed record(s) open", output, StringComparison.Ordinal);
        Assert.Contains("is next", output, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.StartsWith("jebo: invalid: ", badError, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(rig));
        Assert.Equal(bundle, await File.ReadAllBytesAsync(path));
        Assert.False(
            Directory.Exists(rig.Platform.Settings.Casework.QuarantineFolder)
                && Directory.EnumerateFileSystemEntries(rig.Platform.Settings.Casework.QuarantineFolder).Any()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Bundles_respect_the_configured_record_limit(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider, "--max-bundle-records", "2");
        await rig.SubmitAsync(5);

        var bundles = await rig.WriteBundlesAsync();

        Assert.Equal([2, 2, 1], bundles.Select(b => BundleFormat.ReadHeaderUnverified(b).RecordCount));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Bundles_respect_the_configured_byte_limit_and_a_single_large_record_still_travels(string provider)
    {
        await using var rig = await TransferRig.StartAsync(provider, "--max-bundle-bytes", "65536");
        for (var i = 0; i < 4; i++)
        {
            await rig.Platform.SubmitAsync($"긴 제보 {i} " + new string('가', 12_000)); // ~36 KB of UTF-8 each, sealed
        }

        var bundles = await rig.WriteBundlesAsync();

        Assert.Equal(4, bundles.Sum(b => BundleFormat.ReadHeaderUnverified(b).RecordCount));
        Assert.All(bundles, b => Assert.True(b.Length < 2 * 65536));
        Assert.True(bundles.Count >= 2);
    }

    private static async Task<(int Cases, int Audit, int Quarantined, int Inbound)> SnapshotAsync(TransferRig rig)
    {
        await using var db = rig.Platform.OpenCaseworkDb();
        return (
            await db.Cases.CountAsync(),
            await db.AuditEntries.CountAsync(),
            await db.QuarantinedBundles.CountAsync(),
            await db.InboundBundles.CountAsync()
        );
    }

    private static byte[] Plaintext(Guid id) =>
        TransferJson.Serialize(
            new SealedReportPlaintext(
                1,
                id,
                DateTimeOffset.UtcNow,
                new byte[32],
                new ReportContent { Facts = new FactsContent { Description = "forged " + id } },
                []
            )
        );

    /// <summary>A report bundle with valid, sealed records, written by the test rather than intake's outbox.</summary>
    private static byte[] Forge(
        TransferRig rig,
        long sequence,
        string previousHash,
        Key signer,
        Func<Guid, byte[]>? extra = null,
        int goodRecords = 1
    )
    {
        using var keys = IntakeKeys.Load(rig.Platform.Settings.Intake.KeysFolder);
        var records = Enumerable
            .Range(0, goodRecords)
            .Select(_ => Guid.NewGuid())
            .Select(id => new BundleRecord(
                RecordType.SealedReport,
                id,
                SealedBox.Seal(keys.CaseworkSealing, Plaintext(id))
            ))
            .ToList();
        if (extra is not null)
        {
            var other = Guid.NewGuid();
            records.Add(new BundleRecord(RecordType.SealedReport, other, extra(other)));
        }

        var header = new BundleHeader(
            1,
            BundleKind.Reports,
            "intake",
            KeyId.Of(signer.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            sequence,
            previousHash,
            DateTimeOffset.UtcNow,
            records.Count,
            null
        );
        return BundleFormat.Write(header, records, signer);
    }
}
