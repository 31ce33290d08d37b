using Jebo.Screening.Normalization;
using Jebo.Screening.Similarity;

namespace Jebo.Screening.Tests.Similarity;

public sealed class RelatedClueIndexTests
{
    private const string Original =
        "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체들에게 매달 보호비를 요구하고 거절하면 장비를 부숩니다.";
    private const string Reworded =
        "부산 사하구 건설 현장에서 칠성파 조직원들이 하도급 업체에게 매달 보호비를 요구하며 거절하면 장비를 부순다고 합니다.";
    private const string Unrelated =
        "서울 종로구 어느 클럽에서 외국인 조직이 마약을 유통하고 있다는 소문이 있습니다. 주말마다 거래가 이루어집니다.";

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
        var match = Assert.Single(
            index.Query(index.Hasher.Signature("전혀 다른 내용의 제보입니다 사채업자"), ["Phone:01012345678"])
        );
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
    public void Signatures_are_the_fixed_hash_family_taken_one_position_at_a_time()
    {
        // Stored signatures are compared with new ones for years: whatever way the hashes are computed, they must stay
        // the minimum over shingles of this family (seeded SplitMix64 multipliers and offsets, FNV-1a per shingle).
        var hasher = new MinHasher();
        foreach (
            var text in new[]
            {
                "",
                "가",
                "가나",
                "가나다",
                Original,
                Reworded + " " + Unrelated,
                "𠮷野家で 😀 Ab-12 34",
                new string('x', 5000),
            }
        )
        {
            Assert.Equal(ReferenceSignature(text), hasher.Signature(text));
        }
    }

    [Fact]
    public void A_query_answers_as_sorting_every_candidate_would()
    {
        // Thousands of near-copies meet in every band, as a bundle of similar reports does; some share a phone, and one
        // organisation is too common to count. Part of the index is merged into the sorted arrays, part still in the
        // delta.
        using var index = new RelatedClueIndex();
        var random = new Random(11);
        var signatures = new List<uint[]>();
        var entityKeys = new List<string[]>();
        for (var i = 0; i < 3000; i++)
        {
            var text = i % 4 == 0 ? Noise(random) : Original + " " + Noise(random)[..random.Next(1, 12)];
            string[] keys =
            [
                .. new[]
                {
                    i % 7 == 0 ? $"Phone:0101234{i % 5:D4}" : null,
                    i % 6 != 0 ? "Organization:칠성파" : null,
                }.OfType<string>(),
            ];
            signatures.Add(index.Hasher.Signature(text));
            entityKeys.Add(keys);
            index.Add(signatures[^1], keys);
            if (i == 1800)
            {
                index.Compact();
            }
        }

        var queries = new (string Text, string[] Keys)[]
        {
            (Original, []),
            (Reworded, ["Phone:01012340003"]),
            (Unrelated, ["Phone:01012340001", "Phone:01012340001"]),
            (Noise(random), ["Organization:칠성파"]),
            ("", []),
        };
        Assert.True(
            index.Query(index.Hasher.Signature(Original), [], limit: 5000).Count > 1000,
            "the near-copies should meet the query"
        );
        foreach (var (text, keys) in queries)
        {
            var signature = index.Hasher.Signature(text);
            foreach (var limit in new[] { 1, 10, 30, 100, 5000 })
            {
                foreach (var exclude in new[] { -1, 5, 2999 })
                {
                    var expected = Reference(signatures, entityKeys, signature, keys, limit, exclude);
                    var actual = index.Query(signature, keys, limit: limit, exclude: exclude);
                    Assert.Equal(expected.Select(Describe), actual.Select(Describe));
                }
            }
        }

        static string Describe(RelatedMatch m) =>
            $"{m.Document} {m.Similarity:R} [{string.Join(", ", m.SharedEntities)}]";
    }

    [Fact]
    public void Queries_side_by_side_answer_as_one_at_a_time()
    {
        using var index = new RelatedClueIndex();
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            index.Add(
                index.Hasher.Signature(i % 2 == 0 ? Original + Noise(random)[..5] : Noise(random)),
                [$"Phone:010{i % 50:D8}"]
            );
        }

        var probes = Enumerable
            .Range(0, 200)
            .Select(i =>
                (Signature: index.Hasher.Signature(i % 2 == 0 ? Reworded : Noise(random)), Key: $"Phone:010{i % 60:D8}")
            )
            .ToList();
        var serial = probes.Select(p => Answer(p.Signature, p.Key)).ToList();
        var parallel = new string[probes.Count];
        Parallel.For(0, probes.Count, i => parallel[i] = Answer(probes[i].Signature, probes[i].Key));
        Assert.Equal(serial, parallel);

        string Answer(uint[] signature, string key) =>
            string.Join(
                "; ",
                index
                    .Query(signature, [key], limit: 30)
                    .Select(m => $"{m.Document} {m.Similarity:R} {string.Join(",", m.SharedEntities)}")
            );
    }

    [Fact]
    public void The_index_stays_within_a_kibibyte_per_report() =>
        Assert.True(RelatedClueIndex.BytesPerReport(new MinHasher()) <= 1024);

    /// <summary>The query's definition, the slow way: every document sharing a band bucket or an entity (one held by at
    /// most <see cref="RelatedClueIndex.CommonEntityLimit"/> documents), all sorted.</summary>
    private static List<RelatedMatch> Reference(
        List<uint[]> signatures,
        List<string[]> entityKeys,
        uint[] signature,
        string[] keys,
        int limit,
        int exclude
    )
    {
        var shared = new Dictionary<int, List<string>>();
        foreach (var key in keys.Distinct())
        {
            var postings = Enumerable.Range(0, signatures.Count).Where(d => entityKeys[d].Contains(key)).ToList();
            if (postings.Count <= RelatedClueIndex.CommonEntityLimit)
            {
                foreach (var document in postings)
                {
                    (shared.TryGetValue(document, out var names) ? names : shared[document] = []).Add(key);
                }
            }
        }

        return
        [
            .. Enumerable
                .Range(0, signatures.Count)
                .Where(d =>
                    d != exclude
                    && (
                        shared.ContainsKey(d)
                        || Enumerable
                            .Range(0, RelatedClueIndex.Bands)
                            .Any(b => BandKey(b, signature) == BandKey(b, signatures[d]))
                    )
                )
                .Select(d => new RelatedMatch(
                    d,
                    MinHasher.Similarity(signature, signatures[d]),
                    shared.GetValueOrDefault(d) ?? []
                ))
                .Where(m => m.Similarity >= 0.3 || m.SharedEntities.Count > 0)
                .OrderByDescending(m => m.SharedEntities.Count > 0)
                .ThenByDescending(m => m.Similarity)
                .ThenBy(m => m.Document)
                .Take(limit),
        ];
    }

    private static ulong BandKey(int band, uint[] signature)
    {
        var hash = 2166136261u;
        foreach (var value in signature.AsSpan(band * 4, 4))
        {
            hash = (hash ^ value) * 16777619u;
            hash ^= hash >> 15;
        }

        return ((ulong)band << 28) | (hash & 0x0FFFFFFF);
    }

    private static uint[] ReferenceSignature(string text)
    {
        var state = 0x4A45424F53434E52UL;
        var family = Enumerable
            .Range(0, MinHasher.DefaultHashes)
            .Select(_ => (Multiplier: SplitMix(ref state) | 1, Offset: SplitMix(ref state)))
            .ToList();
        var signature = Enumerable.Repeat(uint.MaxValue, MinHasher.DefaultHashes).ToArray();
        var normalized = TextNormalizer.Normalize(text).Replace(" ", "", StringComparison.Ordinal);
        for (var start = 0; normalized.Length > 0 && start < Math.Max(1, normalized.Length - 2); start++)
        {
            var shingle = 14695981039346656037UL;
            foreach (var c in normalized.AsSpan(start, Math.Min(3, normalized.Length - start)))
            {
                shingle = (shingle ^ c) * 1099511628211UL;
            }

            for (var i = 0; i < signature.Length; i++)
            {
                signature[i] = Math.Min(
                    signature[i],
                    (uint)(((shingle * family[i].Multiplier) + family[i].Offset) >> 32)
                );
            }
        }

        return signature;

        static ulong SplitMix(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static string Noise(Random random)
    {
        const string syllables = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호";
        return new string([.. Enumerable.Range(0, 80).Select(_ => syllables[random.Next(syllables.Length)])]);
    }
}
