using System.Text.RegularExpressions;
using Jebo.Screening.Normalization;

namespace Jebo.Screening.Entities;

/// <summary>A specific named in a clue, as its key (<see cref="Entity"/>) and as the clue wrote it, for reasons a
/// person reads ("same gang 꼴망파").</summary>
public sealed record Specific(Entity Entity, string Written);

/// <summary>
/// The specifics that tell one matter from another: the gang, the district, the venue and nicknames, in Korean, English
/// and Chinese. A Korean name is keyed in Latin letters (<see cref="Romanization"/>), so <c>꼴망파</c> and
/// <c>Kkolmang gang</c> are one gang and <c>동문구</c> and <c>Dongmun-gu</c> one district; a Chinese name is keyed in
/// Hanzi. Venues are keyed with their kind (a market, a club, a building site), so 새벽시장 and Saebyeok Market meet and
/// 새벽시장 and 새벽빌딩 do not.
/// </summary>
public static partial class ClueSpecifics
{
    /// <summary>Venue words in the three languages and the kind each names.</summary>
    private static readonly Dictionary<string, string> VenueKinds = new(StringComparer.Ordinal)
    {
        ["시장"] = "market",
        ["market"] = "market",
        ["市场"] = "market",
        ["빌딩"] = "building",
        ["building"] = "building",
        ["大厦"] = "building",
        ["상가"] = "arcade",
        ["arcade"] = "arcade",
        ["商业街"] = "arcade",
        ["클럽"] = "club",
        ["club"] = "club",
        ["夜店"] = "club",
        ["마사지"] = "massage",
        ["massage"] = "massage",
        ["按摩店"] = "massage",
        ["오피스텔"] = "officetel",
        ["officetel"] = "officetel",
        ["公寓式办公楼"] = "officetel",
        ["천"] = "stream",
        ["stream"] = "stream",
        ["河"] = "stream",
        ["아파트"] = "apartment",
        ["apartment"] = "apartment",
        ["公寓"] = "apartment",
        ["주차장"] = "car-park",
        ["car park"] = "car-park",
        ["停车场"] = "car-park",
        ["유흥주점"] = "bar",
        ["bar"] = "bar",
        ["夜总会"] = "bar",
        ["항"] = "port",
        ["port"] = "port",
        ["港"] = "port",
        ["역"] = "station",
        ["station"] = "station",
        ["站"] = "station",
    };

    /// <summary>Words before a venue or gang word that name none ("our market", "the gang").</summary>
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "our",
        "their",
        "his",
        "her",
        "my",
        "local",
        "same",
        "by",
        "from",
        "to",
        "of",
        "for",
        "with",
        "at",
        "in",
        "and",
        "pay",
        "pays",
        "public",
        "hostess",
        "massage",
        "우리",
        "그",
        "이",
        "저",
        "근처",
        "동네",
        "재래",
        "전통",
        "어느",
        "이번",
        "해당",
        "공영",
        "공공",
    };

    /// <summary>Korean particles that may follow a name.</summary>
    private const string Particles = "은는이가을를의에도와과로랑";

    /// <summary>District words that are ordinary words (출입구 is a gate, 친구 a friend).</summary>
    private static readonly HashSet<string> NotPlaces = new(StringComparer.Ordinal)
    {
        "입",
        "출입",
        "친",
        "가",
        "연",
        "요",
        "도",
        "지",
        "창",
        "비상",
        "통",
        "항",
        "전",
        "어",
    };

    public static IReadOnlyList<Specific> Find(string? text)
    {
        var folded = TextNormalizer.Nfkc(text);
        var lower = TextNormalizer.Lower(folded);
        var found = new List<Specific>();
        foreach (var gang in KoreanGangNames.Find(folded))
        {
            // Keyed in Latin letters: a masked name (신OO파) names no gang to match.
            var name = gang.Name[..^1];
            if (name.All(c => c is >= '가' and <= '힣'))
            {
                Add(
                    found,
                    EntityKind.Gang,
                    Romanization.Of(name.EndsWith("식구", StringComparison.Ordinal) ? name[..^2] : name),
                    gang.Written
                );
            }
        }

        foreach (Match match in EnglishGang().Matches(lower))
        {
            if (Name(match.Groups["name"].Value) is { } name)
            {
                Add(found, EntityKind.Gang, name, match.Value);
            }
        }

        foreach (Match match in ChineseGang().Matches(folded))
        {
            // 他们帮, 我们帮: a pronoun before 帮 is someone helping.
            if (match.Groups["name"].Value.IndexOfAny(['们', '我', '你', '他', '她', '这', '那']) < 0)
            {
                Add(found, EntityKind.Gang, match.Groups["name"].Value, match.Value);
            }
        }

        foreach (Match match in KoreanPlace().Matches(folded))
        {
            if (!NotPlaces.Contains(match.Groups["name"].Value))
            {
                Add(found, EntityKind.Place, Romanization.Of(match.Groups["name"].Value), match.Value);
            }
        }

        foreach (Match match in EnglishPlace().Matches(lower))
        {
            Add(found, EntityKind.Place, match.Groups["name"].Value, match.Value);
        }

        foreach (Match match in ChinesePlace().Matches(folded))
        {
            Add(found, EntityKind.Place, match.Groups["name"].Value, match.Value);
        }

        foreach (Match match in KoreanVenue().Matches(folded))
        {
            // A one-syllable kind (항, 역, 천) ends the word or takes a particle: 항만구 is no port.
            var after = match.Index + match.Length < folded.Length ? folded[match.Index + match.Length] : ' ';
            var wordGoesOn =
                match.Groups["kind"].Length == 1 && after is >= '가' and <= '힣' && !Particles.Contains(after);
            if (!NotNames.Contains(match.Groups["name"].Value) && !wordGoesOn)
            {
                var kind = VenueKinds[match.Groups["kind"].Value];
                Add(found, EntityKind.Venue, $"{kind}:{Romanization.Of(match.Groups["name"].Value)}", match.Value);
            }
        }

        foreach (Match match in EnglishVenue().Matches(lower))
        {
            if (Name(match.Groups["name"].Value) is { } name)
            {
                var kind = VenueKinds[match.Groups["kind"].Value];
                Add(found, EntityKind.Venue, $"{kind}:{name}", match.Value);
            }
        }

        foreach (Match match in ChineseVenue().Matches(folded))
        {
            var kind = VenueKinds[match.Groups["kind"].Value];
            Add(found, EntityKind.Venue, $"{kind}:{match.Groups["name"].Value}", match.Value);
        }

        foreach (Match match in Nickname().Matches(folded))
        {
            var name = TextNormalizer.Normalize(match.Groups["name"].Value);
            if (name.Length >= 2)
            {
                Add(found, EntityKind.Alias, name, match.Value);
            }
        }

        return found;
    }

    /// <summary>An English name by its last word (Red Moon gang → moon): without case, which people often leave out,
    /// where a name begins is a guess, where it ends is not.</summary>
    private static string? Name(string word) => NotNames.Contains(word) ? null : word;

    private static void Add(List<Specific> found, EntityKind kind, string value, string written)
    {
        var key = value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (key.Length > 0 && !found.Any(s => s.Entity.Kind == kind && s.Entity.Value == key))
        {
            found.Add(new Specific(new Entity(kind, key), written.Trim()));
        }
    }

    /// <summary>"the Kkolmang gang", "Red Moon gang", "Baekdu family", "Chilgap-pa" (lower case).</summary>
    [GeneratedRegex(@"\b(?<name>[a-z]+)(?: gang| family|-pa)\b")]
    private static partial Regex EnglishGang();

    /// <summary>Two or three Hanzi before 帮 (a gang), not 帮 as "help" (帮助, 帮忙, 请帮).</summary>
    [GeneratedRegex(@"(?<name>(?![请帮])[\p{IsCJKUnifiedIdeographs}]{2})帮(?![助忙])")]
    private static partial Regex ChineseGang();

    /// <summary>A district after its city or county: 청하시 동문구, 달빛군 운곡읍.</summary>
    [GeneratedRegex(@"[가-힣]{1,4}(?:시|군|도)\s?(?<name>[가-힣]{1,4}?)(?:구|군|읍|면)")]
    private static partial Regex KoreanPlace();

    [GeneratedRegex(@"\b(?<name>[a-z]+)-(?:gu|gun|eup|myeon)\b")]
    private static partial Regex EnglishPlace();

    [GeneratedRegex(
        @"[\p{IsCJKUnifiedIdeographs}]{1,3}(?:市|郡)(?<name>[\p{IsCJKUnifiedIdeographs}]{1,3}?)(?:区|县|邑|面|镇)"
    )]
    private static partial Regex ChinesePlace();

    [GeneratedRegex(
        @"(?<![가-힣])(?<name>[가-힣]{2,4}?)\s?(?<kind>시장|빌딩|상가|클럽|마사지|오피스텔|천|아파트|주차장|유흥주점|항|역)"
    )]
    private static partial Regex KoreanVenue();

    [GeneratedRegex(
        @"\b(?<name>[a-z]+) (?:public |hostess )?(?<kind>market|building|arcade|club|massage|officetel|stream"
            + @"|apartment|car park|bar|port|station)\b"
    )]
    private static partial Regex EnglishVenue();

    [GeneratedRegex(
        @"(?<name>[\p{IsCJKUnifiedIdeographs}]{2})(?:公共)?(?<kind>市场|大厦|商业街|夜店|按摩店|公寓式办公楼|公寓|河|停车场|夜总会|港|站)"
    )]
    private static partial Regex ChineseVenue();

    [GeneratedRegex(@"['‘’""“”](?<name>[^'‘’""“”\s]{1,12}(?: [^'‘’""“”\s]{1,12})?)['‘’""“”]")]
    private static partial Regex Nickname();
}
