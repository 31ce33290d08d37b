using Jebo.Screening.Similarity;

namespace Jebo.Screening.Tests.Similarity;

public sealed class LexicalTermsTests
{
    [Fact]
    public void Korean_particles_and_endings_do_not_change_the_terms()
    {
        Assert.Equal(LexicalTerms.Of("꼴망파가 보호비를 요구합니다"), LexicalTerms.Of("꼴망파는 보호비 요구한다"));
        Assert.Equal(LexicalTerms.Of("꼴망파한테"), LexicalTerms.Of("꼴망파에게"));
    }

    [Fact]
    public void A_word_spaced_differently_keeps_most_of_its_terms()
    {
        var spaced = LexicalTerms.Of("경쟁 업체 사장을 찾아가");
        var joined = LexicalTerms.Of("경쟁업체사장을 찾아가");
        Assert.True(spaced.Intersect(joined).Count() * 2 > joined.Count, "fewer than half the terms shared");
    }

    [Fact]
    public void English_function_words_and_numbers_give_no_terms_and_endings_are_dropped()
    {
        Assert.Empty(LexicalTerms.Of("the and of to 010-1234-5678 2024"));
        Assert.Equal(LexicalTerms.Of("gangs collected"), LexicalTerms.Of("gang collect"));
    }

    [Theory]
    [InlineData("꼴망파가 돈을 걷는다 OK", 'k')]
    [InlineData("骨望帮的人 Kim", 'h')]
    [InlineData("The Kkolmang gang 꼴망파", 'l')]
    [InlineData("010-1234-5678", 'o')]
    public void A_text_is_in_the_script_of_most_of_its_letters(string text, char script) =>
        Assert.Equal(script, LexicalTerms.Script(text));
}
