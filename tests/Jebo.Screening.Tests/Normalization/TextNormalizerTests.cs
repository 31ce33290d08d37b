using Jebo.Screening.Normalization;

namespace Jebo.Screening.Tests.Normalization;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("  Ａｂｃ　１２３ ", "abc 123")]
    [InlineData("칠성파—조직원들이 (부산)", "칠성파 조직원들이 부산")]
    [InlineData("𠮷野家で 😀 見た", "𠮷野家で 😀 見た")]
    [InlineData("a\u200Bb\tc\r\nd", "a b c d")]
    public void Text_is_folded_lowered_and_its_separators_collapsed(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Fact]
    public void Text_taken_as_already_nfkc_is_what_nfkc_gives_and_lowers_as_the_runtime_does()
    {
        // Characters at and beside the edges of the ranges taken as they are, and ones NFKC changes or composes:
        // full-width letters, the ideographic space, compatibility Hangul and Hanzi, conjoining jamo, a combining
        // accent, a ligature.
        char[] inside =
        [
            'a',
            'Z',
            '0',
            ' ',
            '-',
            '\u007F',
            '\uAC00',
            '\uAC01',
            '\uD7A3',
            '\u4E00',
            '\u9FFF',
            '칠',
            '龍',
        ];
        char[] outside =
        [
            '\u0080',
            '\u00C9',
            '\u0301',
            '\u1100',
            '\u1161',
            '\u11A8',
            '\u3000',
            '\u3131',
            '\uAB00',
            '\uD7A4',
            '\uF900',
            '\uFB01',
            '\uFF21',
            '\uFF10',
            '\uA000',
            '\u4DFF',
        ];
        var random = new Random(17);
        var taken = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var pool = i % 2 == 0 ? inside : [.. inside, .. outside];
            var text = new string([
                .. Enumerable.Range(0, random.Next(1, 12)).Select(_ => pool[random.Next(pool.Length)]),
            ]);
            Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormKC), TextNormalizer.Nfkc(text));
            Assert.Equal(text.ToLowerInvariant(), TextNormalizer.Lower(text));
            if (TextNormalizer.AlreadyNfkc(text))
            {
                taken++;
                Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormKC), text);
            }
            else
            {
                Assert.Contains(text, c => outside.Contains(c));
            }
        }

        Assert.True(taken > 2_500, $"{taken} taken as they are");
        // A syllable and a trailing jamo compose: not taken as it is.
        Assert.False(TextNormalizer.AlreadyNfkc("\uAC00\u11A8"));
        Assert.Equal("각", TextNormalizer.Normalize("\uAC00\u11A8"));
    }
}
