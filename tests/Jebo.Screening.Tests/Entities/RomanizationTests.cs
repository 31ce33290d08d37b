using Jebo.Screening.Entities;

namespace Jebo.Screening.Tests.Entities;

public sealed class RomanizationTests
{
    [Theory]
    [InlineData("꼴망", "kkolmang")]
    [InlineData("동문", "dongmun")]
    [InlineData("칠갑", "chilgap")]
    [InlineData("모래내", "moraenae")]
    [InlineData("황룡", "hwangnyong")]
    [InlineData("물레방아", "mullebanga")]
    [InlineData("신라", "silla")]
    [InlineData("백로", "baengno")]
    [InlineData("큰길 club", "keungil club")]
    public void Hangul_is_written_as_the_revised_romanization_writes_it(string hangul, string latin) =>
        Assert.Equal(latin, Romanization.Of(hangul));
}
