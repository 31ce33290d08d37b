using Jebo.Intake.Receipts;
using Jebo.Transfer.Receipts;

namespace Jebo.Intake.Tests.Receipts;

public sealed class ReceiptTests
{
    [Fact]
    public void A_new_receipt_is_five_groups_of_four_Crockford_characters()
    {
        var receipt = Receipt.New();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$", receipt.ToString());
        Assert.Equal(Receipt.Length, receipt.Canonical.Length);
    }

    [Fact]
    public void New_receipts_use_all_100_bits()
    {
        // Every character position takes many values across a sample: no bit is stuck (the last one included).
        var receipts = Enumerable.Range(0, 2000).Select(_ => Receipt.New().Canonical).ToList();
        Assert.Equal(receipts.Count, receipts.Distinct().Count());
        for (var position = 0; position < Receipt.Length; position++)
        {
            Assert.True(
                receipts.Select(r => r[position]).Distinct().Count() >= 28,
                $"position {position} varies too little"
            );
        }
    }

    [Theory]
    [InlineData("7kq2-m9xd-4htr-e8pa-wz3c")]
    [InlineData("7KQ2 M9XD 4HTR E8PA WZ3C")]
    [InlineData("7KQ2M9XD4HTRE8PAWZ3C")]
    [InlineData(" 7KQ2-M9XD-4HTR-E8PA-WZ3C\t")]
    [InlineData("７ＫＱ２-Ｍ９ＸＤ-４ＨＴＲ-Ｅ８ＰＡ-ＷＺ３Ｃ")]
    public void Parsing_forgives_case_spaces_dashes_and_full_width_forms(string typed)
    {
        Assert.True(Receipt.TryParse(typed, out var receipt));
        Assert.Equal("7KQ2-M9XD-4HTR-E8PA-WZ3C", receipt!.Value.ToString());
    }

    [Fact]
    public void Parsing_reads_O_as_zero_and_I_or_L_as_one()
    {
        Assert.True(Receipt.TryParse("OOII-LLOO-1111-0000-ABCD", out var receipt));
        Assert.Equal("0011-1100-1111-0000-ABCD", receipt!.Value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7KQ2-M9XD-4HTR-E8PA-WZ3")]
    [InlineData("7KQ2-M9XD-4HTR-E8PA-WZ3CX")]
    [InlineData("7KQ2-M9XD-4HTR-E8PA-WZ3U")]
    [InlineData("7KQ2-M9XD-4HTR-E8PA-WZ3!")]
    [InlineData("7KQ2/M9XD/4HTR/E8PA/WZ3C")]
    public void Parsing_refuses_what_cannot_be_a_receipt(string? typed) => Assert.False(Receipt.TryParse(typed, out _));

    [Fact]
    public void The_lookup_id_depends_on_the_pepper_and_the_feedback_key_does_not()
    {
        var receipt = Receipt.New();
        var one = new ReceiptKeys(Enumerable.Repeat((byte)1, 32).ToArray());
        var two = new ReceiptKeys(Enumerable.Repeat((byte)2, 32).ToArray());
        Assert.Equal(one.LookupId(receipt), one.LookupId(receipt));
        Assert.NotEqual(one.LookupId(receipt), two.LookupId(receipt));
        Assert.NotEqual(one.LookupId(receipt), one.LookupId(Receipt.New()));
        Assert.Equal(ReceiptDerivation.FeedbackKey(receipt), ReceiptDerivation.FeedbackKey(receipt));
        Assert.NotEqual(ReceiptDerivation.FeedbackKey(receipt), ReceiptDerivation.FeedbackKey(Receipt.New()));
        Assert.NotEqual(one.LookupId(receipt), ReceiptDerivation.FeedbackKey(receipt));
    }

    [Fact]
    public void A_loosely_typed_receipt_derives_the_same_keys()
    {
        var keys = new ReceiptKeys(new byte[32]);
        var receipt = Receipt.New();
        Assert.True(Receipt.TryParse(receipt.ToString().ToLowerInvariant().Replace('-', ' '), out var typed));
        Assert.Equal(keys.LookupId(receipt), keys.LookupId(typed!.Value));
    }
}
