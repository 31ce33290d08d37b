using System.Security.Cryptography;
using System.Text;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Receipts;

namespace Jebo.Transfer.Tests.Receipts;

/// <summary>The record by which casework registers at intake the receipt of a clue entered by hand: exactly 33 bytes,
/// and whatever else a buggy or malicious writer holding casework's signing key could put there refuses the
/// bundle.</summary>
public sealed class ReceiptRegistrationTests
{
    private static byte[] Registration() => ReceiptDerivation.Registration(Receipt.New());

    private static string Refusal(params BundleRecord[] records) =>
        Assert.Throws<BundleRejectedException>(() => ReceiptRegistration.Read(records)).Message;

    [Fact]
    public void A_registration_reads_back_as_written_and_other_records_are_left_alone()
    {
        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        var (first, second) = (Registration(), Registration());
        var records = new[]
        {
            ReceiptRegistration.Record(one, first),
            new BundleRecord(RecordType.Status, one, "{}"u8.ToArray()),
            ReceiptRegistration.Record(two, second),
        };

        var read = ReceiptRegistration.Read(records);

        Assert.Equal([(one, first), (two, second)], read.Select(r => (r.ReportId, r.Registration)));
        Assert.Equal(RecordType.ReceiptRegistration, records[0].Type);
        Assert.Equal(ReceiptRegistration.PayloadLength, records[0].Payload.Length);
        Assert.True(RecordTypes.MayBeSkipped(RecordType.ReceiptRegistration));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(1024)]
    public void A_registration_of_any_other_size_refuses_the_bundle(int length)
    {
        var payload = new byte[length];
        if (length > 0)
        {
            payload[0] = ReceiptRegistration.Version;
        }

        var reason = Refusal(new BundleRecord(RecordType.ReceiptRegistration, Guid.NewGuid(), payload));
        Assert.Contains($"{length} bytes", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_registration_refuses_the_bundle()
    {
        var whole = ReceiptRegistration.Record(Guid.NewGuid(), Registration());
        var cut = whole with { Payload = whole.Payload[..^1] };
        Assert.Contains("32 bytes", Refusal(cut), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void A_registration_of_an_unknown_version_refuses_the_bundle(byte version)
    {
        var record = ReceiptRegistration.Record(Guid.NewGuid(), Registration());
        record.Payload[0] = version;
        Assert.Contains($"version {version}", Refusal(record), StringComparison.Ordinal);
    }

    [Fact]
    public void A_registration_for_no_report_refuses_the_bundle() =>
        Assert.Contains(
            "no report",
            Refusal(ReceiptRegistration.Record(Guid.Empty, Registration())),
            StringComparison.Ordinal
        );

    [Fact]
    public void One_receipt_registered_for_two_reports_refuses_the_bundle()
    {
        var registration = Registration();
        var reason = Refusal(
            ReceiptRegistration.Record(Guid.NewGuid(), registration),
            ReceiptRegistration.Record(Guid.NewGuid(), (byte[])registration.Clone())
        );
        Assert.StartsWith("record 2 ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_receipts_registered_for_one_report_refuse_the_bundle()
    {
        var report = Guid.NewGuid();
        var reason = Refusal(
            ReceiptRegistration.Record(report, Registration()),
            ReceiptRegistration.Record(report, Registration())
        );
        Assert.Contains("second receipt for one report", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_never_writes_a_registration_of_another_length() =>
        Assert.Throws<ArgumentException>(() => ReceiptRegistration.Record(Guid.NewGuid(), new byte[31]));

    [Fact]
    public void The_registration_is_the_labelled_sha256_of_the_receipt_and_differs_from_the_feedback_key()
    {
        Assert.True(Receipt.TryParse("7kq2 m9xd 4htr e8pa wz3c", out var typed));
        var canonical = SHA256.HashData(Encoding.ASCII.GetBytes("jebo/receipt-registration/v1:7KQ2M9XD4HTRE8PAWZ3C"));
        Assert.Equal(canonical, ReceiptDerivation.Registration(typed!.Value));
        Assert.NotEqual(ReceiptDerivation.FeedbackKey(typed.Value), ReceiptDerivation.Registration(typed.Value));
        Assert.Equal(
            HKDF.DeriveKey(
                HashAlgorithmName.SHA256,
                Encoding.ASCII.GetBytes("7KQ2M9XD4HTRE8PAWZ3C"),
                32,
                Encoding.ASCII.GetBytes("jebo/receipt-feedback/v1")
            ),
            ReceiptDerivation.FeedbackKey(typed.Value)
        );
    }
}
