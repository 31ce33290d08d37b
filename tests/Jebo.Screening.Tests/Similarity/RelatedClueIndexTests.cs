using Jebo.Screening.Similarity;

namespace Jebo.Screening.Tests.Similarity;

public sealed class RelatedClueIndexTests
{
    private const string Original = "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체들에게 매달 보호비를 요구하고 거절하면 장비를 부숩니다.";
    private const string Reworded = "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체에게 매달 보호비를 요구하며 거절하면 장비를 부순다고 합니다.";
    private const string Unrelated = "서울 종로구 어느 클럽에서 외국인 조직이 마약을 유통하고 있다는 소문이 있습니다. 주말마다 거래가 이루어집니다.";

    [Fact]
    public void Similar_texts_have_high_estimated_similarity_and_unrelated_ones_low()
    {
        var hasher = new MinHasher();
        Assert.Equal(1.0, MinHasher.Similarity(hasher.Signature(Original), hasher.Signature(Original)));
        Assert.True(MinHasher.Similarity(hasher.Signature(Original), hasher.Signature(Reworded)) > 0.5);
        Assert.True(MinHasher.Similarity(hasher.Signature(Original), hasher.Signature(Unrelated)) < 0.2);
    }

    [Fact]
    public void A_reworded_report_finds_the_original_among_many_others()
    {
        using var index = new RelatedClueIndex();
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            index.Add(index.Hasher.Signature(Noise(random)), []);
        }

        var original = index.Add(index.Hasher.Signature(Original), []);
        index.Compact();
        for (var i = 0; i < 100; i++)
        {
            index.Add(index.Hasher.Signature(Noise(random)), []);
        }

        var matches = index.Query(index.Hasher.Signature(Reworded), []);
        Assert.Equal(original, matches[0].Document);
        Assert.True(matches[0].Similarity > 0.5);
        Assert.DoesNotContain(index.Query(index.Hasher.Signature(Unrelated), []), m => m.Document == original);
    }

    [Fact]
    public void A_shared_entity_relates_reports_whose_words_differ()
    {
        using var index = new RelatedClueIndex();
        var first = index.Add(index.Hasher.Signature(Original), ["Phone:01012345678"]);
        index.Add(index.Hasher.Signature(Unrelated), ["Phone:01099998888"]);
        var match = Assert.Single(index.Query(index.Hasher.Signature("전혀 다른 내용의 제보입니다 사채업자"), ["Phone:01012345678"]));
        Assert.Equal(first, match.Document);
        Assert.Equal(["Phone:01012345678"], match.SharedEntities);
    }

    [Fact]
    public void The_report_itself_can_be_left_out()
    {
        using var index = new RelatedClueIndex();
        var self = index.Add(index.Hasher.Signature(Original), []);
        Assert.Empty(index.Query(index.Hasher.Signature(Original), [], exclude: self));
    }

    [Fact]
    public void The_index_stays_within_a_kibibyte_per_report() =>
        Assert.True(RelatedClueIndex.BytesPerReport(new MinHasher()) <= 1024);

    private static string Noise(Random random)
    {
        const string syllables = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호";
        return new string([.. Enumerable.Range(0, 80).Select(_ => syllables[random.Next(syllables.Length)])]);
    }
}
