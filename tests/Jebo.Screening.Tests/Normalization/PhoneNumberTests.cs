using Jebo.Screening.Normalization;

namespace Jebo.Screening.Tests.Normalization;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("010-3456-7890")]
    [InlineData("01034567890")]
    [InlineData("010 3456 7890")]
    [InlineData("010.3456.7890")]
    [InlineData(" 010 - 3456 - 7890 ")]
    [InlineData("(010) 3456-7890")]
    [InlineData("+82 10 3456 7890")]
    [InlineData("+82-10-3456-7890")]
    [InlineData("+821034567890")]
    [InlineData("+82 010 3456 7890")]
    [InlineData("+82 (0)10 3456 7890")]
    [InlineData("0082 10 3456 7890")]
    [InlineData("０１０－３４５６－７８９０")]
    public void A_mobile_number_as_people_write_it_has_one_national_form(string written)
    {
        Assert.Equal("01034567890", PhoneNumber.Normalize(written));
        Assert.Equal("01034567890", PhoneNumber.Mobile(written));
        Assert.Equal("+821034567890", PhoneNumber.International(PhoneNumber.Mobile(written)!));
    }

    [Theory]
    [InlineData("02-123-4567", "021234567")]
    [InlineData("051-987-6543", "0519876543")]
    [InlineData("070-1234-5678", "07012345678")]
    public void A_landline_is_a_phone_number_but_no_mobile(string written, string national)
    {
        Assert.Equal(national, PhoneNumber.Normalize(written));
        Assert.Null(PhoneNumber.Mobile(written));
    }

    [Theory]
    [InlineData("011-234-5678", "0112345678")]
    [InlineData("016 2345 6789", "01623456789")]
    public void Older_mobile_prefixes_still_reach_a_phone(string written, string national) =>
        Assert.Equal(national, PhoneNumber.Mobile(written));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("010-3456-789")]
    [InlineData("010-3456-78901")]
    [InlineData("1034567890")]
    [InlineData("+1 202 555 0143")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("010-3456-7890 ext 2")]
    [InlineData("010/3456/7890")]
    [InlineData("tel:01034567890")]
    [InlineData("0010-3456-7890")]
    [InlineData("010-3456-7890-0000-0000-0000-0000-0000")]
    public void Anything_else_is_no_mobile_number(string? written) => Assert.Null(PhoneNumber.Mobile(written));
}
