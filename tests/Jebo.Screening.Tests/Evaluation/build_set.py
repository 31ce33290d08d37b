#!/usr/bin/env python3
"""Builds the screening evaluation set (docs/screening-evaluation.md): clues.jsonl beside this file.

Every name, place, phone, plate and account below is invented. Each matter is a set of facts (gang, leader's
nickname, place, racket, amount, phone, plate, account, when); each clue is one person's telling of some of those
facts, in that person's words: a voice (formal, plain, polite, terse, non-native...) picks its own phrasing of each
fact, its own order and its own subset. A light edit of a clue (typos, spacing, particles, sentence endings, a phone
written another way) is marked as its near-duplicate. Hard negatives are matters that share a gang, a place, a
template or a copied paragraph with another matter. Run: python3 build_set.py (the output is fixed by the seed).
"""

import json
import random
import re
from pathlib import Path

SEED = 20261207
rng = random.Random(SEED)

# ---------------------------------------------------------------------------------------------------------------------
# Invented gangs, places and people, in the three languages.

GANGS = [
    ("꼴망파", "Kkolmang gang", "骨望帮"), ("칠갑파", "Chilgap gang", "七甲帮"), ("모래내파", "Moraenae gang", "沙川帮"),
    ("백두식구파", "Baekdu family", "白头帮"), ("청솔파", "Cheongsol gang", "青松帮"), ("황룡파", "Hwangnyong gang", "黄龙帮"),
    ("동진파", "Dongjin gang", "东进帮"), ("서문파", "Seomun gang", "西门帮"), ("갈매기파", "Galmaegi gang", "海鸥帮"),
    ("새벽파", "Saebyeok gang", "黎明帮"), ("구름다리파", "Gureumdari gang", "云桥帮"), ("돌산파", "Dolsan gang", "石山帮"),
    ("반달파", "Bandal gang", "半月帮"), ("은행나무파", "Eunhaeng gang", "银杏帮"), ("검은매파", "Black Hawk gang", "黑鹰帮"),
    ("삼거리파", "Samgeori gang", "三岔帮"), ("물레방아파", "Mullebang gang", "水车帮"), ("까치파", "Kkachi gang", "喜鹊帮"),
    ("남풍파", "Nampung gang", "南风帮"), ("북두파", "Bukdu gang", "北斗帮"), ("청기와파", "Cheonggiwa gang", "青瓦帮"),
    ("호랑나비파", "Horangnabi gang", "虎蝶帮"), ("은하파", "Eunha gang", "银河帮"), ("대들보파", "Daedeulbo gang", "栋梁帮"),
    ("솔개파", "Solgae gang", "鸢帮"), ("붉은달파", "Red Moon gang", "红月帮"), ("소금창고파", "Salt Barn gang", "盐仓帮"),
    ("뚝섬파", "Ttukseom gang", "纛岛帮"), ("참숯파", "Chamsut gang", "炭火帮"), ("용두파", "Yongdu gang", "龙头帮"),
    ("들개파", "Wild Dog gang", "野狗帮"), ("새우젓파", "Saeujeot gang", "虾酱帮"), ("번개파", "Beongae gang", "闪电帮"),
    ("흑염소파", "Black Goat gang", "黑羊帮"), ("자갈치파", "Jagal gang", "碎石帮"), ("해오름파", "Haeoreum gang", "日出帮"),
    ("미꾸라지파", "Mikkuraji gang", "泥鳅帮"), ("고래등파", "Goraedeung gang", "鲸背帮"), ("청개구리파", "Green Frog gang", "青蛙帮"),
    ("먹구름파", "Dark Cloud gang", "乌云帮"), ("두꺼비파", "Dukkeobi gang", "蟾蜍帮"), ("왕바위파", "Big Rock gang", "巨石帮"),
    ("버들파", "Beodeul gang", "柳树帮"), ("방울파", "Bangul gang", "铃铛帮"), ("홍매파", "Hongmae gang", "红梅帮"),
    ("송곳니파", "Fang gang", "獠牙帮"), ("기러기파", "Gireogi gang", "大雁帮"), ("쇠사슬파", "Chain gang", "铁链帮"),
]

# (district in ko, en, zh): invented cities and districts.
DISTRICTS = [
    ("청하시 동문구", "Dongmun-gu, Cheongha", "青河市东门区"), ("청하시 서강구", "Seogang-gu, Cheongha", "青河市西江区"),
    ("남포시 중앙구", "Jungang-gu, Nampo", "南浦市中央区"), ("남포시 해안구", "Haean-gu, Nampo", "南浦市海岸区"),
    ("가람시 북평구", "Bukpyeong-gu, Garam", "嘉蓝市北坪区"), ("가람시 은천구", "Euncheon-gu, Garam", "嘉蓝市银川区"),
    ("솔뫼시 상봉구", "Sangbong-gu, Solmoe", "松山市上峰区"), ("솔뫼시 하포구", "Hapo-gu, Solmoe", "松山市下浦区"),
    ("달빛군 운곡읍", "Ungok-eup, Dalbit County", "月光郡云谷邑"), ("한울시 새터구", "Saeteo-gu, Hanul", "韩蔚市新基区"),
    ("한울시 버들구", "Beodeul-gu, Hanul", "韩蔚市柳区"), ("도담시 금강구", "Geumgang-gu, Dodam", "道潭市金江区"),
    ("도담시 모래구", "Morae-gu, Dodam", "道潭市沙区"), ("누리시 동산구", "Dongsan-gu, Nuri", "努里市东山区"),
    ("누리시 항만구", "Hangman-gu, Nuri", "努里市港湾区"), ("바람군 갯벌면", "Gaetbeol-myeon, Baram County", "风郡滩涂面"),
]

# Venues by racket: (ko, en, zh) patterns; {n} is a place word that differs between matters.
VENUE_NAMES = [
    ("새벽", "Saebyeok", "黎明"), ("한빛", "Hanbit", "韩光"), ("큰길", "Keungil", "大路"), ("별빛", "Byeolbit", "星光"),
    ("동백", "Dongbaek", "冬柏"), ("푸른", "Pureun", "青蓝"), ("오작교", "Ojakgyo", "鹊桥"), ("무지개", "Mujigae", "彩虹"),
    ("소나무", "Sonamu", "松树"), ("해님", "Haenim", "太阳"), ("금빛", "Geumbit", "金光"), ("들꽃", "Deulkkot", "野花"),
    ("바다", "Bada", "大海"), ("산들", "Sandeul", "微风"), ("하늘", "Haneul", "天空"), ("보름", "Boreum", "满月"),
]

NICKNAMES = [
    ("독사", "Viper", "毒蛇"), ("곰", "Bear", "熊哥"), ("망치", "Hammer", "锤子"), ("여우", "Fox", "狐狸"),
    ("칼자국", "Scar", "刀疤"), ("대머리", "Baldy", "光头"), ("사장님", "the Boss", "老板"), ("불독", "Bulldog", "斗牛"),
    ("까마귀", "Crow", "乌鸦"), ("황소", "Ox", "黄牛"), ("족제비", "Weasel", "黄鼠狼"), ("코뿔소", "Rhino", "犀牛"),
    ("멸치", "Anchovy", "小鱼"), ("두더지", "Mole", "鼹鼠"), ("털보", "Beard", "大胡子"), ("꼬마", "Shorty", "小个子"),
    ("백곰", "Polar Bear", "白熊"), ("늑대", "Wolf", "狼哥"), ("장군", "General", "将军"), ("번개", "Flash", "闪电"),
]

SURNAMES = [("김", "Kim", "金"), ("박", "Park", "朴"), ("최", "Choi", "崔"), ("정", "Jeong", "郑"), ("윤", "Yoon", "尹"),
            ("장", "Jang", "张"), ("임", "Lim", "林"), ("한", "Han", "韩"), ("오", "Oh", "吴"), ("서", "Seo", "徐")]

# ---------------------------------------------------------------------------------------------------------------------
# Rackets: the venue each happens at, and how different people say what happens. {g} gang, {v} venue, {a} amount,
# {w} when, {l} leader. Korean sentences are written in the formal style; ko_style() turns them plain or polite.

RACKETS = {
    "market": {
        "venue": ("{n}시장", "{n} Market", "{n}市场"),
        "ko": [
            "{g} 조직원들이 {v} 상인들한테 {w} 자릿세를 걷어갑니다.",
            "{v}에서 장사하는 사람들은 {w} {g}에게 보호비 명목으로 {a}씩 뜯기고 있습니다.",
            "{g} 애들이 {v} 노점을 돌면서 돈을 안 내면 좌판을 엎어버립니다.",
            "시장 상인회도 {g} 눈치를 봅니다. {v} 점포마다 {a}씩 내라고 합니다.",
        ],
        "en": [
            "Members of the {g} collect 'space fees' from the vendors at {v} {w}.",
            "Shop owners at {v} are forced to pay the {g} {a} {w} as protection money.",
            "Guys from the {g} walk around {v} and flip over the stalls of anyone who refuses to pay.",
            "every stall in {v} must give {a} to {g}, nobody dare to say no",
        ],
        "zh": [
            "{g}的人{w}到{v}向商户收取摊位费。",
            "{v}的商贩被{g}强迫{w}交{a}保护费。",
            "{g}的打手在{v}挨个摊位收钱，不给就掀摊子。",
            "在{v}做生意的人都怕{g}，每家每户要交{a}。",
        ],
    },
    "construction": {
        "venue": ("{n} 아파트 신축 현장", "the {n} apartment construction site", "{n}公寓建筑工地"),
        "ko": [
            "{g}가 {v}에 자기들 장비와 인력을 쓰라고 하도급 업체를 협박합니다.",
            "{v}에서 {g} 조직원들이 골재 납품권을 빼앗고 안 따르면 장비를 부숩니다.",
            "{g} 쪽 사람들이 {v} 출입구를 막고 공사를 방해하면서 {a}를 요구합니다.",
            "{v} 현장소장이 {g}한테 {w} {a}씩 상납하고 있다고 들었습니다.",
        ],
        "en": [
            "The {g} threaten subcontractors at {v} to hire their own equipment and workers.",
            "At {v}, {g} members took over the gravel supply and smash machines when anyone objects.",
            "People from the {g} block the gate of {v} and demand {a} to let work go on.",
            "I heard the site manager at {v} pays the {g} {a} {w}.",
        ],
        "zh": [
            "{g}威胁{v}的分包商必须用他们的设备和工人。",
            "{g}的成员霸占了{v}的砂石供应，谁反对就砸设备。",
            "{g}的人堵住{v}的大门阻挠施工，索要{a}。",
            "听说{v}的项目经理{w}要给{g}上供{a}。",
        ],
    },
    "gambling": {
        "venue": ("{n}빌딩 지하", "the basement of the {n} Building", "{n}大厦地下室"),
        "ko": [
            "{v}에서 {g}가 불법 도박장을 운영하고 있습니다. {w} 판이 벌어집니다.",
            "{g}이 {v}에 하우스를 차려놓고 판돈을 {a}씩 걸게 합니다.",
            "{v} 도박장 문 앞에 {g} 애들이 망을 보고 있습니다.",
            "제 남편이 {v}에서 {g}가 하는 도박판에 빠져 {a}를 잃었습니다.",
        ],
        "en": [
            "The {g} run an illegal gambling den in {v}; games go on {w}.",
            "There is a card house in {v} run by the {g}, stakes of {a} a hand.",
            "{g} lookouts stand at the door of the gambling room in {v}.",
            "my husband lost {a} at the {g}'s gambling table in {v}",
        ],
        "zh": [
            "{g}在{v}开设非法赌场，{w}开赌。",
            "{v}有个赌窝是{g}开的，每局押{a}。",
            "{g}的马仔在{v}赌场门口放哨。",
            "我老公在{v}{g}的赌局里输了{a}。",
        ],
    },
    "loan": {
        "venue": ("{n}상가", "the {n} arcade", "{n}商业街"),
        "ko": [
            "{g}가 {v} 자영업자들에게 사채를 빌려주고 연 수백 퍼센트 이자를 받아냅니다.",
            "{g} 추심원들이 {v} 가게에 찾아와 빚 {a}를 갚으라며 행패를 부립니다.",
            "{v}에서 {g} 사채를 쓴 사람들이 밤마다 협박 전화를 받습니다.",
            "{g}한테 {a} 빌렸다가 이자가 두 배로 불었습니다. {v}에 사무실이 있습니다.",
        ],
        "en": [
            "The {g} lend money to small shop owners in {v} at interest of hundreds of percent a year.",
            "Collectors from the {g} come to shops in {v} and make a scene to get back a debt of {a}.",
            "People in {v} who borrowed from the {g} get threatening calls every night.",
            "borrowed {a} from {g}, now interest is double. their office is in {v}",
        ],
        "zh": [
            "{g}在{v}给小商户放高利贷，年利息好几倍。",
            "{g}的催收人员到{v}的店里闹事，逼还{a}欠款。",
            "在{v}借了{g}高利贷的人每天晚上都接到恐吓电话。",
            "我向{g}借了{a}，利息翻了一倍，他们办公室就在{v}。",
        ],
    },
    "drugs": {
        "venue": ("{n} 클럽", "the {n} club", "{n}夜店"),
        "ko": [
            "{v}에서 {g} 조직원들이 손님들에게 마약을 팝니다.",
            "{g}가 {v} 화장실에서 필로폰을 거래한다는 얘기가 돕니다.",
            "{v} 주말 파티에 {g} 사람들이 와서 약을 {a}에 넘깁니다.",
            "{g}이 {v}를 거점으로 마약을 유통하고 있습니다. {w} 물건이 들어옵니다.",
        ],
        "en": [
            "Members of the {g} sell drugs to customers at {v}.",
            "Word is that the {g} deal meth in the restrooms of {v}.",
            "At the weekend parties at {v}, {g} people hand out pills for {a}.",
            "{g} use {v} as base for drug selling. new stock comes {w}",
        ],
        "zh": [
            "{g}的成员在{v}向客人贩卖毒品。",
            "听说{g}在{v}的厕所里交易冰毒。",
            "{v}周末派对上，{g}的人以{a}的价格卖药。",
            "{g}以{v}为据点贩毒，{w}进货。",
        ],
    },
    "massage": {
        "venue": ("{n} 마사지", "the {n} massage parlour", "{n}按摩店"),
        "ko": [
            "{v}는 {g}가 뒤를 봐주는 성매매 업소입니다.",
            "{g}가 {v}에서 외국인 여성들을 데려다 성매매를 시킵니다.",
            "{v} 업주가 {g}에게 {w} {a}씩 보호비를 냅니다.",
            "{v}에 일하는 여성들 여권을 {g}이 빼앗아 갖고 있습니다.",
        ],
        "en": [
            "{v} is a brothel protected by the {g}.",
            "The {g} bring foreign women to {v} and force them into prostitution.",
            "The owner of {v} pays the {g} {a} {w} for protection.",
            "the {g} keep the passports of the women working in {v}",
        ],
        "zh": [
            "{v}是{g}罩着的卖淫场所。",
            "{g}把外国女性带到{v}强迫卖淫。",
            "{v}老板{w}向{g}交{a}保护费。",
            "{g}扣押了在{v}工作的女性的护照。",
        ],
    },
    "phishing": {
        "venue": ("{n}오피스텔", "the {n} officetel", "{n}公寓式办公楼"),
        "ko": [
            "{g}가 {v}에 콜센터를 차려놓고 보이스피싱을 합니다.",
            "{v}에서 {g} 사람들이 대포통장을 모아 피해금 {a}를 빼돌렸습니다.",
            "{g}이 {v}에서 검사를 사칭하는 전화를 돌립니다.",
            "{v} 몇 호실에서 {g}이 대출 사기 전화를 {w} 돌린다고 합니다.",
        ],
        "en": [
            "The {g} set up a call centre in {v} and run voice phishing.",
            "In {v}, {g} people collected mule bank accounts and moved {a} of victims' money.",
            "The {g} make calls from {v} pretending to be prosecutors.",
            "{g} making fake loan calls from a room in {v}, {w}",
        ],
        "zh": [
            "{g}在{v}设立呼叫中心搞电信诈骗。",
            "{g}的人在{v}收集银行账户，转走了受害人{a}。",
            "{g}在{v}冒充检察官打诈骗电话。",
            "{g}{w}在{v}的房间里打贷款诈骗电话。",
        ],
    },
    "sand": {
        "venue": ("{n}천 하천변", "the riverbank of the {n} stream", "{n}河河边"),
        "ko": [
            "{g}가 {v}에서 허가 없이 모래를 퍼다 팝니다.",
            "{v} 불법 골재 채취를 {g}이 하고 있고 덤프트럭이 {w} 드나듭니다.",
            "{g} 쪽에서 {v} 골재 채취를 막는 주민들을 협박합니다.",
            "{v}에서 파낸 모래를 {g}가 건설사에 {a}에 넘깁니다.",
        ],
        "en": [
            "The {g} dig sand without a permit at {v} and sell it.",
            "Illegal gravel digging at {v} is done by the {g}; dump trucks come and go {w}.",
            "The {g} threaten residents who try to stop the digging at {v}.",
            "sand dug from {v} is sold by {g} to builders for {a}",
        ],
        "zh": [
            "{g}在{v}无证挖沙出售。",
            "{v}的非法采砂是{g}干的，翻斗车{w}进进出出。",
            "{g}威胁阻止{v}采砂的村民。",
            "{g}把{v}挖的沙子以{a}卖给建筑公司。",
        ],
    },
    "bidding": {
        "venue": ("{n} 공영주차장 공사 입찰", "the tender for the {n} public car park", "{n}公共停车场工程招标"),
        "ko": [
            "{g}가 {v}에서 다른 업체들을 협박해 들러리를 세웠습니다.",
            "{v} 때 {g} 사람들이 경쟁 업체 사장을 찾아가 입찰을 포기하라고 했습니다.",
            "{g}이 구청 공무원에게 {a}를 주고 {v}를 따냈다는 소문입니다.",
            "{v}는 처음부터 {g} 쪽 회사로 정해져 있었습니다.",
        ],
        "en": [
            "The {g} threatened other firms into fake bids in {v}.",
            "During {v}, {g} people visited a rival firm's boss and told him to withdraw.",
            "Rumour is the {g} paid a district official {a} to win {v}.",
            "{v} was decided for the {g}'s company from the start",
        ],
        "zh": [
            "{g}在{v}中威胁其他公司陪标。",
            "{v}期间，{g}的人找到竞争公司老板，让他退出投标。",
            "传闻{g}给区政府官员{a}拿下了{v}。",
            "{v}一开始就定给了{g}的公司。",
        ],
    },
    "nightlife": {
        "venue": ("{n} 유흥주점", "the {n} hostess bar", "{n}夜总会"),
        "ko": [
            "{g}가 {v} 영업을 장악하고 다른 업소 손님을 빼앗습니다.",
            "{v}에 {g} 조직원들이 상주하며 {w} 업주에게서 {a}를 받아갑니다.",
            "{g}가 {v} 직원들에게 술 강매를 시키고 안 팔면 때립니다.",
            "{v} 근처 업소들이 {g} 등쌀에 문을 닫고 있습니다.",
        ],
        "en": [
            "The {g} have taken over {v} and steal customers from other bars.",
            "{g} members hang around {v} and take {a} from the owner {w}.",
            "The {g} make the staff of {v} push drinks and beat them if sales are low.",
            "bars around {v} are closing because of {g} pressure",
        ],
        "zh": [
            "{g}控制了{v}的生意，抢别的店的客人。",
            "{g}的成员常驻{v}，{w}从老板那里拿走{a}。",
            "{g}逼{v}的员工强卖酒水，卖不出去就打。",
            "{v}附近的店因为{g}的欺压纷纷关门。",
        ],
    },
}

# Other facts, each said several ways. {l} leader nickname, {s} surname, {p} phone, {c} car plate, {k} account.
FACTS = {
    "ko": {
        "leader": ["우두머리는 '{l}'라고 불리는 {s}씨입니다.", "두목 별명이 '{l}'입니다.", "'{l}'라는 {s}모씨가 지시합니다.",
                   "대장은 {s}씨인데 다들 '{l}'라고 부릅니다."],
        "phone": ["연락은 {p} 번호로 합니다.", "그 사람들 전화번호는 {p} 입니다.", "돈 받으러 올 때 {p}로 먼저 연락이 옵니다.",
                  "협박 문자가 {p}에서 왔습니다."],
        "plate": ["차량은 검은색 {c} 입니다.", "{c} 번호판 승합차를 타고 다닙니다.", "{c} 차가 자주 와 있습니다."],
        "account": ["돈은 {k} 계좌로 보내라고 했습니다.", "입금 계좌는 {k} 입니다.", "{k} 통장으로 송금을 받습니다."],
        "place": ["장소는 {d}입니다.", "{d} 쪽입니다.", "{d}에 있습니다."],
        "victims": ["피해자가 스무 명이 넘습니다.", "저 말고도 당한 사람이 여럿입니다.", "다들 보복이 무서워 신고를 못 합니다.",
                    "주변 사람들도 같은 일을 당했습니다."],
        "intro": ["", "", "제보합니다.", "신고합니다.", "도와주세요.", "익명으로 알려드립니다."],
        "outro": ["", "", "조사 부탁드립니다.", "빨리 처리해 주세요.", "보복이 두렵습니다.", "꼭 확인해 주십시오."],
    },
    "en": {
        "leader": ["The leader is a man called {s}, nicknamed '{l}'.", "Their boss goes by '{l}'.",
                   "A man named {s} they call '{l}' gives the orders.", "the head is '{l}' ({s})."],
        "phone": ["They use the number {p}.", "Their phone number is {p}.", "Before coming for money they call from {p}.",
                  "threat messages came from {p}."],
        "plate": ["They drive a black car, plate {c}.", "They come in a van with plate {c}.", "car {c} is often parked there."],
        "account": ["They told us to send money to account {k}.", "The account for payments is {k}.",
                    "money goes to bank account {k}."],
        "place": ["This is in {d}.", "It happens in {d}.", "location: {d}."],
        "victims": ["More than twenty people have been hurt.", "I am not the only victim.",
                    "Everyone is too afraid of revenge to report it.", "my neighbours had the same thing happen."],
        "intro": ["", "", "I want to report something.", "Hello,", "Please help.", "Anonymous tip:"],
        "outro": ["", "", "Please investigate.", "Please act quickly.", "I am afraid of retaliation.", "thank you"],
    },
    "zh": {
        "leader": ["头目是一个姓{s}的人，外号'{l}'。", "他们老大外号叫'{l}'。", "一个姓{s}的、外号'{l}'的人指使。",
                   "老大是{s}某，大家叫他'{l}'。"],
        "phone": ["他们用的电话是{p}。", "联系电话{p}。", "来收钱之前会先用{p}打电话。", "恐吓短信是{p}发来的。"],
        "plate": ["他们开一辆黑色轿车，车牌{c}。", "他们坐车牌号{c}的面包车来。", "{c}这辆车经常停在那里。"],
        "account": ["让我们把钱打到{k}这个账户。", "收款账户是{k}。", "钱都转到{k}账户。"],
        "place": ["地点在{d}。", "在{d}那边。", "位置：{d}"],
        "victims": ["受害人超过二十个。", "不止我一个人受害。", "大家都怕报复不敢举报。", "我周围的人也遇到了同样的事。"],
        "intro": ["", "", "我要举报。", "您好，", "请帮帮我们。", "匿名举报："],
        "outro": ["", "", "请调查。", "请尽快处理。", "我怕被报复。", "谢谢"],
    },
}

AMOUNTS = [  # (ko variants, en variants, zh variants) for the same sum
    (["30만원", "30만 원", "삼십만원", "300,000원"], ["300,000 won", "KRW 300k", "₩300,000"], ["30万韩元", "三十万韩元", "30万"]),
    (["50만원", "50만 원", "오십만 원", "500,000원"], ["500,000 won", "KRW 500k", "half a million won"], ["50万韩元", "五十万韩元", "50万"]),
    (["100만원", "100만 원", "백만 원", "1,000,000원"], ["1 million won", "KRW 1,000,000", "₩1m"], ["100万韩元", "一百万韩元", "100万"]),
    (["200만원", "이백만 원", "2,000,000원"], ["2 million won", "KRW 2m", "₩2,000,000"], ["200万韩元", "两百万韩元", "200万"]),
    (["500만원", "오백만 원", "5,000,000원"], ["5 million won", "KRW 5m", "₩5,000,000"], ["500万韩元", "五百万韩元", "500万"]),
    (["3천만원", "3,000만 원", "삼천만 원"], ["30 million won", "KRW 30m", "₩30,000,000"], ["3000万韩元", "三千万韩元"]),
]

WHENS = [
    (["매달 초", "매월 초에", "달마다"], ["at the start of every month", "every month", "monthly"], ["每月初", "每个月", "按月"]),
    (["매주 금요일", "금요일마다", "매주 금요일 밤"], ["every Friday", "on Fridays", "each Friday night"], ["每周五", "每个星期五", "周五晚上"]),
    (["주말마다", "토요일 밤마다", "주말 밤에"], ["every weekend", "on Saturday nights", "at weekends"], ["每个周末", "周六晚上", "周末"]),
    (["매일 밤", "밤마다", "매일 저녁"], ["every night", "nightly", "each evening"], ["每天晚上", "每晚", "天天晚上"]),
]

# Plain and polite forms of the formal sentence endings used above (Korean speech styles).
KO_ENDINGS = [
    ("걷어갑니다", "걷어간다", "걷어가요"), ("있습니다", "있다", "있어요"), ("엎어버립니다", "엎어버린다", "엎어버려요"),
    ("봅니다", "본다", "봐요"), ("합니다", "한다", "해요"), ("부숩니다", "부순다", "부숴요"), ("들었습니다", "들었다", "들었어요"),
    ("벌어집니다", "벌어진다", "벌어져요"), ("잃었습니다", "잃었다", "잃었어요"), ("받아냅니다", "받아낸다", "받아내요"),
    ("부립니다", "부린다", "부려요"), ("받습니다", "받는다", "받아요"), ("불었습니다", "불었다", "불었어요"),
    ("팝니다", "판다", "팔아요"), ("돕니다", "돈다", "돌아요"), ("넘깁니다", "넘긴다", "넘겨요"), ("들어옵니다", "들어온다", "들어와요"),
    ("시킵니다", "시킨다", "시켜요"), ("냅니다", "낸다", "내요"), ("빼돌렸습니다", "빼돌렸다", "빼돌렸어요"),
    ("돌립니다", "돌린다", "돌려요"), ("드나듭니다", "드나든다", "드나들어요"), ("세웠습니다", "세웠다", "세웠어요"),
    ("했습니다", "했다", "했어요"), ("소문입니다", "소문이다", "소문이에요"), ("빼앗습니다", "빼앗는다", "빼앗아요"),
    ("받아갑니다", "받아간다", "받아가요"), ("때립니다", "때린다", "때려요"), ("닫고 있습니다", "닫고 있다", "닫고 있어요"),
    ("옵니다", "온다", "와요"), ("왔습니다", "왔다", "왔어요"), ("보냈습니다", "보냈다", "보냈어요"),
    ("당했습니다", "당했다", "당했어요"), ("못 합니다", "못 한다", "못 해요"), ("넘습니다", "넘는다", "넘어요"),
    ("여럿입니다", "여럿이다", "여럿이에요"), ("있었습니다", "있었다", "있었어요"), ("다닙니다", "다닌다", "다녀요"),
    ("지시합니다", "지시한다", "지시해요"), ("부릅니다", "부른다", "불러요"), ("입니다", "이다", "이에요"),
]


def ko_style(text, style):
    """Formal Korean turned plain (한다체) or polite (해요체), sentence by sentence."""
    if style == "formal":
        return text
    index = 1 if style == "plain" else 2
    for ending in sorted(KO_ENDINGS, key=lambda e: -len(e[0])):
        text = re.sub(re.escape(ending[0]) + r"(?=[.\s]|$)", ending[index], text)
    # The copula follows the syllable before it: 박씨다/박씨예요, but 현장이다/현장이에요; after a number or a
    # closing quote people write it as they would after the word said aloud.
    def copula(match):
        before = match[1].rstrip("'")
        final = before and ("가" <= before[-1] <= "힣") and (ord(before[-1]) - 0xAC00) % 28 != 0
        vowel = before and ("가" <= before[-1] <= "힣") and not final
        if index == 1:
            return match[1] + ("다" if vowel else "이다")
        return match[1] + ("예요" if vowel else "이에요")

    plain_or_polite = "이다" if index == 1 else "이에요"
    return re.sub(r"(\S*?)" + plain_or_polite + r"(?=[.\s]|$)", copula, text)


# ---------------------------------------------------------------------------------------------------------------------
# Numbers written different ways.

def phone_forms(digits):
    a, b, c = digits[:3], digits[3:7], digits[7:]
    return [f"{a}-{b}-{c}", f"{a}{b}{c}", f"{a} {b} {c}", f"+82 {a[1:]}-{b}-{c}", f"{a}.{b}.{c}", f"({a}) {b}-{c}"]


def new_phone():
    return "010" + "".join(rng.choice("0123456789") for _ in range(8))


def new_plate():
    return f"{rng.randint(10, 399)}{rng.choice('가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주')}{rng.randint(1000, 9999)}"


def plate_forms(plate):
    m = re.match(r"(\d+)(\D)(\d+)", plate)
    return [plate, f"{m[1]} {m[2]} {m[3]}", f"{m[1]}{m[2]} {m[3]}"]


def new_account():
    return f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"


def account_forms(account):
    return [account, account.replace("-", ""), account.replace("-", " ")]


# ---------------------------------------------------------------------------------------------------------------------
# Light edits: what a second person copying a clue, or the same person sending it again, changes.

KO_PARTICLES = [("은 ", "는 "), ("이 ", "가 "), ("을 ", "를 "), ("에게 ", "한테 "), ("한테 ", "에게 "), ("들이 ", "이 ")]


def typo(text):
    spots = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(spots) < 10:
        return text
    i = rng.choice(spots[3:-3])
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def respace(text, language):
    if language == "ko":
        words = text.split(" ")
        out = []
        for w in words:
            if out and rng.random() < 0.25:
                out[-1] += w
            else:
                out.append(w)
        return " ".join(out)
    if language == "zh":
        return text.replace("，", ", ").replace("。", "。 ")
    return re.sub(r" (?=[a-z])", lambda _: "  " if rng.random() < 0.1 else " ", text.lower() if rng.random() < 0.5 else text)


def light_edit(clue, facts):
    text, language = clue["text"], clue["language"]
    edits = rng.sample(["typo", "space", "phone", "particle", "style", "punct"], 3)
    for edit in edits:
        if edit == "typo":
            text = typo(text)
        elif edit == "space":
            text = respace(text, language)
        elif edit == "phone" and facts.get("phone"):
            for form in phone_forms(facts["phone"]):
                if form in text:
                    text = text.replace(form, rng.choice([f for f in phone_forms(facts["phone"]) if f != form]))
                    break
        elif edit == "particle" and language == "ko":
            for old, new in rng.sample(KO_PARTICLES, 2):
                text = text.replace(old, new, 1)
        elif edit == "style" and language == "ko":
            text = ko_style(text, rng.choice(["plain", "polite"]))
        elif edit == "punct":
            text = text.replace(".", "!", 1) if rng.random() < 0.5 else text.rstrip(".。") + ("..." if language != "zh" else "。。。")
    return text


# ---------------------------------------------------------------------------------------------------------------------
# Tellings.

def fill(template, facts, language, pick):
    li = {"ko": 0, "en": 1, "zh": 2}[language]
    gang = facts["gang"][li]
    if language == "ko" and pick.random() < 0.3:
        gang = gang.replace("파", " 파") if not gang.endswith("식구파") else gang
    values = {
        "g": gang,
        "v": facts["venue"][li],
        "a": pick.choice(facts["amount"][li]),
        "w": pick.choice(facts["when"][li]),
        "l": facts["nick"][li],
        "s": facts["surname"][li],
        "p": pick.choice(phone_forms(facts["phone"])) if facts.get("phone") else "",
        "c": pick.choice(plate_forms(facts["plate"])) if facts.get("plate") else "",
        "k": pick.choice(account_forms(facts["account"])) if facts.get("account") else "",
        "d": facts["district"][li],
    }
    def substitute(match):
        value, particle = values[match[1]], match[2] or ""
        if language == "ko" and particle and "가" <= value[-1] <= "힣":
            # Particles after a name follow its last syllable: 가/이, 는/은, 를/을, 와/과.
            pairs = {"가": "이", "이": "이", "는": "은", "은": "은", "를": "을", "을": "을", "와": "과", "과": "과"}
            plain = {"이": "가", "은": "는", "을": "를", "과": "와"}
            particle = pairs[particle] if has_final(value[-1]) else plain.get(particle, particle)
        return value + particle

    return re.sub(r"\{(\w)\}(?:(가|이|는|은|를|을|와|과)(?=[\s.,]))?", substitute, template)


def has_final(ch):
    return "가" <= ch <= "힣" and (ord(ch) - 0xAC00) % 28 != 0




def telling(facts, language, voice, template_index, subset):
    """One person's clue: the racket sentence in their words, then some of the other facts, in their order."""
    pick = random.Random(f"{facts['matter']}-{language}-{voice}")
    bank = FACTS[language]
    parts = [fill(RACKETS[facts["racket"]][language][template_index], facts, language, pick)]
    for fact in subset:
        parts.append(fill(pick.choice(bank[fact]), facts, language, pick))
    head, tail = parts[0], parts[1:]
    pick.shuffle(tail)
    parts = [head] + tail if pick.random() < 0.6 else tail[:1] + [head] + tail[1:]
    intro, outro = pick.choice(bank["intro"]), pick.choice(bank["outro"])
    text = (" " if language != "zh" else "").join(p for p in [intro, *parts, outro] if p)
    if language == "ko":
        # A quoted nickname takes 이라는/이라고 after a final consonant: '칼자국'이라는, '여우'라는.
        text = re.sub(r"'([가-힣]+)'(라는|라고)", lambda m: f"'{m[1]}'" + ("이" if has_final(m[1][-1]) else "") + m[2], text)
        text = ko_style(text, ["formal", "plain", "polite"][voice % 3])
    if language == "en" and voice % 3 == 2:
        text = text.lower()
    return text


def main():
    matters = []
    gang_order = list(range(len(GANGS)))
    rng.shuffle(gang_order)
    count = 112
    languages = ["ko"] * 5 + ["en"] * 3 + ["zh"] * 3
    rackets = list(RACKETS)
    for m in range(1, count + 1):
        racket = rackets[(m * 7) % len(rackets)]
        # 48 gangs for 112 matters: most gangs appear in two or three matters, about different rackets and places.
        gang = GANGS[gang_order[(m * 17) % len(GANGS)]]
        # Matters 48 apart share a gang; the district and venue name move with m // 48, so that a gang's other
        # matter is elsewhere (16 apart share a district, with another gang).
        district = DISTRICTS[(m * 5 + m // len(GANGS)) % len(DISTRICTS)]
        name = VENUE_NAMES[(m * 3 + 2 * (m // len(GANGS))) % len(VENUE_NAMES)]
        venue = tuple(pattern.replace("{n}", name[i]) for i, pattern in enumerate(RACKETS[racket]["venue"]))
        facts = {
            "matter": f"m{m:03d}",
            "racket": racket,
            "gang": gang,
            "district": district,
            "venue": venue,
            "nick": NICKNAMES[rng.randrange(len(NICKNAMES))],
            "surname": SURNAMES[rng.randrange(len(SURNAMES))],
            "amount": AMOUNTS[rng.randrange(len(AMOUNTS))],
            "when": WHENS[rng.randrange(len(WHENS))],
            "phone": new_phone() if rng.random() < 0.6 else None,
            "plate": new_plate() if rng.random() < 0.35 else None,
            "account": new_account() if racket in ("phishing", "loan", "market") and rng.random() < 0.6 else None,
        }
        matters.append(facts)

    clues = []
    for facts in matters:
        m = int(facts["matter"][1:])
        language = languages[m % len(languages)]
        tellers = 2 + (m % 3)  # two, three or four tellings
        templates = rng.sample(range(4), min(4, tellers))
        optional = ["leader", "victims", "place"] + [f for f in ("phone", "plate", "account") if facts.get(f)]
        previous = None
        for t in range(tellers):
            if t == 1 and m % 2 == 0 and previous is not None:
                # A light edit of the first telling: the same person again, or someone passing it on.
                text = light_edit(previous, facts)
                clues.append({**previous, "id": f"{facts['matter']}-{t + 1}", "text": text,
                              "nearDuplicateOf": previous["id"]})
                continue
            lang = language
            if t == tellers - 1 and m % 9 == 4:
                lang = {"ko": "en", "en": "ko", "zh": "ko"}[language]  # told once more in another language
            subset = rng.sample(optional, rng.randint(2, min(4, len(optional))))
            if "place" not in subset and rng.random() < 0.5:
                subset.append("place")
            clue = {
                "id": f"{facts['matter']}-{t + 1}",
                "matter": facts["matter"],
                "language": lang,
                "text": telling(facts, lang, voice=t + m, template_index=templates[t % len(templates)], subset=subset),
            }
            clues.append(clue)
            previous = previous or clue

    # Template spam: one sender fills the same form about different matters (each matter also told normally above).
    spam = {
        "ko": "[긴급제보] {g} 관련 제보입니다. 장소: {v}. 내용: 조직폭력 및 갈취. 담당 수사관님 꼭 확인 부탁드립니다. "
              "제보자는 신원 보호를 원합니다. 보상금 규정에 따라 처리해 주시기 바랍니다.",
        "en": "[URGENT TIP] Report concerning the {g}. Location: {v}. Content: organised violence and extortion. "
              "Please make sure an investigator checks this. The informant asks for identity protection and a reward "
              "under the rules.",
        "zh": "【紧急举报】关于{g}的举报。地点：{v}。内容：黑恶势力及敲诈勒索。请办案民警务必核实。举报人要求身份保密，"
              "并按规定申请奖励。",
    }
    # A copied paragraph about different markets: the same complaint, pasted by a traders' group with the market swapped.
    pasted = {
        "ko": "우리 {v} 상인 일동은 더 이상 참을 수 없습니다. 매달 정체불명의 사람들이 찾아와 청소비, 관리비 명목으로 돈을 "
              "걷어가고, 거부하면 손님 앞에서 욕설을 하고 물건을 던집니다. {g} 소속이라고 스스로 말합니다. 관계 기관의 "
              "철저한 수사를 요청합니다.",
        "en": "We, the traders of {v}, cannot take it any more. Every month unknown men come and collect money as "
              "'cleaning' and 'management' fees, and if we refuse they swear at us in front of customers and throw our "
              "goods. They say themselves they are with the {g}. We ask the authorities for a thorough investigation.",
    }
    spam_matters = [f for f in matters if int(f["matter"][1:]) % 8 == 3]
    for facts in spam_matters:
        m = int(facts["matter"][1:])
        language = languages[m % len(languages)]
        clues.append({"id": f"{facts['matter']}-s", "matter": facts["matter"], "language": language,
                      "text": fill(spam[language], facts, language, random.Random(m))})
    market_matters = [f for f in matters if f["racket"] == "market"]
    for facts in market_matters[:10]:
        m = int(facts["matter"][1:])
        language = "en" if languages[m % len(languages)] == "en" else "ko"
        clues.append({"id": f"{facts['matter']}-p", "matter": facts["matter"], "language": language,
                      "text": fill(pasted[language], facts, language, random.Random(m))})

    for clue in clues:
        # Held out, fixed before any tuning: every fifth matter (matter number divisible by 5).
        clue["split"] = "held-out" if int(clue["matter"][1:]) % 5 == 0 else "tuning"
    clues.sort(key=lambda c: (c["matter"], c["id"]))
    out = Path(__file__).with_name("clues.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for clue in clues:
            ordered = {k: clue[k] for k in ("id", "matter", "language", "split", "text")}
            if "nearDuplicateOf" in clue:
                ordered["nearDuplicateOf"] = clue["nearDuplicateOf"]
            f.write(json.dumps(ordered, ensure_ascii=False) + "\n")
    print(f"{len(clues)} clues, {len(matters)} matters -> {out}")


if __name__ == "__main__":
    main()
