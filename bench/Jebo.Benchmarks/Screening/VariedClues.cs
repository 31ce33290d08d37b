using System.Globalization;
using System.Text;
using Jebo.Transfer.Reports;

namespace Jebo.Benchmarks.Screening;

/// <summary>
/// Synthetic clues varied enough that the related-clue index's postings look like a real year's: Korean (six in ten),
/// English and Chinese, each naming one of thousands of made-up gangs, districts and venues drawn with a skew (a few
/// gangs are named often, most rarely), a racket told in one of several phrasings, victims, amounts, and often a phone,
/// a plate or an account of its own. Unlike <c>SampleReports</c> (one filler repeated), no two clues are near-copies
/// unless chance makes them so. Deterministic for a seed.
/// </summary>
public sealed class VariedClues(int seed)
{
    private const string Syllables =
        "가나다라마바사아자차카타하강남동백서청룡칠성신흥금은솔개꼴망범양해달별빛산들바람소금창고미래태양";

    private const string Hanzi = "龙虎金银青白黑红东西南北天地山海风云雷电星月华兴盛发富贵安泰新义和";

    private static readonly string[] Latin =
    [
        "kim",
        "park",
        "lee",
        "choi",
        "jung",
        "kang",
        "cho",
        "yoon",
        "jang",
        "lim",
        "han",
        "oh",
        "seo",
        "shin",
        "kwon",
        "hwang",
        "ahn",
        "song",
        "ryu",
        "hong",
        "red",
        "black",
        "golden",
        "iron",
        "blue",
        "white",
        "storm",
    ];

    private static readonly string[] KoreanVenues = ["시장", "빌딩", "상가", "클럽", "오피스텔", "주차장", "항"];
    private static readonly string[] ChineseVenues = ["市场", "大厦", "夜店", "停车场", "港"];
    private static readonly string[] EnglishVenues = ["market", "building", "arcade", "club", "car park", "port"];

    private static readonly string[] KoreanDeeds =
    [
        "상인들에게 매달 보호비 명목으로 {0}씩 걷어 갑니다",
        "가게 주인들한테 자릿세를 안 내면 장사를 못 하게 한다고 협박해요",
        "지하에서 불법 도박장을 운영하며 하룻밤에 {0}이 오갑니다",
        "무등록 사채를 놓고 못 갚으면 가족까지 찾아가 협박합니다",
        "건설 현장 하도급 업체에게 장비 사용료로 {0}을 뜯어냅니다",
        "필로폰을 들여와 유흥업소에 넘긴다는 말이 돕니다",
        "대포통장을 모아 보이스피싱 조직에 팔아넘깁니다",
        "노래방 업주들에게 도우미 공급을 강요하고 거절하면 행패를 부립니다",
        "골재 채취 이권을 두고 다른 업자를 폭행했습니다",
        "입찰에 들러리를 세워 공사를 따내고 공무원에게 {0}을 건넸다고 합니다",
    ];

    private static readonly string[] EnglishDeeds =
    [
        "collects {0} in protection money from the stall owners every month",
        "runs an illegal gambling den in the basement where {0} changes hands a night",
        "lends money without a licence and threatens families who cannot pay back",
        "forces subcontractors on the building site to pay {0} for equipment",
        "sells mule bank accounts to a phone scam ring",
        "beat up a rival over the sand and gravel business",
    ];

    private static readonly string[] ChineseDeeds =
    [
        "每月向商户收取保护费{0}，不交就砸店",
        "在地下室开设赌场，每晚流水{0}",
        "放高利贷，还不上就上门暴力催收",
        "强迫工地分包商交{0}设备费",
        "收购银行卡卖给电信诈骗团伙",
    ];

    private static readonly string[] KoreanOpenings = ["", "제보합니다. ", "안녕하세요. ", "[제보] ", "급합니다. "];
    private static readonly string[] KoreanClosings =
    [
        "",
        " 꼭 조사해 주세요.",
        " 무서워서 익명으로 씁니다.",
        " 확인 부탁드립니다.",
    ];

    private readonly Random random = new(seed);

    /// <summary>The <paramref name="serial"/>th clue (the serial varies the numbers; the seed the rest).</summary>
    public ReportContent Next(int serial)
    {
        var language = random.Next(10) switch
        {
            < 6 => "ko",
            < 8 => "en",
            _ => "zh",
        };
        var gang = Skewed(40_000);
        var district = Skewed(3_000);
        var venue = Skewed(20_000);
        var amount = (random.Next(1, 99) * 100_000).ToString("N0", CultureInfo.InvariantCulture);
        var phone = random.Next(3) == 0 ? $"010-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}" : null;
        var plate =
            random.Next(5) == 0
                ? $"{random.Next(10, 99)}{"가나다라마"[random.Next(5)]} {random.Next(1000, 9999)}"
                : null;
        var text = new StringBuilder();
        switch (language)
        {
            case "ko":
                text.Append(KoreanOpenings[random.Next(KoreanOpenings.Length)])
                    .Append(Korean(district, 2))
                    .Append("구 ")
                    .Append(Korean(venue, 2))
                    .Append(KoreanVenues[venue % KoreanVenues.Length])
                    .Append("에서 ")
                    .Append(Korean(gang, 2 + gang % 2))
                    .Append("파 ")
                    .Append(random.Next(2) == 0 ? "조직원들이 " : "애들이 ")
                    .AppendFormat(
                        CultureInfo.InvariantCulture,
                        KoreanDeeds[random.Next(KoreanDeeds.Length)],
                        amount + "원"
                    )
                    .Append('.');
                if (phone is not null)
                {
                    text.Append(" 연락처는 ").Append(phone).Append("입니다.");
                }

                if (plate is not null)
                {
                    text.Append(" 차량 번호 ").Append(plate).Append('.');
                }

                text.Append(KoreanClosings[random.Next(KoreanClosings.Length)]);
                break;
            case "en":
                text.Append("The ")
                    .Append(Title(gang))
                    .Append(" gang ")
                    .AppendFormat(
                        CultureInfo.InvariantCulture,
                        EnglishDeeds[random.Next(EnglishDeeds.Length)],
                        amount + " won"
                    )
                    .Append(" at ")
                    .Append(Title(venue))
                    .Append(' ')
                    .Append(EnglishVenues[venue % EnglishVenues.Length])
                    .Append(" in ")
                    .Append(Title(district))
                    .Append("-gu.");
                if (phone is not null)
                {
                    text.Append(" Their number is ").Append(phone).Append('.');
                }

                break;
            default:
                text.Append(Chinese(district, 2))
                    .Append('区')
                    .Append(Chinese(venue, 2))
                    .Append(ChineseVenues[venue % ChineseVenues.Length])
                    .Append('的')
                    .Append(Chinese(gang, 2))
                    .Append('帮')
                    .AppendFormat(
                        CultureInfo.InvariantCulture,
                        ChineseDeeds[random.Next(ChineseDeeds.Length)],
                        amount + "元"
                    )
                    .Append('。');
                if (phone is not null)
                {
                    text.Append("电话").Append(phone).Append('。');
                }

                break;
        }

        return new ReportContent
        {
            Language = language,
            Category = random.Next(2) == 0 ? "gambling" : "protection-racket",
            Region = "unclear",
            Reporter = new ReporterContent { Anonymous = true },
            Subjects = random.Next(4) == 0 ? [new SubjectContent { Name = Korean(Skewed(50_000), 3) }] : [],
            Facts = new FactsContent
            {
                Description = text.ToString(),
                When = random.Next(2) == 0 ? $"2026-{1 + serial % 12:D2}" : null,
            },
        };
    }

    /// <summary>One of <paramref name="count"/> names, the low ones far more often (about Zipf's law).</summary>
    private int Skewed(int count) => (int)Math.Min(count - 1, Math.Exp(random.NextDouble() * Math.Log(count)) - 1);

    private static string Korean(int value, int length) => Spell(value, length, Syllables);

    private static string Chinese(int value, int length) => Spell(value, length, Hanzi);

    private static string Spell(int value, int length, string alphabet)
    {
        var name = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            name.Append(alphabet[value % alphabet.Length]);
            value /= alphabet.Length;
        }

        return name.ToString();
    }

    private static string Title(int value)
    {
        var word = Latin[value % Latin.Length] + Latin[value / Latin.Length % Latin.Length];
        return char.ToUpperInvariant(word[0]) + word[1..];
    }
}
