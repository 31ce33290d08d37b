using Jebo.Screening.Entities;

namespace Jebo.Screening.Tests.Entities;

/// <summary>Korean gang names followed by a particle, the copula or a word run on to them are found; words that merely
/// contain or end in 파 are not.</summary>
public sealed class KoreanGangNamesTests
{
    [Theory]
    [InlineData("꼴망파라는 조직이 시장을 장악했다", "꼴망파")]
    [InlineData("꼴망파에게 매달 돈을 바칩니다", "꼴망파")]
    [InlineData("예전에 칠성파였던 사람이 두목입니다", "칠성파")]
    [InlineData("꼴망파 조직원들이 가게를 돌아다녀요", "꼴망파")]
    [InlineData("그 사람들 칠성파인데 경찰도 알아요", "칠성파")]
    [InlineData("솔개파한테서 협박 전화가 왔습니다", "솔개파")]
    [InlineData("소금창고파이었던 놈들", "소금창고파")]
    [InlineData("배후는 양은이파라고 들었어요", "양은이파")]
    [InlineData("꼴망파조직원들이 몰려왔다", "꼴망파")]
    [InlineData("꼴망파에게보호비를 줬다", "꼴망파")]
    [InlineData("꼴망 파 애들이 노점을 돌면서", "꼴망파")]
    [InlineData("칠성식구파는 해산했다", "칠성식구파")]
    [InlineData("칠성파.", "칠성파")]
    public void A_name_before_grammar_is_a_gang(string text, string gang) =>
        Assert.Equal([gang], KoreanGangNames.Find(text).Select(g => g.Name));

    /// <summary>Hard negatives: a word beginning with 파 after a word (파라다이스, 파도, 파이, 파티, 파출소), a word
    /// ending in 파 that names a faction, a school, a wave, a vegetable, a district or a feeling (정파, 강경파, 인상파,
    /// 전파, 양파, 송파, 아파), and digging (파다) after a spaced word.</summary>
    [Theory]
    [InlineData("호텔파라다이스에서 도박판이 열린다")]
    [InlineData("큰파도가 몰려와 배가 흔들렸다")]
    [InlineData("사과파이를 팔던 가게")]
    [InlineData("주말 파티에 사람들이 온다")]
    [InlineData("동네파출소에 신고했어요")]
    [InlineData("무협지에서 정파와 사파가 싸운다")]
    [InlineData("당내 강경파가 반대했다")]
    [InlineData("인상파 화가의 그림")]
    [InlineData("소문이 전파를 타고 퍼졌다")]
    [InlineData("양파를 도매로 넘기는 상인")]
    [InlineData("송파에서 만났습니다")]
    [InlineData("배가 아파서 병원에 갔다")]
    [InlineData("땅이 움푹 파였다")]
    [InlineData("모래를 파는 사람들이 있다")]
    [InlineData("새파란 옷을 입은 남자")]
    public void A_word_with_pa_is_no_gang(string text) => Assert.Empty(KoreanGangNames.Find(text));

    [Fact]
    public void Screening_and_related_clues_see_the_same_gang_after_the_copula()
    {
        var entities = EntityExtractor.Extract("꼴망파라는 조직이 보호비를 뜯어요");
        Assert.Contains(new Entity(EntityKind.Organization, "꼴망파"), entities);
        var specific = Assert.Single(ClueSpecifics.Find("칠성파였던 놈들이 돌아왔다"), s =>
            s.Entity.Kind == EntityKind.Gang
        );
        Assert.Equal("칠성파", specific.Written);
        Assert.Equal(ClueSpecifics.Find("Chilseong gang").Single().Entity, specific.Entity);
    }
}
