using System.Text.RegularExpressions;

namespace Jebo.Screening.Entities;

/// <summary>A Korean gang name as written in a clue: the name, <c>파</c> (or <c>식구파</c>), and whatever grammar follows
/// it in the same word.</summary>
public sealed record KoreanGangName(string Name, string Written);

/// <summary>
/// Finds Korean gang names (<c>칠성파</c>, <c>꼴망 파</c>, <c>신OO파</c>) however the sentence goes on after them: a
/// particle (<c>꼴망파에게</c>, <c>꼴망파한테서</c>), the copula (<c>꼴망파라는</c>, <c>칠성파였던</c>, <c>칠성파인데</c>) or a
/// word a reporter runs on (<c>꼴망파조직원들이</c>, <c>꼴망파에게보호비</c>).
/// </summary>
/// <remarks>
/// General, not a list of gangs: what follows <c>파</c> in the word must be grammar, from the closed class of Korean
/// particles and copula endings in the forms that follow a vowel (파 ends in one: <c>가</c>, <c>는</c>, <c>를</c>,
/// <c>라는</c>, <c>였</c>; not <c>이</c>, <c>을</c>, <c>은</c>), or a word about a gang's people run on to it. So
/// <c>파라다이스</c>, <c>파도가</c>, <c>사과파이를</c>, <c>파티에</c>, <c>파출소</c> are no gangs: what follows 파 is a word,
/// not grammar. Words that end in 파 and name no gang are listed (<see cref="NotGangs"/>): factions and schools
/// (<c>좌파</c>, <c>정파</c>, <c>강경파</c>, <c>인상파</c>), waves (<c>전파</c>, <c>한파</c>, <c>여파</c>), vegetables
/// (<c>양파</c>, <c>대파</c>), Seoul's <c>송파</c>, and verbs' stems (<c>아파</c>, <c>배고파</c>, <c>돌파</c>). A name spaced
/// off 파 must not end in a particle (<c>모래를 파는</c>) and takes only particles after it (<c>땅이 움푹 파였다</c> is
/// digging).
/// </remarks>
public static partial class KoreanGangNames
{
    /// <summary>Words ending in 파 that name no gang, whole (the name with its 파).</summary>
    public static readonly IReadOnlySet<string> NotGangs = new HashSet<string>(StringComparer.Ordinal)
    {
        // factions, sects and schools of thought or art
        "좌파",
        "우파",
        "정파",
        "사파",
        "종파",
        "학파",
        "계파",
        "당파",
        "분파",
        "일파",
        "유파",
        "신파",
        "매파",
        "비둘기파",
        "온건파",
        "강경파",
        "개혁파",
        "보수파",
        "진보파",
        "중도파",
        "주류파",
        "비주류파",
        "소장파",
        "친일파",
        "반대파",
        "찬성파",
        "인상파",
        "낭만파",
        "야수파",
        "입체파",
        // waves
        "전파",
        "음파",
        "뇌파",
        "전자파",
        "초음파",
        "한파",
        "열파",
        "여파",
        "파파",
        // vegetables, a district of Seoul, people
        "양파",
        "대파",
        "쪽파",
        "실파",
        "송파",
        "노파",
        "산파",
        "비파",
        // nouns from verbs, and verb stems (hurt, hungry, steep)
        "돌파",
        "간파",
        "격파",
        "난파",
        "타파",
        "폭파",
        "아파",
        "고파",
        "배고파",
        "가파",
    };

    /// <summary>What may follow 파 in the same word: particles and copula endings after a vowel, and the words for a
    /// gang's people.</summary>
    private static readonly HashSet<string> Tails = new(StringComparer.Ordinal)
    {
        // particles
        "가",
        "는",
        "를",
        "와",
        "로",
        "의",
        "에",
        "도",
        "만",
        "랑",
        "야",
        "나",
        "에게",
        "에서",
        "한테",
        "께서",
        "에게서",
        "한테서",
        "로서",
        "로부터",
        "까지",
        "부터",
        "보다",
        "처럼",
        "조차",
        "마저",
        "밖에",
        "만큼",
        "라도",
        "하고",
        "이랑",
        "와의",
        "에는",
        "에서는",
        "에게는",
        "한테는",
        "에도",
        "에게도",
        "로는",
        "까지도",
        "만의",
        "로부터의",
        "에서도",
        "쪽",
        "측",
        "쪽이",
        "측이",
        "쪽에서",
        "측에서",
        // the copula
        "다",
        "이다",
        "인",
        "인데",
        "인지",
        "이고",
        "이며",
        "이던",
        "임",
        "입니다",
        "이에요",
        "예요",
        "이야",
        "이죠",
        "라는",
        "라고",
        "라며",
        "라면",
        "라던",
        "라니",
        "이라는",
        "이라고",
        "이라며",
        "였",
        "였다",
        "였던",
        "였고",
        "였는데",
        "였을",
        "였지",
        "였어",
        "였어요",
        "였습니다",
        "였음",
        "이었",
        "이었다",
        "이었던",
        "이었고",
        "이었는데",
        "이었습니다",
    };

    /// <summary>Words about a gang's people a reporter may run on to its name (<c>꼴망파조직원들이</c>).</summary>
    private static readonly string[] People =
    [
        "애들",
        "사람",
        "조직",
        "소속",
        "일당",
        "놈",
        "패거리",
        "두목",
        "행동대",
        "출신",
        "계열",
        "식구",
        "형님",
    ];

    public static IEnumerable<KoreanGangName> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            var (name, spaced, tail) = (
                match.Groups["name"].Value,
                match.Groups["space"].Length > 0,
                match.Groups["tail"].Value
            );
            var word = name + match.Groups["clan"].Value + "파";
            if (NotGangs.Contains(word) || !Grammar(tail, spaced))
            {
                continue;
            }

            // "모래를 파는" is no gang: a name spaced off 파 must not end in a particle or an ending.
            if (spaced && "을를이가은는에의도와과고서며면".Contains(name[^1]))
            {
                continue;
            }

            yield return new KoreanGangName(word, match.Value[..^tail.Length].Trim());
        }
    }

    /// <summary>Whether <paramref name="tail"/>, the rest of the word after 파, is grammar: nothing, a particle or a
    /// copula ending, or (run on without a space) one of two syllables or more followed by the next word, or a word
    /// for the gang's people. After a spaced-off 파 only a particle: <c>움푹 파였다</c> is digging.</summary>
    private static bool Grammar(string tail, bool spaced)
    {
        if (tail.Length == 0)
        {
            return true;
        }

        if (spaced)
        {
            return tail is "가" or "는" or "를" or "의" or "에" or "와" or "도" or "에게" or "한테" or "에서" or "랑"
                || People.Any(p => tail.StartsWith(p, StringComparison.Ordinal));
        }

        return Tails.Contains(tail)
            || Tails.Any(t => t.Length >= 2 && tail.Length > t.Length && tail.StartsWith(t, StringComparison.Ordinal))
            || People.Any(p => tail.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>A name of one to eight syllables (or a masked one, 신OO) starting a word, perhaps 식구, 파 perhaps spaced
    /// off, and the rest of the word.</summary>
    [GeneratedRegex(
        @"(?<![가-힣A-Za-z0-9])(?<name>[가-힣][가-힣A-Za-z0-9]{0,7}?|[A-Za-z0-9]{1,8}?)"
            + @"(?<clan>식구)?(?<space>\s?)파(?<tail>[가-힣]*)"
    )]
    private static partial Regex Candidate();
}
