using Jebo.Screening.Similarity;

namespace Jebo.Screening.Tests.Similarity;

/// <summary>The combined score of <see cref="RelatedClueIndex.Relate"/>: wording, rare entities and conflicting
/// specifics, with structured reasons.</summary>
public sealed class RelatedCluesTests
{
    private const string Market =
        "꼴망파 조직원들이 청하시 동문구 새벽시장 상인들한테 매달 자릿세를 걷어갑니다. 연락은 010-3456-7890 번호로 합니다.";

    private static readonly string[] Others =
    [
        "칠갑파가 남포시 중앙구 한빛빌딩 지하에서 불법 도박장을 운영하고 있습니다.",
        "Members of the Dongjin gang sell drugs to customers at the Pureun club in Jungang-gu, Nampo.",
        "黄龙帮在青松公寓式办公楼设立呼叫中心搞电信诈骗。",
        "서문파가 가람시 북평구 큰길상가 자영업자들에게 사채를 빌려주고 이자를 받아냅니다.",
        "갈매기파 사람들이 솔뫼시 하포구 해님 아파트 신축 현장 출입구를 막고 공사를 방해합니다.",
    ];

    [Fact]
    public void Another_telling_in_other_words_is_related_with_reasons_a_page_can_word()
    {
        using var index = Index(out var market);
        var retold = Features(
            "동문구 새벽 시장에서 장사하는 사람들은 달마다 꼴망 파에게 보호비 명목으로 30만원씩 뜯기고 있습니다."
        );
        var match = Assert.Single(index.Relate(retold), m => m.Document == market);
        Assert.True(match.Score >= ClueScoring.RelatedThreshold, $"score {match.Score}");
        Assert.False(match.NearDuplicate);
        Assert.Contains(match.Reasons, r => r.Code == "same-gang" && r.Values.SequenceEqual(["꼴망 파"]));
        Assert.Contains(match.Reasons, r => r.Code == "same-venue");
        var wording = Assert.Single(match.Reasons, r => r.Code == "shared-wording");
        Assert.True(int.Parse(wording.Values[0], System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 100);
    }

    [Fact]
    public void A_light_edit_is_a_near_duplicate()
    {
        using var index = Index(out var market);
        var edited = Features(Market.Replace("상인들한테", "상인들에게", StringComparison.Ordinal).Replace("-", " "));
        var match = index.Relate(edited)[0];
        Assert.Equal(market, match.Document);
        Assert.True(match.NearDuplicate);
        Assert.Equal("near-copy", match.Reasons[0].Code);
    }

    [Fact]
    public void The_same_form_about_another_gang_and_market_is_not_related()
    {
        using var index = Index(out var market);
        var other = Features(
            Market
                .Replace("꼴망파", "칠갑파", StringComparison.Ordinal)
                .Replace("새벽시장", "한빛시장", StringComparison.Ordinal)
                .Replace("010-3456-7890", "010-9999-1111", StringComparison.Ordinal)
        );
        var match = Assert.Single(index.Relate(other, threshold: 0), m => m.Document == market);
        Assert.True(match.Score < ClueScoring.RelatedThreshold, $"score {match.Score}");
        Assert.False(match.NearDuplicate);
        Assert.Contains(match.Reasons, r => r.Code == "other-gang" && r.Values.SequenceEqual(["chilgap", "kkolmang"]));
        Assert.Contains(match.Reasons, r => r.Code == "other-venue");
        Assert.DoesNotContain(match.Reasons, r => r.Code == "shared-wording");
    }

    [Fact]
    public void The_same_gang_about_another_racket_elsewhere_is_not_related()
    {
        using var index = Index(out var market);
        var other = Features("꼴망파가 남포시 해안구 별빛 클럽에서 손님들에게 마약을 팝니다.");
        Assert.DoesNotContain(index.Relate(other), m => m.Document == market);
    }

    [Fact]
    public void A_report_in_english_meets_the_korean_one_by_its_names_and_phone()
    {
        using var index = Index(out var market);
        var english = Features(
            "The Kkolmang gang take money from the vendors at Saebyeok Market every month. "
                + "They call from +82 10 3456 7890."
        );
        var match = Assert.Single(index.Relate(english), m => m.Document == market);
        Assert.Contains(match.Reasons, r => r.Code == "same-phone");
        Assert.Contains(match.Reasons, r => r.Code == "same-gang");
    }

    [Fact]
    public void Reports_added_by_signature_and_entities_alone_still_relate_by_a_shared_phone()
    {
        using var index = new RelatedClueIndex();
        var first = index.Add(index.Hasher.Signature(Market), ["Phone:01034567890"]);
        var match = Assert.Single(index.Relate(Features("다른 내용입니다. 010-3456-7890 으로 연락이 옵니다.")));
        Assert.Equal(first, match.Document);
        Assert.Contains(match.Reasons, r => r.Code == "same-phone" && r.Values.SequenceEqual(["01034567890"]));
    }

    [Fact]
    public void Pruned_candidates_answer_as_scoring_every_candidate_in_full_would()
    {
        // One form filled in about many gangs, markets and phones (near copies with conflicting specifics, which the
        // index leaves unscored below the threshold), some about the same gang or market, and other reports.
        string[] gangs = ["꼴망파", "칠갑파", "서문파", "갈매기파", "동진파", "황룡파"];
        string[] markets = ["새벽시장", "한빛시장", "큰길상가", "해님시장", "중앙시장"];
        using var index = new RelatedClueIndex();
        for (var i = 0; i < 300; i++)
        {
            var text = Market
                .Replace("꼴망파", gangs[i % gangs.Length], StringComparison.Ordinal)
                .Replace("새벽시장", markets[i / gangs.Length % markets.Length], StringComparison.Ordinal)
                .Replace(
                    "7890",
                    (7000 + (i % 40)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    StringComparison.Ordinal
                );
            var features = Features(i % 9 == 0 ? Others[i % Others.Length] + " " + text[..20] : text);
            // Some as a restart without stored wording adds them (signature and entities), some by signature alone:
            // their wording shares nothing, so only a near copy without conflicts answers.
            _ = (i % 3) switch
            {
                0 => index.Add(features),
                1 => index.Add(features.Signature, features.EntityKeys),
                _ => index.Add(features.Signature, []),
            };
            if (i == 200)
            {
                index.Compact();
            }
        }

        string[] queries =
        [
            Market,
            Market.Replace("꼴망파", "황룡파", StringComparison.Ordinal),
            "동문구 새벽 시장에서 장사하는 사람들은 달마다 꼴망 파에게 보호비 명목으로 30만원씩 뜯기고 있습니다.",
            "The Kkolmang gang take money from the vendors at Saebyeok Market every month.",
            Others[0],
        ];
        foreach (var query in queries.Select(Features))
        {
            var everything = index.Relate(query, threshold: 0, limit: int.MaxValue);
            foreach (var limit in new[] { 1, 10, 30, 1000 })
            {
                var expected = everything
                    .Where(m => m.Score >= ClueScoring.RelatedThreshold || m.NearDuplicate)
                    .Take(limit)
                    .Select(Describe);
                Assert.Equal(expected, index.Relate(query, limit: limit).Select(Describe));
            }
        }

        Assert.Contains(
            index.Relate(
                Features(Market.Replace("꼴망파", "황룡파", StringComparison.Ordinal)),
                threshold: 0,
                limit: 1000
            ),
            m => m.Similarity >= ClueScoring.NearDuplicateThreshold && !m.NearDuplicate
        );

        static string Describe(ClueMatch m) =>
            $"{m.Document} {m.Score:R} {m.NearDuplicate} "
            + string.Join("; ", m.Reasons.Select(r => r.Code + " " + string.Join(",", r.Values)));
    }

    [Fact]
    public void A_form_sent_more_often_than_a_band_follows_meets_its_newest_copies()
    {
        // Copies added by signature alone share no posted term, so only the bands can meet them: the first 100 fall
        // outside the newest CommonBandLimit of every bucket, whether merged into the sorted arrays or in the delta.
        const string form = "조직폭력 관련 제보입니다. 확인 부탁드립니다. 신고자는 익명을 원합니다. 감사합니다.";
        using var index = new RelatedClueIndex();
        var copies = RelatedClueIndex.CommonBandLimit + 100;
        for (var i = 0; i < copies; i++)
        {
            index.Add(index.Hasher.Signature(form), []);
            if (i == copies / 2)
            {
                index.Compact();
            }
        }

        var matches = index.Relate(Features(form), limit: int.MaxValue);
        Assert.Equal(RelatedClueIndex.CommonBandLimit, matches.Count);
        Assert.All(matches, m => Assert.True(m.NearDuplicate));
        Assert.Equal(100, matches.Min(m => m.Document));
        Assert.Equal(copies - 1, matches.Max(m => m.Document));
    }

    [Fact]
    public void Only_documents_added_before_the_one_given_are_answered()
    {
        // The market report, a copy of it by signature alone (met only through the bands), and one by its wording and
        // entities: each answers only while numbered below the bound.
        using var index = Index(out var market);
        var bySignature = index.Add(Features(Market).Signature, []);
        index.Compact();
        var byWording = index.Add(Features(Market));
        var query = Features(Market);
        Assert.Equal([market, bySignature, byWording], index.Relate(query, limit: 100).Select(m => m.Document).Order());
        Assert.Equal(
            [market, bySignature],
            index.Relate(query, limit: 100, before: byWording).Select(m => m.Document).Order()
        );
        Assert.Equal([market], index.Relate(query, limit: 100, before: bySignature).Select(m => m.Document));
        Assert.Empty(index.Relate(query, limit: 100, before: market));
    }

    private static RelatedClueIndex Index(out int market)
    {
        var index = new RelatedClueIndex();
        foreach (var other in Others)
        {
            index.Add(Features(other));
        }

        market = index.Add(Features(Market));
        index.Compact();
        return index;
    }

    private static ClueFeatures Features(string text) => ClueFeatures.Of(new MinHasher(), text);
}
