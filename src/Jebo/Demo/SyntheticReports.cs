using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;

namespace Jebo.Demo;

/// <summary>Realistic but invented reports for demonstrations and load: Korean mostly, some English and Chinese, every
/// category, regions from the dataset, some named reporters, phones, plates and accounts to extract. No real
/// person.</summary>
public sealed class SyntheticReports(RegionDataset regions, CategoryList categories, int seed)
{
    private static readonly string[] Surnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
    private static readonly string[] Given =
    [
        "민수",
        "서준",
        "지훈",
        "현우",
        "도윤",
        "영호",
        "상철",
        "미경",
        "수진",
        "은영",
    ];
    private static readonly string[] Gangs = ["칠성파", "신흥파", "동백파", "서면파", "남문파", "청룡파"];
    private static readonly string[] Places =
    [
        "시장 상가",
        "건설 현장",
        "유흥가 골목",
        "항구 창고",
        "오피스텔",
        "PC방",
        "노래방",
        "사무실",
    ];

    private static readonly Dictionary<string, string[]> Templates = new()
    {
        ["organized-violence"] =
        [
            "{gang} 조직원 여러 명이 {place}에서 상인들을 폭행하고 위협합니다. 주로 밤 10시 이후에 몰려다닙니다.",
        ],
        ["protection-racket"] =
        [
            "{gang}이 {place} 상인들에게 매달 보호비 명목으로 30만 원씩 걷어 갑니다. 거절하면 가게 집기를 부숩니다. 수금하는 사람은 {person}이고 {phone} 번호를 씁니다.",
        ],
        ["illegal-lending"] =
        [
            "{person}이 무등록 사채업을 하며 연 수백 퍼센트 이자를 받고, 갚지 못하면 가족 직장까지 찾아와 협박합니다. 입금 계좌는 {account} 입니다.",
        ],
        ["fraud-ring"] =
        [
            "검찰을 사칭한 전화({phone})로 돈을 송금하게 하는 보이스피싱 조직이 {place}에 콜센터를 두고 있다고 들었습니다. 대포통장 {account} 이 쓰였습니다.",
        ],
        ["drugs"] = ["{place}에서 필로폰을 거래하는 사람들이 있습니다. 운반책은 {plate} 차량을 타고 다닙니다."],
        ["gambling"] =
        [
            "{gang}이 {place} 지하에서 불법 도박장(하우스)을 운영합니다. 판돈은 {account} 계좌로 받고 망보는 사람이 입구에 있습니다.",
        ],
        ["prostitution"] =
        [
            "{place} 2층에서 성매매 알선이 이루어지고 있으며 {gang}이 관리한다고 합니다. 손님 모집은 {phone}으로 합니다.",
        ],
        ["construction-racketeering"] =
        [
            "{place}에 {gang}이 골재 납품을 독점하려고 다른 업체 트럭을 막고 기사들을 폭행합니다. 현장 소장도 돈을 받는다는 말이 있습니다.",
        ],
        ["election-interference"] =
        [
            "지난 지방선거 때 {gang} 조직원들이 특정 후보를 위해 {place}에서 유권자에게 돈봉투를 돌렸습니다.",
        ],
        ["shielding-officials"] =
        [
            "{gang}이 단속 정보를 미리 알고 빠져나갑니다. 관할 공무원 {person}이 정기적으로 돈을 받는다고 합니다.",
        ],
        ["online-extortion"] =
        [
            "메신저로 사진을 유포하겠다고 협박하며 돈을 요구하는 조직이 있습니다. 돈은 {account} 계좌로 보내라고 했습니다. 연락처 {phone}.",
        ],
        ["cross-border-gang"] =
        [
            "외국인 범죄 조직이 {place}를 거점으로 밀수품을 들여오고 {plate} 트럭으로 운반합니다.",
        ],
        ["other"] =
        [
            "{gang}이 {place} 일대에서 여러 불법 사업을 벌이고 있습니다. 자세한 내용은 연락 주시면 말씀드리겠습니다.",
        ],
    };

    private static readonly string[] Foreign =
    [
        "A gang collects protection money from restaurants near the harbour every Friday; the collector drives "
            + "{plate} and uses {phone}.",
        "黑社会团伙在{place}附近向商户收取保护费，不给就砸店。联系人电话 {phone}。",
    ];

    private readonly Random random = new(seed);

    public ReportContent Next()
    {
        var category = categories.All[random.Next(categories.All.Count)].Code;
        var foreign = random.Next(10) == 0;
        var template = foreign
            ? Foreign[random.Next(Foreign.Length)]
            : Pick(Templates[Templates.ContainsKey(category) ? category : "other"]);
        var person = Pick(Surnames) + Pick(Given);
        var region = random.Next(8) == 0 ? RegionDataset.Unclear : regions.All[random.Next(regions.All.Count)].Code;
        var named = random.Next(3) == 0;
        var description = template
            .Replace("{gang}", Pick(Gangs), StringComparison.Ordinal)
            .Replace("{place}", Pick(Places), StringComparison.Ordinal)
            .Replace("{person}", person, StringComparison.Ordinal)
            .Replace("{phone}", Phone(), StringComparison.Ordinal)
            .Replace(
                "{account}",
                $"{random.Next(100, 999)}-{random.Next(100000, 999999)}-{random.Next(10, 99)}",
                StringComparison.Ordinal
            )
            .Replace(
                "{plate}",
                $"{random.Next(10, 99)}{Pick(["가", "나", "다", "라", "마"])}{random.Next(1000, 9999)}",
                StringComparison.Ordinal
            );
        return new ReportContent
        {
            Language = foreign ? (description.Any(c => c > 0x4E00 && c < 0x9FFF) ? "zh" : "en") : "ko",
            Category = random.Next(6) == 0 ? CategoryList.Unclear : category,
            Region = region,
            Reporter = named
                ? new ReporterContent
                {
                    Anonymous = false,
                    Name = Pick(Surnames) + Pick(Given),
                    Phone = Phone(),
                    ContactConsent = true,
                }
                : new ReporterContent { Anonymous = true },
            Subjects =
                random.Next(2) == 0
                    ?
                    [
                        new SubjectContent
                        {
                            Name = person,
                            Alias = "",
                            Organization = Pick(Gangs),
                            Description = "",
                        },
                    ]
                    : [],
            Facts = new FactsContent
            {
                When = random.Next(2) == 0 ? $"2026-{random.Next(1, 12):D2}" : "",
                Where = regions.Find(region)?.Name.Ko ?? "",
                Description = $"{description} (합성 데모 제보 #{random.Next(1_000_000):D6})",
            },
            Officials = [],
        };
    }

    private string Phone() => $"010-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}";

    private string Pick(string[] items) => items[random.Next(items.Length)];
}
