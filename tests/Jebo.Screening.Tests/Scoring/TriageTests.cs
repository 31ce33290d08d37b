using Jebo.Screening.Scoring;

namespace Jebo.Screening.Tests.Scoring;

/// <summary>The screening queue's priority (in scope 4, urgent 2, complete 1) and the out-of-scope suggestion, with
/// reasons as codes and values.</summary>
public sealed class TriageTests
{
    private static TriageResult Judge(
        string description,
        string? category = null,
        string? region = null,
        string? when = null,
        string? where = null,
        string[]? names = null,
        string[]? organisations = null,
        int officials = 0
    )
    {
        var input = new ScreeningInput(
            description,
            category,
            region,
            when,
            where,
            names ?? [],
            organisations ?? [],
            officials
        );
        return Triage.Judge(input, Screener.Screen(input));
    }

    [Fact]
    public void A_Korean_racket_with_threats_and_every_fact_is_in_scope_urgent_and_complete()
    {
        var result = Judge(
            "칠성파 조직원들이 시장 상인들에게 매주 보호비를 갈취하고, 신고하면 가게를 부수겠다고 협박합니다. 지금도 "
                + "찾아옵니다.",
            "protection-racket",
            "26380",
            "매주 금요일 밤",
            "괴정시장",
            ["김철수"],
            ["칠성파"]
        );
        Assert.Equal(TriageParts.InScope | TriageParts.Urgent | TriageParts.Complete, result.Parts);
        Assert.Equal(7, result.Priority);
        Assert.Contains(result.Reasons, r => r.Code == "in-scope" && r.Values.Contains("protection money"));
        Assert.Contains(result.Reasons, r => r.Code == "urgent" && r.Values.SequenceEqual(["threats", "ongoing"]));
        Assert.Contains(result.Reasons, r => r.Code == "complete");
    }

    [Fact]
    public void An_incomplete_clue_names_what_is_missing_and_ranks_below_a_complete_one()
    {
        var result = Judge("보호비 갈취", "protection-racket");
        Assert.Equal(TriageParts.InScope, result.Parts);
        Assert.Contains(result.Reasons, r =>
            r.Code == "incomplete" && r.Values.SequenceEqual(["who", "what", "where", "when"])
        );
        Assert.True(result.Priority < 5);
    }

    [Theory]
    [InlineData("윗집 층간소음 때문에 매번 다툽니다. 이웃끼리 해결이 안 됩니다.", "neighbour-dispute")]
    [InlineData("아파트 앞 불법주차 차량을 단속해 주세요.", "traffic")]
    [InlineData("My neighbour plays loud music every night.", "neighbour-dispute")]
    [InlineData("小区门口总有人乱停车，交通堵塞。", "traffic")]
    public void A_complaint_for_another_office_is_suggested_out_of_scope(string description, string why)
    {
        var result = Judge(description);
        Assert.True(result.Parts.HasFlag(TriageParts.OutOfScope));
        Assert.False(result.Parts.HasFlag(TriageParts.InScope));
        Assert.Contains(result.Reasons, r => r.Code == "out-of-scope" && r.Values.Contains(why));
        // A suggestion is not part of the priority.
        Assert.InRange(result.Priority, 0, 3);
    }

    [Fact]
    public void A_clue_about_officials_shielding_a_gang_is_never_suggested_out_of_scope()
    {
        var result = Judge("구청 주차 단속 공무원이 조직의 불법 주차장을 눈감아 줍니다.", officials: 1);
        Assert.True(result.Parts.HasFlag(TriageParts.InScope));
        Assert.False(result.Parts.HasFlag(TriageParts.OutOfScope));
        Assert.Contains(result.Reasons, r => r.Code == "in-scope" && r.Values.Contains("officials"));
    }

    [Fact]
    public void Nothing_about_organised_crime_is_suggested_out_of_scope_as_such()
    {
        var result = Judge("택배가 늦게 와서 불편합니다.");
        Assert.Contains(result.Reasons, r =>
            r.Code == "out-of-scope" && r.Values.SequenceEqual(["no-organised-crime"])
        );
    }

    [Theory]
    [InlineData("They threatened to kill the shop owner tomorrow if he talks.", "threats")]
    [InlineData("他们威胁店主，明天再来收保护费。", "imminent")]
    [InlineData("흉기를 들고 상인들을 위협했습니다.", "violence")]
    public void Danger_is_read_in_Korean_English_and_Chinese(string description, string kind)
    {
        var result = Judge(description);
        Assert.True(result.Parts.HasFlag(TriageParts.Urgent));
        Assert.Contains(result.Reasons, r => r.Code == "urgent" && r.Values.Contains(kind));
    }

    [Fact]
    public void Every_value_a_reason_carries_is_listed_for_translation()
    {
        var result = Judge("택배가 늦게 와서 불편합니다. 옆집 주차도 문제이고, 내일 또 협박하겠다고 합니다.");
        Assert.All(result.Reasons.Where(r => r.Code != "in-scope").SelectMany(r => r.Values), v =>
            Assert.Contains(v, Triage.Values)
        );
    }
}
