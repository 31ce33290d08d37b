using System.Text;
using Jebo.Casework.Staff;

namespace Jebo.Casework.Tests.Staff;

public sealed class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238 appendix B, the SHA-1 column: time in seconds, eight-digit code.
    [Theory]
    [InlineData(59, "94287082")]
    [InlineData(1111111109, "07081804")]
    [InlineData(1111111111, "14050471")]
    [InlineData(1234567890, "89005924")]
    [InlineData(2000000000, "69279037")]
    [InlineData(20000000000, "65353130")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixSeconds, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Assert.Equal(expected, Totp.Code(RfcSecret, step, digits: 8));
        // Six digits are the same number's last six.
        Assert.Equal(expected[2..], Totp.Code(RfcSecret, step));
    }

    [Fact]
    public void A_code_matches_within_one_step_either_way_and_not_beyond()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step), now, null));
        Assert.Equal(step - 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 1), now, null));
        Assert.Equal(step + 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 1), now, null));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 2), now, null));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 2), now, null));
    }

    [Fact]
    public void A_code_once_used_never_matches_again()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = Totp.StepAt(now);
        var code = Totp.Code(RfcSecret, step);
        Assert.Null(Totp.Match(RfcSecret, code, now, lastUsedStep: step));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 1), now, lastUsedStep: step));
        Assert.Equal(step + 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 1), now, lastUsedStep: step));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")]
    [InlineData("123456789012345678901234567890")]
    public void Anything_but_six_digits_is_not_a_code(string? typed)
    {
        Assert.Null(Totp.Normalize(typed));
        Assert.Null(Totp.Match(RfcSecret, typed, DateTimeOffset.UtcNow, null));
    }

    [Fact]
    public void Spaces_and_dashes_people_type_between_groups_are_ignored() =>
        Assert.Equal("123456", Totp.Normalize(" 123 456 ") is { } a && a == Totp.Normalize("123-456") ? a : null);

    // RFC 4648 section 10, without padding.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_matches_RFC_4648_and_reads_back(string plain, string encoded)
    {
        Assert.Equal(encoded, Totp.ToBase32(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Totp.FromBase32(encoded.ToLowerInvariant())!));
    }

    [Fact]
    public void Base32_with_foreign_characters_is_refused() => Assert.Null(Totp.FromBase32("MZXW1"));

    [Fact]
    public void The_enrolment_uri_names_issuer_account_and_parameters()
    {
        var uri = Totp.EnrolmentUri("kim.seoul", RfcSecret);
        Assert.Equal(
            "otpauth://totp/Jebo:kim.seoul?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Jebo"
                + "&algorithm=SHA1&digits=6&period=30",
            uri
        );
        Assert.Equal(20, Totp.NewSecret().Length);
        Assert.NotEqual(Totp.NewSecret(), Totp.NewSecret());
    }
}
