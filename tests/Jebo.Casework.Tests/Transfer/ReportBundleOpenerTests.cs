using Jebo.Casework.Keys;
using Jebo.Casework.Sealing;
using Jebo.Casework.Transfer;
using Jebo.Storage.Background;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Keys;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Casework.Tests.Transfer;

/// <summary>Opening a report bundle's records alone, without a database: every record opens and matches its record,
/// in record order across batches, or the first that does not refuses the whole bundle.</summary>
public sealed class ReportBundleOpenerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("jebo-opener-").FullName;
    private readonly CaseworkKeys keys;
    private readonly PublicKey sealing;
    private readonly ReportBundleOpener opener;

    public ReportBundleOpenerTests()
    {
        TestKeyFolders.CreateCasework(folder);
        keys = CaseworkKeys.Load(folder);
        sealing = PublicKey.Import(
            KeyAgreementAlgorithm.X25519,
            KeyFile.Read(Path.Combine(folder, CaseworkKeys.SealingPublicFile)),
            KeyBlobFormat.RawPublicKey
        );
        opener = new ReportBundleOpener(new SealedBoxOpener(keys), ProcessorShare.Whole);
    }

    public void Dispose()
    {
        keys.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private BundleRecord Report(
        Guid id,
        string description,
        ReporterContent? reporter = null,
        Guid? claimedId = null,
        IReadOnlyList<Guid>? attachments = null
    ) =>
        new(
            RecordType.SealedReport,
            id,
            SealedBox.Seal(
                sealing,
                TransferJson.Serialize(
                    new SealedReportPlaintext(
                        1,
                        claimedId ?? id,
                        Now,
                        new byte[FeedbackCipher.KeyLength],
                        new ReportContent
                        {
                            Facts = new FactsContent { Description = description },
                            Reporter = reporter,
                        },
                        [],
                        attachments
                    )
                )
            )
        );

    private static BundleRecord Unopenable(Guid id)
    {
        using var other = Key.Create(KeyAgreementAlgorithm.X25519);
        return new BundleRecord(
            RecordType.SealedReport,
            id,
            SealedBox.Seal(other.PublicKey, "sealed to a key casework does not hold"u8)
        );
    }

    private List<BundleRecord> Reports(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Report(Guid.NewGuid(), $"제보 {i}"))];

    private static Bundle BundleOf(List<BundleRecord> records) =>
        new(
            new BundleHeader(1, BundleKind.Reports, "intake", "test-key", 1, "", Now, records.Count, null),
            records,
            "test-hash"
        );

    [Fact]
    public void Every_record_opens_in_record_order_across_batches()
    {
        var records = Reports((2 * ReportBundleOpener.BatchSize) + 1);

        var opened = opener.Open(BundleOf(records));

        Assert.Equal(records.Select(r => r.Id), opened.Reports.Select(r => r.ReportId));
        Assert.Equal("제보 1000", opened.Reports[^1].Sealed.Report.Facts!.Description);
    }

    [Fact]
    public void A_named_reporter_is_marked_and_left_out_of_the_stored_content()
    {
        var named = opener
            .Open(
                BundleOf([
                    Report(
                        Guid.NewGuid(),
                        "gambling den",
                        new ReporterContent
                        {
                            Anonymous = false,
                            Name = "Hong Gildong",
                            Phone = "010-1111-2222",
                        }
                    ),
                ])
            )
            .Reports.Single();

        // The stored content is JSON with non-ASCII escaped, so the words looked for are ASCII.
        Assert.True(named.Named);
        Assert.DoesNotContain("Hong Gildong", named.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("010-1111-2222", named.Content, StringComparison.Ordinal);
        Assert.Contains("gambling den", named.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_record_in_record_order_that_does_not_open_refuses_the_bundle()
    {
        var records = Reports(1200);
        records[1100] = Unopenable(records[1100].Id);
        records[700] = Unopenable(records[700].Id);

        var refused = Assert.Throws<BundleRejectedException>(() => opener.Open(BundleOf(records)));

        Assert.StartsWith("record 701 cannot be opened", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_in_batches_hands_over_the_batches_before_the_first_bad_record_then_refuses()
    {
        var records = Reports(1200);
        records[700] = Unopenable(records[700].Id);
        var handed = new List<IReadOnlyList<object>>();

        await using (var opening = opener.OpenInBatches(records))
        {
            var refused = await Assert.ThrowsAsync<BundleRejectedException>(async () =>
            {
                await foreach (var batch in opening.InOrderAsync(CancellationToken.None))
                {
                    handed.Add(batch);
                }
            });
            Assert.StartsWith("record 701 cannot be opened", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(
            records.Take(ReportBundleOpener.BatchSize).Select(r => r.Id),
            Assert.Single(handed).Cast<OpenedReport>().Select(r => r.ReportId)
        );
    }

    [Fact]
    public void A_report_whose_id_differs_from_its_record_is_refused()
    {
        var refused = Assert.Throws<BundleRejectedException>(() =>
            opener.Open(BundleOf([Report(Guid.NewGuid(), "보호비", claimedId: Guid.NewGuid())]))
        );
        Assert.Equal("record 1 holds a report that does not match its id or version 1", refused.Message);
    }

    [Fact]
    public void A_report_naming_a_file_the_bundle_does_not_carry_is_refused()
    {
        var refused = Assert.Throws<BundleRejectedException>(() =>
            opener.Open(BundleOf([Report(Guid.NewGuid(), "사진 첨부", attachments: [Guid.NewGuid()])]))
        );
        Assert.Equal("the attachments in the bundle differ from those its reports name", refused.Message);
    }

    [Fact]
    public void Record_types_are_checked_before_anything_opens()
    {
        var status = new BundleRecord(RecordType.Status, Guid.NewGuid(), [1, 2, 3]);
        var unknown = new BundleRecord((RecordType)6, Guid.NewGuid(), [1, 2, 3]);

        // Status records belong in status bundles; an unknown must-understand type waits for a newer build.
        Assert.Contains(
            "record 2 is a Status record",
            Assert
                .Throws<BundleRejectedException>(() => opener.OpenInBatches([Unopenable(Guid.NewGuid()), status]))
                .Message,
            StringComparison.Ordinal
        );
        Assert.Throws<BundleNotYetReadableException>(() =>
            opener.Open(BundleOf([Unopenable(Guid.NewGuid()), unknown]))
        );
    }

    [Fact]
    public void An_optional_record_type_this_build_does_not_know_is_skipped()
    {
        var report = Report(Guid.NewGuid(), "마약 거래");

        var opened = opener.Open(BundleOf([new BundleRecord((RecordType)200, Guid.NewGuid(), [9, 9, 9]), report]));

        Assert.Equal(report.Id, Assert.Single(opened.Reports).ReportId);
        Assert.Empty(opened.FollowUps);
    }
}
