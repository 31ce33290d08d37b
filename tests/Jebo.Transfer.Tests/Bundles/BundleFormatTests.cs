using System.Buffers.Binary;
using System.Text;
using Jebo.Transfer.Bundles;
using NSec.Cryptography;

namespace Jebo.Transfer.Tests.Bundles;

public sealed class BundleFormatTests : IDisposable
{
    private readonly Key signing = Key.Create(SignatureAlgorithm.Ed25519);

    public void Dispose() => signing.Dispose();

    private static string KeyIdOf(Key key) =>
        Jebo.Transfer.Keys.KeyId.Of(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    private BundleHeader Header(long sequence = 1, int records = 0, string? previous = null) =>
        new(
            BundleFormat.CurrentVersion,
            BundleKind.Reports,
            "intake",
            KeyIdOf(signing),
            sequence,
            previous ?? (sequence == 1 ? "" : new string('a', 64)),
            DateTimeOffset.UnixEpoch,
            records,
            null
        );

    private byte[] Write(long sequence = 1, int records = 3)
    {
        var list = Enumerable
            .Range(0, records)
            .Select(i => new BundleRecord(RecordType.SealedReport, Guid.NewGuid(), [(byte)i, 1, 2, 3]))
            .ToList();
        return BundleFormat.Write(Header(sequence, list.Count), list, signing);
    }

    private Bundle Read(byte[] file) =>
        BundleFormat.Read(file, (sender, keyId) =>
            sender == "intake" && keyId == KeyIdOf(signing) ? signing.PublicKey : null
        );

    /// <summary>A file laid out by hand and signed with the trusted key: what a buggy or malicious sender holding the
    /// key could produce, which the reader must still refuse.</summary>
    private byte[] Craft(string headerJson, byte[] records, ushort version = 1)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var file = new byte[
            BundleFormat.PreambleLength + header.Length + records.Length + BundleFormat.SignatureLength
        ];
        "JEBOBNDL"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(10), header.Length);
        header.CopyTo(file, BundleFormat.PreambleLength);
        records.CopyTo(file, BundleFormat.PreambleLength + header.Length);
        SignatureAlgorithm.Ed25519.Sign(signing, file.AsSpan(0, file.Length - 64), file.AsSpan(file.Length - 64));
        return file;
    }

    private string HeaderJson(
        string extra = "",
        long sequence = 1,
        int records = 0,
        string kind = "reports",
        int version = 1
    ) =>
        $$"""{"version":{{version}}"""
        + $$""","kind":"{{kind}}","sender":"intake","keyId":"{{KeyIdOf(signing)}}","sequence":{{sequence}}"""
        + $$""","previousHash":"{{(sequence == 1 ? "" : new string('b', 64))}}","recordCount":{{records}}"""
        + $$""","createdAt":"2026-01-01T00:00:00+00:00"{{extra}}}""";

    private static byte[] Record(byte type, Guid id, byte[] payload)
    {
        var bytes = new byte[BundleFormat.RecordOverhead + payload.Length];
        bytes[0] = type;
        id.TryWriteBytes(bytes.AsSpan(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(17), payload.Length);
        payload.CopyTo(bytes, BundleFormat.RecordOverhead);
        return bytes;
    }

    [Fact]
    public void A_written_bundle_reads_back_with_its_header_and_records()
    {
        var bundle = Read(Write(sequence: 7, records: 5));
        Assert.Equal(7, bundle.Header.Sequence);
        Assert.Equal(5, bundle.Records.Count);
        Assert.All(bundle.Records, r => Assert.Equal(RecordType.SealedReport, r.Type));
        Assert.Equal(64, bundle.Hash.Length);
    }

    [Fact]
    public void The_layout_is_magic_version_header_records_and_a_signature_over_everything_before_it()
    {
        var id = Guid.NewGuid();
        var file = BundleFormat.Write(
            Header(records: 1),
            [new BundleRecord(RecordType.SealedFollowUp, id, [9, 8, 7])],
            signing
        );

        Assert.Equal("JEBOBNDL"u8.ToArray(), file[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(8)));
        var headerLength = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(10));
        var header = Encoding.UTF8.GetString(file, 14, headerLength);
        Assert.Contains("\"kind\":\"reports\"", header, StringComparison.Ordinal);
        Assert.Contains("\"sender\":\"intake\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("acknowledged", header, StringComparison.Ordinal);
        var at = 14 + headerLength;
        Assert.Equal((byte)RecordType.SealedFollowUp, file[at]);
        Assert.Equal(id, new Guid(file.AsSpan(at + 1, 16), bigEndian: true));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 17)));
        Assert.Equal(new byte[] { 9, 8, 7 }, file[(at + 21)..(at + 24)]);
        Assert.Equal(file.Length - 64, at + 24);
        Assert.True(
            SignatureAlgorithm.Ed25519.Verify(
                signing.PublicKey,
                file.AsSpan(0, file.Length - 64),
                file.AsSpan(file.Length - 64)
            )
        );
    }

    [Fact]
    public void Writing_the_same_contents_twice_gives_the_same_bytes()
    {
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1, 2]) };
        Assert.Equal(
            BundleFormat.Write(Header(records: 1), list, signing),
            BundleFormat.Write(Header(records: 1), list, signing)
        );
    }

    [Fact]
    public void A_bundle_rebuilt_with_its_stored_signature_is_the_same_file_even_after_the_key_changed()
    {
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1, 2]) };
        var first = BundleFormat.Write(Header(records: 1), list, signing);
        var rebuilt = BundleFormat.Write(Header(records: 1), list, BundleFormat.SignatureOf(first));
        Assert.Equal(first, rebuilt);
    }

    [Fact]
    public void Every_single_byte_change_is_refused()
    {
        var file = Write();
        for (var i = 0; i < file.Length; i++)
        {
            var changed = (byte[])file.Clone();
            changed[i] ^= 0x5a;
            Assert.ThrowsAny<BundleRejectedException>(() => Read(changed));
        }
    }

    [Theory]
    [InlineData("header", "signature does not verify")]
    [InlineData("record", "signature does not verify")]
    [InlineData("signature", "signature does not verify")]
    public void A_flipped_byte_in_the_header_a_record_or_the_signature_is_named_as_a_broken_signature(
        string where,
        string expected
    )
    {
        var file = Write(records: 2);
        var headerLength = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(10));
        var at = where switch
        {
            "header" => 14 + headerLength - 3, // inside the JSON, still valid JSON: a digit of the time
            "record" => 14 + headerLength + 25,
            _ => file.Length - 10,
        };
        if (where == "header")
        {
            // Change a digit of createdAt, so the header still parses and only the signature can tell.
            var text = Encoding.UTF8.GetString(file, 14, headerLength);
            at = 14 + text.IndexOf("1970", StringComparison.Ordinal) + 3;
            file[at] = (byte)'1';
        }
        else
        {
            file[at] ^= 0x01;
        }

        var error = Assert.Throws<BundleRejectedException>(() => Read(file));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_extended_files_are_refused()
    {
        var file = Write();
        Assert.ThrowsAny<BundleRejectedException>(() => Read(file[..^1]));
        Assert.ThrowsAny<BundleRejectedException>(() => Read(file[..20]));
        Assert.ThrowsAny<BundleRejectedException>(() => Read(file[..8]));
        Assert.ThrowsAny<BundleRejectedException>(() => Read([.. file, 0]));
        Assert.ThrowsAny<BundleRejectedException>(() => Read([]));
        Assert.ThrowsAny<BundleRejectedException>(() => Read("not a bundle at all"u8.ToArray()));
    }

    [Fact]
    public void A_bundle_signed_by_an_untrusted_key_is_refused_by_name_as_not_yet_readable()
    {
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1]) };
        var header = Header(records: 1) with { KeyId = KeyIdOf(stranger) };
        var error = Assert.Throws<BundleNotYetReadableException>(() =>
            Read(BundleFormat.Write(header, list, stranger))
        );
        Assert.Contains("does not trust", error.Message, StringComparison.Ordinal);
        Assert.Contains(KeyIdOf(stranger), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_claiming_a_trusted_key_id_but_signed_by_another_key_is_refused()
    {
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1]) };
        var error = Assert.Throws<BundleRejectedException>(() =>
            Read(BundleFormat.Write(Header(records: 1), list, stranger))
        );
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_format_version_is_not_yet_readable_rather_than_damaged()
    {
        var file = Craft(HeaderJson(version: 2), [], version: 2);
        var error = Assert.Throws<BundleNotYetReadableException>(() => Read(file));
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_fields_a_later_writer_adds_are_ignored_by_this_reader()
    {
        var bundle = Read(Craft(HeaderJson(extra: ""","compression":"none","note":{"a":1}"""), []));
        Assert.Equal(1, bundle.Header.Sequence);
    }

    [Theory]
    [InlineData("""{"version":1}""")]
    [InlineData("""not json""")]
    [InlineData(
        """{"version":1,"kind":"reports","sender":"intake","keyId":"zz","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    [InlineData(
        """{"version":1,"kind":"letters","sender":"intake","keyId":"0011223344556677","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    [InlineData(
        """{"version":1,"kind":1,"sender":"intake","keyId":"0011223344556677","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    [InlineData(
        """{"version":1,"kind":"reports","sender":"intake","keyId":"0011223344556677","sequence":0"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    [InlineData(
        """{"version":1,"kind":"reports","sender":"intake","keyId":"0011223344556677","sequence":2"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    [InlineData(
        """{"version":1,"kind":"reports","sender":"intake","keyId":"0011223344556677","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":-1}"""
    )]
    [InlineData(
        """{"version":1,"kind":"reports","sender":"intake","keyId":"0011223344556677","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0,"acknowledgedThrough":3}"""
    )]
    [InlineData(
        """{"version":2,"kind":"reports","sender":"intake","keyId":"0011223344556677","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    [InlineData(
        """{"version":1,"kind":"reports","sender":"In Take","keyId":"0011223344556677","sequence":1"""
            + ""","previousHash":"","createdAt":"2026-01-01T00:00:00+00:00","recordCount":0}"""
    )]
    public void A_header_that_is_incomplete_or_inconsistent_is_refused_even_when_signed(string json)
    {
        // The key id in some of these is not the trusted one; either way nothing of the bundle may be believed.
        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(json, [])));
    }

    [Fact]
    public void Acknowledged_ranges_must_lie_above_a_hole_in_order()
    {
        var status = Header() with { Kind = BundleKind.Status, AcknowledgedThrough = 4 };
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(status with { AcknowledgedAlso = [new SequenceRange(5, 6)] }, [], signing)
        );
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(
                status with
                {
                    AcknowledgedAlso = [new SequenceRange(7, 9), new SequenceRange(9, 12)],
                },
                [],
                signing
            )
        );
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(status with { AcknowledgedAlso = [new SequenceRange(8, 7)] }, [], signing)
        );
        var ok = BundleFormat.Write(
            status with
            {
                AcknowledgedAlso = [new SequenceRange(7, 9), new SequenceRange(11, 11)],
            },
            [],
            signing
        );
        Assert.Equal(2, Read(ok).Header.AcknowledgedAlso!.Count);
    }

    [Fact]
    public void Acknowledged_ranges_cannot_wrap_past_the_largest_sequence_number_to_pass_as_ordered()
    {
        // A range (or acknowledged-through) ending at long.MaxValue once wrapped the next floor round to long.MinValue,
        // so that any range after it, even one below acknowledged-through, passed as "above a hole, in order".
        var status = Header() with { Kind = BundleKind.Status, AcknowledgedThrough = 4 };
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(
                status with
                {
                    AcknowledgedAlso = [new SequenceRange(7, long.MaxValue), new SequenceRange(1, 2)],
                },
                [],
                signing
            )
        );
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(
                status with
                {
                    AcknowledgedThrough = long.MaxValue,
                    AcknowledgedAlso = [new SequenceRange(1, 2)],
                },
                [],
                signing
            )
        );
        var signed = Craft(
            HeaderJson(
                ""","acknowledgedThrough":4,"acknowledgedAlso":[{"from":7,"through":9223372036854775807},{"from":1"""
                    + ""","through":2}]""",
                kind: "status"
            ),
            []
        );
        Assert.ThrowsAny<BundleRejectedException>(() => Read(signed));
        Assert.Single(
            Read(
                BundleFormat.Write(
                    status with
                    {
                        AcknowledgedAlso = [new SequenceRange(7, long.MaxValue)],
                    },
                    [],
                    signing
                )
            ).Header.AcknowledgedAlso!
        );
    }

    [Fact]
    public void Lost_ranges_travel_signed_in_a_status_header_and_a_header_without_them_reads_as_none()
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero);
        var status = Header() with
        {
            Kind = BundleKind.Status,
            AcknowledgedThrough = 1,
            AcknowledgedAlso = [new SequenceRange(4, 4)],
            AcknowledgedLost = [new LostRange(2, 3, at)],
        };

        var read = Read(BundleFormat.Write(status, [], signing)).Header;

        Assert.Equal([new LostRange(2, 3, at)], read.AcknowledgedLost);
        Assert.Equal([new LostRange(2, 3, at)], Acknowledgement.From(read).Lost);
        var older = Read(Craft(HeaderJson(""","acknowledgedThrough":3""", kind: "status"), [])).Header;
        Assert.Null(older.AcknowledgedLost);
        Assert.Empty(Acknowledgement.From(older).Lost);
    }

    [Theory]
    [InlineData("""[{"from":1,"through":1,"at":"2026-12-07T01:00:00+00:00"}]""")] // imported and lost at once
    [InlineData("""[{"from":4,"through":4,"at":"2026-12-07T01:00:00+00:00"}]""")] // acknowledged also
    [InlineData("""[{"from":6,"through":6,"at":"2026-12-07T01:00:00+00:00"}]""")] // above the highest imported
    [InlineData(
        """[{"from":3,"through":3,"at":"2026-12-07T01:00:00+00:00"},"""
            + """{"from":2,"through":2,"at":"2026-12-07T01:00:00+00:00"}]"""
    )]
    [InlineData("""[{"from":3,"through":2,"at":"2026-12-07T01:00:00+00:00"}]""")]
    [InlineData("""[{"from":2,"through":2}]""")] // no time
    [InlineData("""[null]""")]
    public void A_status_header_whose_lost_ranges_contradict_it_is_refused_even_when_signed(string lost)
    {
        var json = HeaderJson(
            ""","acknowledgedThrough":1,"acknowledgedAlso":[{"from":4,"through":5}],"acknowledgedLost":""" + lost,
            kind: "status"
        );

        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(json, [])));
    }

    [Fact]
    public void A_report_bundle_carries_no_lost_ranges_and_a_writer_cannot_make_one_that_does()
    {
        var lost = new LostRange(2, 2, DateTimeOffset.UnixEpoch.AddDays(1));
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(Header() with { AcknowledgedLost = [lost] }, [], signing)
        );
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(
                Header() with
                {
                    Kind = BundleKind.Status,
                    AcknowledgedThrough = 1,
                    AcknowledgedLost = [lost],
                },
                [],
                signing
            )
        );
        var json = HeaderJson(""","acknowledgedLost":[{"from":2,"through":2,"at":"2026-12-07T01:00:00+00:00"}]""");
        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(json, [])));
    }

    [Fact]
    public void A_record_count_that_disagrees_with_the_records_is_refused()
    {
        var id = Guid.NewGuid();
        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(HeaderJson(records: 2), Record(1, id, [1, 2]))));
        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(HeaderJson(records: 0), Record(1, id, [1, 2]))));
    }

    [Fact]
    public void A_record_whose_length_runs_past_the_end_is_refused()
    {
        var record = Record(1, Guid.NewGuid(), [1, 2, 3]);
        BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(17), 1000);
        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(HeaderJson(records: 1), record)));
        BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(17), -1);
        Assert.ThrowsAny<BundleRejectedException>(() => Read(Craft(HeaderJson(records: 1), record)));
    }

    [Fact]
    public void The_same_record_twice_is_refused_on_writing_and_on_reading()
    {
        var id = Guid.NewGuid();
        Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(
                Header(records: 2),
                [new(RecordType.SealedReport, id, [1]), new(RecordType.SealedReport, id, [2])],
                signing
            )
        );
        var error = Assert.Throws<BundleRejectedException>(() =>
            Read(Craft(HeaderJson(records: 2), [.. Record(1, id, [1]), .. Record(1, id, [2])]))
        );
        Assert.Contains("repeats", error.Message, StringComparison.Ordinal);

        // The same id under two types is two records (a report and its follow-up never share an id, but the format
        // allows it).
        Assert.Equal(
            2,
            Read(Craft(HeaderJson(records: 2), [.. Record(1, id, [1]), .. Record(2, id, [2])])).Records.Count
        );
    }

    [Fact]
    public void Record_types_this_build_does_not_know_are_carried_for_the_receiver_to_judge()
    {
        var bundle = Read(
            Craft(HeaderJson(records: 2), [.. Record(77, Guid.NewGuid(), [1]), .. Record(200, Guid.NewGuid(), [2])])
        );
        Assert.Equal([(RecordType)77, (RecordType)200], bundle.Records.Select(r => r.Type));
        Assert.False(RecordTypes.MayBeSkipped((RecordType)77));
        Assert.True(RecordTypes.MayBeSkipped((RecordType)200));
        Assert.False(RecordTypes.MayBeSkipped(RecordType.SealedReport));
        Assert.Equal("type 77", RecordTypes.Name((RecordType)77));
    }

    [Fact]
    public void No_bundle_above_the_formats_maximum_can_be_written_whatever_the_writer_asks()
    {
        // One 256 KiB payload shared by every record: the writer must refuse from the sizes, before it lays anything
        // out.
        var payload = new byte[256 * 1024];
        var count = (int)(BundleFormat.MaxBundleLength / payload.Length) + 1;
        var records = Enumerable
            .Range(0, count)
            .Select(_ => new BundleRecord(RecordType.SealedReport, Guid.NewGuid(), payload))
            .ToList();

        var refused = Assert.Throws<ArgumentException>(() =>
            BundleFormat.Write(Header(records: count), records, signing)
        );

        Assert.Contains(
            $"above the limit of {BundleFormat.MaxBundleLength}",
            refused.Message,
            StringComparison.Ordinal
        );
        Assert.True(BundleFormat.MaxRecordsLength < BundleFormat.MaxBundleLength - BundleFormat.MaxHeaderLength);
    }

    [Fact]
    public void The_header_can_be_read_from_the_first_bytes_of_a_file_without_the_key()
    {
        var path = Path.Combine(Path.GetTempPath(), "jebo-" + Guid.NewGuid().ToString("n") + ".jebo");
        try
        {
            File.WriteAllBytes(path, Write(sequence: 42, records: 2));
            var header = BundleFormat.ReadHeaderUnverified(path);
            Assert.Equal(42, header.Sequence);
            Assert.Equal(2, header.RecordCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Headers_that_could_not_be_read_back_are_never_written()
    {
        Assert.Throws<ArgumentException>(() => BundleFormat.Write(Header() with { Sequence = 0 }, [], signing));
        Assert.Throws<ArgumentException>(() => BundleFormat.Write(Header() with { Sender = "" }, [], signing));
        Assert.Throws<ArgumentException>(() => BundleFormat.Write(Header(sequence: 2, previous: ""), [], signing));
        Assert.Throws<ArgumentException>(() => BundleFormat.Write(Header(records: 1), [], signing));
    }

    [Fact]
    public void File_names_sort_in_sequence_order()
    {
        var names = new[] { 10L, 2, 1, 100 }
            .Select(s => BundleFormat.FileName(BundleKind.Reports, s))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { 1L, 2, 10, 100 }.Select(s => BundleFormat.FileName(BundleKind.Reports, s)), names);
        Assert.Equal("status-000000000007.jebo", BundleFormat.FileName(BundleKind.Status, 7));
    }
}
