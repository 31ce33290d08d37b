using Jebo.Screening.Entities;

namespace Jebo.Screening.Tests.Entities;

public sealed class ClueSpecificsTests
{
    private static List<string> Keys(string text) => [.. ClueSpecifics.Find(text).Select(s => s.Entity.Key)];

    [Theory]
    [InlineData("꼴망파가 시장 상인들한테 돈을 걷어갑니다.")]
    [InlineData("꼴망 파 애들이 노점을 돌면서 돈을 받는다")]
    [InlineData("Members of the Kkolmang gang collect fees.")]
    [InlineData("every stall must give money to kkolmang gang")]
    public void A_gang_is_one_key_in_korean_and_english(string text) => Assert.Contains("Gang:kkolmang", Keys(text));

    [Fact]
    public void A_chinese_gang_is_keyed_in_hanzi_and_help_is_no_gang()
    {
        Assert.Contains("Gang:骨望", Keys("请帮帮我们。骨望帮的人每月到东门市场收取摊位费。"));
        Assert.DoesNotContain(Keys("请帮帮我们。他们帮老板收钱。"), k =>
            k.StartsWith("Gang:", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("모래를 파는 사람들이 있다")]
    [InlineData("주말 파티에 사람들이 온다")]
    public void Words_with_pa_are_no_gangs(string text) =>
        Assert.DoesNotContain(Keys(text), k => k.StartsWith("Gang:", StringComparison.Ordinal));

    [Fact]
    public void A_district_and_a_venue_are_keyed_alike_in_korean_and_english()
    {
        var korean = Keys("청하시 동문구에 있는 새벽시장에서 벌어지는 일입니다.");
        var english = Keys("This happens at Saebyeok Market in Dongmun-gu, Cheongha.");
        Assert.Contains("Place:dongmun", korean);
        Assert.Contains("Place:dongmun", english);
        Assert.Contains("Venue:market:saebyeok", korean);
        Assert.Contains("Venue:market:saebyeok", english);
    }

    [Fact]
    public void A_venue_keeps_its_kind_and_a_port_is_not_read_into_a_longer_word()
    {
        Assert.Contains("Venue:building:saebyeok", Keys("새벽빌딩 지하에서 도박판이 벌어집니다"));
        Assert.DoesNotContain(Keys("누리시 항만구 쪽입니다"), k => k.StartsWith("Venue:", StringComparison.Ordinal));
        Assert.Contains("Venue:club:大海", Keys("黎明帮在大海夜店卖毒品"));
        Assert.Contains("Venue:carpark:大路", Keys("大路公共停车场工程招标"));
    }

    [Fact]
    public void A_quoted_nickname_is_an_alias_with_the_words_the_clue_used()
    {
        var alias = Assert.Single(ClueSpecifics.Find("두목 별명이 '독사'입니다."), s =>
            s.Entity.Kind == EntityKind.Alias
        );
        Assert.Equal("독사", alias.Entity.Value);
        Assert.Equal("'독사'", alias.Written);
    }
}
