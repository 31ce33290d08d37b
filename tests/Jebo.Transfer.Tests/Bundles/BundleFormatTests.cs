using Jebo.Transfer.Bundles;
using NSec.Cryptography;

namespace Jebo.Transfer.Tests.Bundles;

public sealed class BundleFormatTests : IDisposable
{
    private readonly Key signing = Key.Create(SignatureAlgorithm.Ed25519);

    public void Dispose() => signing.Dispose();

    private static string KeyIdOf(Key key) => Keys.KeyId.Of(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    private byte[] Write(long sequence = 1, int records = 3)
    {
        var list = Enumerable.Range(0, records).Select(i => new BundleRecord(RecordType.SealedReport, Guid.NewGuid(), [(byte)i, 1, 2, 3])).ToList();
        var header = new BundleHeader(BundleFormat.CurrentVersion, BundleKind.Reports, "intake", KeyIdOf(signing), sequence, "", DateTimeOffset.UnixEpoch, list.Count, null);
        return BundleFormat.Write(header, list, signing);
    }

    private Bundle Read(byte[] file) => BundleFormat.Read(file, (sender, keyId) => sender == "intake" && keyId == KeyIdOf(signing) ? signing.PublicKey : null);

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
    public void Writing_the_same_contents_twice_gives_the_same_bytes()
    {
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1, 2]) };
        var header = new BundleHeader(1, BundleKind.Reports, "intake", KeyIdOf(signing), 1, "", DateTimeOffset.UnixEpoch, 1, null);
        Assert.Equal(BundleFormat.Write(header, list, signing), BundleFormat.Write(header, list, signing));
    }

    [Fact]
    public void Every_single_byte_change_is_refused()
    {
        var file = Write();
        for (var i = 0; i < file.Length; i++)
        {
            var changed = (byte[])file.Clone();
            changed[i] ^= 0x5a;
            Assert.Throws<BundleRejectedException>(() => Read(changed));
        }
    }

    [Fact]
    public void Truncated_and_extended_files_are_refused()
    {
        var file = Write();
        Assert.Throws<BundleRejectedException>(() => Read(file[..^1]));
        Assert.Throws<BundleRejectedException>(() => Read(file[..20]));
        Assert.Throws<BundleRejectedException>(() => Read([.. file, 0]));
        Assert.Throws<BundleRejectedException>(() => Read([]));
    }

    [Fact]
    public void A_bundle_signed_by_an_untrusted_key_is_refused_by_name()
    {
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1]) };
        var header = new BundleHeader(1, BundleKind.Reports, "intake", KeyIdOf(stranger), 1, "", DateTimeOffset.UnixEpoch, 1, null);
        var error = Assert.Throws<BundleRejectedException>(() => Read(BundleFormat.Write(header, list, stranger)));
        Assert.Contains("does not trust", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_claiming_a_trusted_key_id_but_signed_by_another_key_is_refused()
    {
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        var list = new List<BundleRecord> { new(RecordType.SealedReport, Guid.NewGuid(), [1]) };
        var header = new BundleHeader(1, BundleKind.Reports, "intake", KeyIdOf(signing), 1, "", DateTimeOffset.UnixEpoch, 1, null);
        var error = Assert.Throws<BundleRejectedException>(() => Read(BundleFormat.Write(header, list, stranger)));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_names_sort_in_sequence_order()
    {
        var names = new[] { 10L, 2, 1, 100 }.Select(s => BundleFormat.FileName(BundleKind.Reports, s)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { 1L, 2, 10, 100 }.Select(s => BundleFormat.FileName(BundleKind.Reports, s)), names);
    }
}
