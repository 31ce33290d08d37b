using Jebo.Casework.Search;

namespace Jebo.Casework.Tests.Search;

public sealed class SearchTermsTests
{
    [Fact]
    public void Korean_and_Chinese_runs_are_indexed_in_pairs_and_asked_as_phrases()
    {
        var terms = SearchTerms.Document("칠성파가 보호비를 걷습니다. 收取保护费").Split(' ');
        Assert.Contains("보호", terms);
        Assert.Contains("호비", terms);
        Assert.Contains("保护", terms);
        Assert.Equal("\"보호 호비\"", SearchTerms.Query("보호비")!.Fts5());
        Assert.Equal("\"保护 护费\"", SearchTerms.Query("保护费")!.Fts5());
        Assert.Equal("('보호' <-> '호비')", SearchTerms.Query("보호비")!.TsQuery());
    }

    [Theory]
    [InlineData("010-3456-7890")]
    [InlineData("01034567890")]
    [InlineData("010 3456 7890")]
    [InlineData("+82 10-3456-7890")]
    [InlineData("+82 10 3456 7890")]
    [InlineData("010.3456.7890")]
    public void Every_spelling_of_a_phone_asks_for_its_one_normalised_term(string written)
    {
        var query = SearchTerms.Query(written)!;
        Assert.Equal("\"01034567890\"", query.Fts5());
        Assert.Contains("01034567890", SearchTerms.Document("돈은 010-3456-7890 번호로 보내라고 합니다").Split(' '));
        Assert.NotNull(SearchExcerpt.Find("돈은 010-3456-7890 번호로 보내라고 합니다", query));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("NEAR(")]
    [InlineData("%_")]
    [InlineData("a\" OR \"b")]
    [InlineData("x' & !y:* | (z")]
    public void Query_syntax_characters_never_reach_the_expression(string hostile)
    {
        var query = SearchTerms.Query(hostile);
        foreach (var term in query?.Phrases.SelectMany(p => p.Terms) ?? [])
        {
            Assert.All(term, c => Assert.True(char.IsLetterOrDigit(c), $"'{c}' in term '{term}'"));
        }
    }

    [Fact]
    public void A_very_long_query_is_read_up_to_its_limit()
    {
        var query = SearchTerms.Query(string.Concat(Enumerable.Repeat("보호비 ", 10_000)))!;
        Assert.Equal(SearchTerms.MaxQueryWords, query.Phrases.Count);
    }

    [Fact]
    public void The_excerpt_is_the_passage_around_the_match()
    {
        var text =
            string.Concat(Enumerable.Repeat("시장 ", 40)) + "칠성파 조직원이 보호비를 걷습니다" + new string('.', 200);
        var excerpt = SearchExcerpt.Find(text, SearchTerms.Query("보호비")!);
        Assert.NotNull(excerpt);
        Assert.Contains("보호비", excerpt, StringComparison.Ordinal);
        Assert.StartsWith("…", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length < 2 * SearchExcerpt.Context + 20, excerpt);
    }
}
