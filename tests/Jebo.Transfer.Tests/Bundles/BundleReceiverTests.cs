using Jebo.Transfer.Bundles;
using NSec.Cryptography;

namespace Jebo.Transfer.Tests.Bundles;

/// <summary>The receiving algorithm both zones share, over a ledger kept in memory; the zones' own receivers are
/// tested end to end, on real databases, in Jebo.Tests/Transfer.</summary>
public sealed class BundleReceiverTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("jebo-receiver-").FullName;
    private readonly Key sender = Key.Create(SignatureAlgorithm.Ed25519);
    private readonly List<byte[]> written = [];

    public void Dispose()
    {
        sender.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private string Spool => Path.Combine(root, "spool");

    private string SenderKeyId => Jebo.Transfer.Keys.KeyId.Of(sender.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>The sender's next bundle in its chain, as the real outboxes write them.</summary>
    private byte[] Next(int records = 1, Key? signedBy = null)
    {
        var sequence = written.Count + 1;
        var previous = written.Count == 0 ? "" : BundleFormat.Hash(written[^1]);
        var list = Enumerable
            .Range(0, records)
            .Select(_ => new BundleRecord(RecordType.SealedReport, Guid.NewGuid(), [1, 2, 3]))
            .ToList();
        var key = signedBy ?? sender;
        var header = new BundleHeader(
            1,
            BundleKind.Reports,
            "intake",
            Jebo.Transfer.Keys.KeyId.Of(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            sequence,
            previous,
            DateTimeOffset.UnixEpoch,
            list.Count,
            null
        );
        var bytes = BundleFormat.Write(header, list, key);
        written.Add(bytes);
        return bytes;
    }

    private static string Put(string folder, string name, byte[] bytes)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private MemoryReceiver Receiver() =>
        new(
            new ReceiverFolders(Spool, Path.Combine(root, "quarantine"), Path.Combine(root, "inbox.lock")),
            sender.PublicKey,
            SenderKeyId
        );

    [Fact]
    public async Task Bundles_in_the_spool_are_applied_in_the_order_of_their_signed_numbers_not_their_names()
    {
        var one = Next();
        var two = Next();
        var three = Next();
        // Reordered and misnamed by the carrier: the names say 1, 2, 3 for bundles 3, 1, 2.
        Put(Spool, "reports-000000000001.jebo", three);
        Put(Spool, "reports-000000000002.jebo", one);
        Put(Spool, "reports-000000000003.jebo", two);
        var receiver = Receiver();

        var results = await receiver.ReceiveAsync(null, CancellationToken.None);

        Assert.Equal([1L, 2, 3], results.Select(r => r.Sequence));
        Assert.All(results, r => Assert.Equal(InboundOutcome.Applied, r.Outcome));
        Assert.Equal([1L, 2, 3], receiver.Applied.Keys.Order());
        Assert.Empty(Directory.GetFiles(Spool));
    }

    [Fact]
    public async Task A_dropped_bundle_holds_the_later_ones_until_it_arrives()
    {
        var one = Next();
        var two = Next();
        var three = Next();
        Put(Spool, "reports-1.jebo", one);
        Put(Spool, "reports-3.jebo", three);
        var receiver = Receiver();

        var first = await receiver.ReceiveAsync(null, CancellationToken.None);
        Assert.Equal(InboundOutcome.Applied, first[0].Outcome);
        Assert.Equal(InboundOutcome.Held, first[1].Outcome);
        Assert.Contains("bundle 2 has not arrived", first[1].Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Spool, "reports-3.jebo")));
        Assert.Equal([1L], receiver.Applied.Keys);

        Put(Spool, "reports-2.jebo", two);
        var second = await receiver.ReceiveAsync(null, CancellationToken.None);
        Assert.Equal([InboundOutcome.Applied, InboundOutcome.Applied], second.Select(r => r.Outcome));
        Assert.Equal([1L, 2, 3], receiver.Applied.Keys.Order());
    }

    [Fact]
    public async Task A_gap_acknowledged_as_lost_lets_later_bundles_through_and_the_lost_one_still_applies_when_found()
    {
        var one = Next();
        var two = Next();
        var three = Next();
        Put(Spool, "reports-1.jebo", one);
        Put(Spool, "reports-3.jebo", three);
        var receiver = Receiver();
        await receiver.ReceiveAsync(null, CancellationToken.None);

        receiver.Lost.Add(new SequenceRange(2, 2));
        var after = await receiver.ReceiveAsync(null, CancellationToken.None);
        Assert.Equal(InboundOutcome.Applied, Assert.Single(after).Outcome);

        Put(Spool, "reports-2.jebo", two);
        var late = Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None));
        Assert.Equal(InboundOutcome.Applied, late.Outcome);
        Assert.Contains("acknowledged as lost", late.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2, 3], receiver.Applied.Keys.Order());
    }

    [Fact]
    public async Task A_bundle_seen_twice_changes_nothing_and_another_bundle_under_a_used_number_is_quarantined()
    {
        var one = Next();
        var receiver = Receiver();
        Put(Spool, "reports-1.jebo", one);
        await receiver.ReceiveAsync(null, CancellationToken.None);

        Put(Spool, "reports-1.jebo", one);
        Assert.Equal(
            InboundOutcome.AlreadyApplied,
            Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None)).Outcome
        );

        // A forged sequence: a genuine-looking, validly signed bundle 1 with other contents.
        written.Clear();
        Put(Spool, "reports-1.jebo", Next());
        var forged = Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None));
        Assert.Equal(InboundOutcome.Rejected, forged.Outcome);
        Assert.Contains("differs from the bundle already applied", forged.Message, StringComparison.Ordinal);
        Assert.Single(receiver.Applied);
        Assert.Single(receiver.Quarantined);
    }

    [Fact]
    public async Task A_damaged_or_cut_bundle_goes_to_quarantine_with_its_reason_and_nothing_is_applied()
    {
        var one = Next(records: 3);
        var cut = one[..^100];
        var flipped = (byte[])one.Clone();
        flipped[^70] ^= 0x5a; // inside the last record
        var receiver = Receiver();

        Put(Spool, "reports-1.jebo", cut);
        var first = Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None));
        Put(Spool, "reports-1.jebo", flipped);
        var second = Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None));

        Assert.Equal(InboundOutcome.Rejected, first.Outcome);
        Assert.Equal(InboundOutcome.Rejected, second.Outcome);
        Assert.Contains("signature does not verify", second.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Applied);
        Assert.Empty(Directory.GetFiles(Spool));
        var folders = Directory.GetDirectories(Path.Combine(root, "quarantine"));
        Assert.Equal(2, folders.Length);
        Assert.All(folders, f =>
        {
            Assert.True(File.Exists(Path.Combine(f, "reports-1.jebo")));
            Assert.False(string.IsNullOrWhiteSpace(File.ReadAllText(Path.Combine(f, BundleSpool.ReasonFile))));
        });
        Assert.Contains(folders, f => File.ReadAllBytes(Path.Combine(f, "reports-1.jebo")).SequenceEqual(flipped));

        // The genuine bundle still applies afterwards: quarantine took nothing from the stream.
        Put(Spool, "reports-1.jebo", one);
        Assert.Equal(
            InboundOutcome.Applied,
            Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None)).Outcome
        );
    }

    [Fact]
    public async Task A_bundle_from_an_unknown_key_waits_in_the_spool_until_the_key_is_installed()
    {
        using var rotated = Key.Create(SignatureAlgorithm.Ed25519);
        var one = Next(signedBy: rotated);
        Put(Spool, "reports-1.jebo", one);
        var receiver = Receiver();

        var waiting = Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None));
        Assert.Equal(InboundOutcome.Waiting, waiting.Outcome);
        Assert.Contains("does not trust", waiting.Message, StringComparison.Ordinal);
        Assert.Contains("jebo keys install", waiting.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Spool, "reports-1.jebo")));

        receiver.Trust(rotated.PublicKey);
        Assert.Equal(
            InboundOutcome.Applied,
            Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None)).Outcome
        );
    }

    [Fact]
    public async Task A_carried_medium_is_never_changed_and_its_held_bundles_wait_in_the_spool()
    {
        var one = Next();
        var two = Next();
        var medium = Path.Combine(root, "usb");
        var path = Put(medium, "reports-000000000002.jebo", two);
        var receiver = Receiver();

        var held = Assert.Single(await receiver.ReceiveAsync(medium, CancellationToken.None));
        Assert.Equal(InboundOutcome.Held, held.Outcome);
        Assert.True(held.FromMedium);
        Assert.Equal(two, File.ReadAllBytes(path));
        Assert.Equal(two, File.ReadAllBytes(Path.Combine(Spool, "reports-000000000002.jebo")));

        // Bundle 1 arrives on another medium: it applies, and bundle 2 follows from the spool.
        var other = Path.Combine(root, "usb2");
        Put(other, "reports-000000000001.jebo", one);
        var results = await receiver.ReceiveAsync(other, CancellationToken.None);
        Assert.Equal(
            [(1L, true), (2L, false)],
            results.Where(r => r.Outcome == InboundOutcome.Applied).Select(r => (r.Sequence, r.FromMedium))
        );
        Assert.True(File.Exists(Path.Combine(other, "reports-000000000001.jebo")));
    }

    [Fact]
    public async Task Importing_a_tampered_medium_applies_nothing_even_with_the_genuine_bundle_in_the_spool()
    {
        var one = Next();
        Put(Spool, "reports-000000000001.jebo", one);
        var tampered = (byte[])one.Clone();
        tampered[^70] ^= 0x5a;
        var medium = Path.Combine(root, "bad");
        Put(medium, "reports-000000000001.jebo", tampered);
        var receiver = Receiver();

        var result = Assert.Single(await receiver.ReceiveAsync(medium, CancellationToken.None));
        Assert.Equal(InboundOutcome.Rejected, result.Outcome);
        Assert.Empty(receiver.Applied);
        Assert.Equal(tampered, File.ReadAllBytes(Path.Combine(medium, "reports-000000000001.jebo")));
    }

    [Fact]
    public async Task An_unreadable_file_is_quarantined_first_and_a_newer_version_waits()
    {
        Put(Spool, "reports-junk.jebo", "not a bundle"u8.ToArray());
        var newer = Next();
        newer[9] = 2; // format version 2, which this build does not read
        Put(Spool, "reports-000000000001.jebo", newer);
        var receiver = Receiver();

        var results = await receiver.ReceiveAsync(null, CancellationToken.None);

        Assert.Contains(results, r => r.File == "reports-junk.jebo" && r.Outcome == InboundOutcome.Rejected);
        Assert.Contains(results, r =>
            r.File == "reports-000000000001.jebo"
            && r.Outcome == InboundOutcome.Waiting
            && r.Message.Contains("upgrade", StringComparison.Ordinal)
        );
        Assert.True(File.Exists(Path.Combine(Spool, "reports-000000000001.jebo")));
    }

    /// <summary>What an attacker who can write into the spool leaves there instead of a bundle.</summary>
    public static TheoryData<string> HostileFiles =>
        ["fifo", "link-to-device", "link-outside", "hard-link-outside", "oversized", "folder"];

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_file_that_is_not_a_plain_bundle_is_refused_with_its_reason_unread_and_other_bundles_still_apply(
        string hostile
    )
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs, devices and links as Linux has them");
        var one = Next();
        var two = Next();
        Put(Spool, "reports-000000000001.jebo", one);
        Put(Spool, "reports-000000000002.jebo", two);
        var outside = Put(Path.Combine(root, "elsewhere"), "secret.jebo", two);
        var path = Path.Combine(Spool, "reports-000000000000.jebo");
        switch (hostile)
        {
            case "fifo":
                await Run("mkfifo", path);
                break;
            case "link-to-device":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "link-outside":
                File.CreateSymbolicLink(path, outside);
                break;
            case "hard-link-outside":
                await Run("ln", outside, path);
                break;
            case "oversized":
                // Sparse: takes no disk, but says it is larger than any bundle may be.
                using (var file = File.Create(path))
                {
                    file.SetLength(BundleFormat.MaxBundleLength + 1);
                }

                break;
            case "folder":
                Directory.CreateDirectory(path);
                break;
        }

        var receiver = Receiver();
        var receiving = receiver.ReceiveAsync(null, CancellationToken.None);
        // A FIFO used to block the importer until someone wrote to it; /dev/zero to read without end.
        var finished = await Task.WhenAny(
            receiving,
            Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)
        );
        Assert.Same(receiving, finished);
        var results = await receiving;

        Assert.Equal(2, receiver.Applied.Count);
        Assert.Equal(2, results.Count(r => r.Outcome == InboundOutcome.Applied));
        if (hostile == "folder")
        {
            return; // never listed as a file: left alone, nothing read
        }

        var refused = Assert.Single(results, r => r.File == "reports-000000000000.jebo");
        Assert.Equal(InboundOutcome.Rejected, refused.Outcome);
        Assert.Contains(
            hostile switch
            {
                "fifo" => "FIFO",
                "link-to-device" or "link-outside" => "symbolic link",
                "hard-link-outside" => "2 names",
                _ => "larger than any bundle",
            },
            refused.Message,
            StringComparison.Ordinal
        );
        Assert.Equal(refused.Message, Assert.Single(receiver.Quarantined));
        // Nothing of it was copied into the quarantine, and the file outside the spool is untouched.
        var kept = Assert.Single(Directory.GetDirectories(Path.Combine(root, "quarantine")));
        Assert.Empty(File.ReadAllBytes(Path.Combine(kept, "reports-000000000000.jebo")));
        Assert.Equal(two, File.ReadAllBytes(outside));
        Assert.False(File.Exists(path) || Directory.Exists(path));
    }

    [Fact]
    public async Task A_hostile_file_on_a_carried_medium_is_refused_and_the_medium_is_left_as_it_was()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs as Linux has them");
        var medium = Path.Combine(root, "usb");
        Put(medium, "reports-000000000001.jebo", Next());
        var fifo = Path.Combine(medium, "reports-000000000002.jebo");
        await Run("mkfifo", fifo);
        var receiver = Receiver();

        var results = await receiver.ReceiveAsync(medium, TestContext.Current.CancellationToken);

        Assert.Contains(results, r => r.Sequence == 1 && r.Outcome == InboundOutcome.Applied);
        Assert.Contains(results, r =>
            r.File == "reports-000000000002.jebo"
            && r.Outcome == InboundOutcome.Rejected
            && r.Message.Contains("FIFO", StringComparison.Ordinal)
        );
        Assert.True(File.Exists(fifo));
    }

    private static async Task Run(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(program, arguments);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_record_of_a_type_the_receiver_does_not_know_makes_the_bundle_wait_for_an_upgrade()
    {
        var header = new BundleHeader(
            1,
            BundleKind.Reports,
            "intake",
            SenderKeyId,
            1,
            "",
            DateTimeOffset.UnixEpoch,
            2,
            null
        );
        var bytes = BundleFormat.Write(
            header,
            [new((RecordType)9, Guid.NewGuid(), [1]), new((RecordType)200, Guid.NewGuid(), [2])],
            sender
        );
        Put(Spool, "reports-1.jebo", bytes);
        var receiver = Receiver();

        var result = Assert.Single(await receiver.ReceiveAsync(null, CancellationToken.None));
        Assert.Equal(InboundOutcome.Waiting, result.Outcome);
        Assert.Contains("type 9", result.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Applied);
    }

    /// <summary>A receiver whose ledger is two collections: what the zones keep in their databases.</summary>
    private sealed class MemoryReceiver(ReceiverFolders folders, PublicKey trusted, string trustedId)
        : BundleReceiver<Bundle>(BundleKind.Reports, "intake", folders, TimeProvider.System)
    {
        private readonly Dictionary<string, PublicKey> keys = new() { [trustedId] = trusted };

        public Dictionary<long, AppliedBundle> Applied { get; } = [];

        public List<SequenceRange> Lost { get; } = [];

        public List<string> Quarantined { get; } = [];

        public void Trust(PublicKey key) =>
            keys[Jebo.Transfer.Keys.KeyId.Of(key.Export(KeyBlobFormat.RawPublicKey))] = key;

        protected override PublicKey? TrustedKey(string keyId) => keys.GetValueOrDefault(keyId);

        protected override Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken)
        {
            bool IsLost(long s) => Lost.Exists(r => r.From <= s && s <= r.Through);
            var through = Math.Max(
                Applied.Keys.DefaultIfEmpty(0).Max(),
                Lost.Select(r => r.Through).DefaultIfEmpty(0).Max()
            );
            return Task.FromResult(
                new Neighbourhood(
                    through,
                    Applied.GetValueOrDefault(sequence),
                    Applied.GetValueOrDefault(sequence - 1),
                    Applied.GetValueOrDefault(sequence + 1),
                    IsLost(sequence - 1),
                    IsLost(sequence)
                )
            );
        }

        protected override Bundle Open(Bundle bundle)
        {
            foreach (
                var record in bundle.Records.Where(r =>
                    r.Type != RecordType.SealedReport && !RecordTypes.MayBeSkipped(r.Type)
                )
            )
            {
                throw new BundleNotYetReadableException($"record of {RecordTypes.Name(record.Type)} is unknown here");
            }

            return bundle;
        }

        protected override Task<int> OpenAndApplyAsync(
            Bundle bundle,
            Placement placement,
            CancellationToken cancellationToken
        )
        {
            Open(bundle);
            Applied.Add(
                bundle.Header.Sequence,
                new AppliedBundle(bundle.Header.Sequence, bundle.Hash, bundle.Header.PreviousHash)
            );
            return Task.FromResult(bundle.Records.Count);
        }

        protected override Task OnQuarantinedAsync(
            string name,
            string folder,
            string hash,
            long? sequence,
            string reason,
            CancellationToken cancellationToken
        )
        {
            Quarantined.Add(reason);
            return Task.CompletedTask;
        }
    }
}
