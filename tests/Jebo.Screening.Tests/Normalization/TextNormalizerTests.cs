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
}
