using System.Security.Cryptography;
using Jebo.Transfer.Feedback;

namespace Jebo.Transfer.Tests.Feedback;

public sealed class FeedbackCipherTests
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(FeedbackCipher.KeyLength);
    private readonly Guid report = Guid.NewGuid();

    [Fact]
    public void A_message_decrypts_with_its_key_and_report()
    {
        var message = FeedbackCipher.Encrypt(key, report, "신고해 주셔서 감사합니다");
        Assert.Equal("신고해 주셔서 감사합니다", FeedbackCipher.Decrypt(key, report, message));
    }

    [Fact]
    public void A_message_does_not_decrypt_with_another_key_another_report_or_a_changed_byte()
    {
        var message = FeedbackCipher.Encrypt(key, report, "thanks");
        Assert.Null(FeedbackCipher.Decrypt(RandomNumberGenerator.GetBytes(32), report, message));
        Assert.Null(FeedbackCipher.Decrypt(key, Guid.NewGuid(), message));
        for (var i = 0; i < message.Length; i++)
        {
            var changed = (byte[])message.Clone();
            changed[i] ^= 0x80;
            Assert.Null(FeedbackCipher.Decrypt(key, report, changed));
        }

        Assert.Null(FeedbackCipher.Decrypt(key, report, message.AsSpan(0, 10)));
    }
}
