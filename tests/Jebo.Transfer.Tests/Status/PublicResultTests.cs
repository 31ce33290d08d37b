using System.Security.Cryptography;
using System.Text;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;

namespace Jebo.Transfer.Tests.Status;

public sealed class PublicResultTests
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(FeedbackCipher.KeyLength);
    private readonly Guid report = Guid.NewGuid();

    [Theory]
    [InlineData("substantiated", null)]
    [InlineData("partly", null)]
    [InlineData("unsubstantiated", null)]
    [InlineData("referred", "prosecution")]
    [InlineData("referred", "police")]
    public void A_result_opens_with_its_receipt_key_and_report_only(string result, string? agency)
    {
        var encrypted = new PublicResult(result, agency).Encrypt(key, report);

        Assert.Equal(new PublicResult(result, agency), PublicResult.Decrypt(key, report, encrypted));
        Assert.Null(PublicResult.Decrypt(RandomNumberGenerator.GetBytes(32), report, encrypted));
        Assert.Null(PublicResult.Decrypt(key, Guid.NewGuid(), encrypted));
        Assert.DoesNotContain(result, Encoding.UTF8.GetString(encrypted), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("referred", null)]
    [InlineData("referred", "embassy")]
    [InlineData("substantiated", "police")]
    [InlineData("true", null)]
    [InlineData(null, null)]
    public void Parts_that_make_no_result_make_none(string? result, string? agency) =>
        Assert.Null(PublicResult.Of(result, agency));

    [Fact]
    public void An_office_message_cannot_pass_for_the_result_nor_the_result_for_a_message()
    {
        // An intake that moves ciphertexts between fields gets nothing: the purpose is bound into each one.
        var message = FeedbackCipher.Encrypt(key, report, """{"result":"substantiated"}""");
        Assert.Null(PublicResult.Decrypt(key, report, message));
        Assert.Null(FeedbackCipher.Decrypt(key, report, new PublicResult("partly").Encrypt(key, report)));
        Assert.Null(FeedbackCipher.Decrypt(key, report, message, FeedbackPurpose.FollowUp));
    }

    [Fact]
    public void A_status_record_written_before_results_existed_still_reads_as_one_without_a_result()
    {
        var old = """{"status":"completed","updatedAt":"2026-10-01T00:00:00+00:00","messages":[]}"""u8;
        var record = TransferJson.Deserialize<StatusRecord>(old);

        Assert.Equal(PublicStatus.Completed, record.Status);
        Assert.Null(record.Result);
    }

    [Fact]
    public void A_status_record_carries_its_result_through_the_bundle_JSON()
    {
        var encrypted = new PublicResult("referred", "discipline").Encrypt(key, report);
        var record = TransferJson.Deserialize<StatusRecord>(
            TransferJson.Serialize(new StatusRecord(PublicStatus.Completed, DateTimeOffset.UnixEpoch, [], encrypted))
        );

        Assert.Equal(new PublicResult("referred", "discipline"), PublicResult.Decrypt(key, report, record.Result));
    }
}
