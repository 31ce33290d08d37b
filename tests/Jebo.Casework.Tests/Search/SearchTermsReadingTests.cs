using System.Text;
using Jebo.Casework.Search;
using Jebo.Screening.Entities;

namespace Jebo.Casework.Tests.Search;

/// <summary>
/// <see cref="SearchTerms"/> reads text in place, for speed; every report already indexed was indexed by the plain
/// reading below (a string for each character and word, <c>string.Normalize</c> and <c>ToLowerInvariant</c>, every
/// entity extracted and filtered). A term that came out differently would make old reports unfindable by new queries,
/// or new reports by old ones: both readings must give the same terms for any text, whatever its scripts, surrogates,
/// malformed units, compatibility forms, long words, phones, plates, accounts, links and addresses.
/// </summary>
public sealed class SearchTermsReadingTests
{
    private static readonly string[] Pieces =
    [
        "보호비를",
        "칠성파가",
        " ",
        "  ",
        "\n",
        ".",
        ", ",
        "-",
        "收取保护费",
        "帮派",
        "pc방",
        "ＡＢＣ１２３",
        "ｶﾀｶﾅ",
        "ひらがな",
        "ㄱㄴㄷ",
        "각",
        "e\u0301",
        "Éric",
        "İstanbul",
        "ß",
        "\U00020BB7\U00020BB8",
        "\uD800",
        "\uDC00x",
        "\uFFFD",
        "010-3456-7890",
        "+82 10 3456 7890",
        "010.3456.7890",
        "02-123-4567",
        "12가 3456",
        "서울12가3456",
        "110-123-456789",
        "1234567890123",
        "mail@example.com",
        "https://example.com/a?b=010-3456-7890",
        "www.example.kr",
        "Protection",
        "MONEY",
        "x1",
        "٣٤٥",
        "\u00A0",
        "\u200B",
        "①②",
        "㈜",
        "ﬁ",
    ];

    [Fact]
    public void Document_and_Query_read_any_text_as_the_plain_reading_does()
    {
        var random = new Random(20261207);
        var texts = new List<string>
        {
            "",
            new string('가', 200),
            new string('a', 200),
            new string('b', 64),
            new string('c', 65),
            "x" + new string('\u00E9', 64),
            string.Concat(Enumerable.Repeat("부산 사하구 건설 현장에서 조직원들이 매달 보호비를 걷어 갑니다. ", 30)),
        };
        for (var i = 0; i < 3_000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 24); n > 0; n--)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            texts.Add(text.ToString());
        }

        foreach (var text in texts)
        {
            // Text that is not valid UTF-16 (a lone surrogate, which no JSON body or query string can carry) is refused
            // by Unicode normalisation in both.
            Assert.Equal(Outcome(() => PlainReading.Document(text)), Outcome(() => SearchTerms.Document(text)));
            Assert.Equal(Outcome(() => Shown(PlainReading.Query(text))), Outcome(() => Shown(SearchTerms.Query(text))));
        }
    }

    private static string Outcome(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException e)
        {
            return e.GetType().Name;
        }
    }

    private static string Shown(SearchQuery? query) =>
        query is null
            ? "none"
            : $"{query.Fts5()} | {query.TsQuery()} | {string.Join(',', query.Words)} | "
                + string.Join(',', query.Identifiers);

    [Fact]
    public void The_identifiers_are_what_the_whole_extraction_finds_of_their_kinds()
    {
        string[] texts =
        [
            "010-3456-7890 또는 +82 10 3456 7890, 차량 12가 3456, 계좌 110-123-456789, mail 010-1111-2222@example.com",
            "https://example.com/010-3456-7890 www.a.kr 02-123-4567 1234567890123 1234567890123",
            "",
        ];
        foreach (var text in texts)
        {
            Assert.Equal(
                EntityExtractor
                    .Extract(text)
                    .Where(e => e.Kind is EntityKind.Phone or EntityKind.VehiclePlate or EntityKind.Account),
                EntityExtractor.Identifiers(text)
            );
        }
    }

    /// <summary>The reading every stored report was indexed by before it was made to read in place: kept here as the
    /// definition the fast one must match.</summary>
    private static class PlainReading
    {
        private const int MaxTokenLength = 64;

        public static string Document(string text)
        {
            var terms = new StringBuilder();
            foreach (var word in Words(text))
            {
                foreach (var (cjk, runes) in Segments(word))
                {
                    if (cjk)
                    {
                        for (var i = 0; i + 1 < runes.Count; i++)
                        {
                            Append(terms, runes[i] + runes[i + 1]);
                        }

                        Append(terms, runes[^1]);
                    }
                    else
                    {
                        Append(terms, string.Concat(runes));
                    }
                }
            }

            foreach (var entity in EntityExtractor.Extract(text))
            {
                if (entity.Kind is EntityKind.Phone or EntityKind.VehiclePlate or EntityKind.Account)
                {
                    Append(terms, entity.Value);
                }
            }

            return terms.ToString();
        }

        /// <summary>The query as it was read. Which chunk is one phone, plate or account is decided by code this
        /// change did not touch, so it is asked of the product (<see cref="IdentifierOf"/>); the words are read
        /// here.</summary>
        public static SearchQuery? Query(string asked)
        {
            var text = asked.Trim();
            text = text.Length > SearchTerms.MaxQueryLength ? text[..SearchTerms.MaxQueryLength] : text;
            var phrases = new List<SearchPhrase>();
            var needles = new List<string>();
            var keys = new List<string>();
            var chunks = IdentifierOf(text) is not null
                ? [text]
                : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            foreach (var chunk in chunks)
            {
                if (phrases.Count >= SearchTerms.MaxQueryWords)
                {
                    break;
                }

                if (IdentifierOf(chunk) is { } key)
                {
                    phrases.Add(new SearchPhrase([key], Prefix: false));
                    keys.Add(key);
                    continue;
                }

                foreach (var word in Words(chunk))
                {
                    var tokens = new List<string>();
                    var prefix = false;
                    foreach (var (cjk, runes) in Segments(word))
                    {
                        if (cjk && runes.Count > 1)
                        {
                            for (var i = 0; i + 1 < runes.Count; i++)
                            {
                                tokens.Add(runes[i] + runes[i + 1]);
                            }

                            prefix = false;
                        }
                        else
                        {
                            tokens.Add(cjk ? runes[0] : Truncated(string.Concat(runes)));
                            prefix = true;
                        }
                    }

                    if (tokens.Count > 0 && phrases.Count < SearchTerms.MaxQueryWords)
                    {
                        phrases.Add(new SearchPhrase(tokens, prefix));
                        needles.Add(word);
                    }
                }
            }

            return phrases.Count == 0 ? null : new SearchQuery(phrases, needles, keys);
        }

        /// <summary>The identifier a chunk is read as, alone: asked by itself, it is one phrase of one term, that
        /// identifier.</summary>
        private static string? IdentifierOf(string chunk) =>
            SearchTerms.Query(chunk) is { Identifiers: [var key], Phrases: [{ Terms: [var term] }] } && term == key
                ? key
                : null;

        private static IEnumerable<string> Words(string text)
        {
            var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            var word = new StringBuilder();
            foreach (var rune in folded.EnumerateRunes())
            {
                if (Rune.IsLetterOrDigit(rune))
                {
                    word.Append(rune.ToString());
                }
                else if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }

            if (word.Length > 0)
            {
                yield return word.ToString();
            }
        }

        private static List<(bool Cjk, List<string> Runes)> Segments(string word)
        {
            var segments = new List<(bool, List<string>)>();
            List<string> runes = [];
            bool? cjk = null;
            foreach (var rune in word.EnumerateRunes())
            {
                var isCjk = IsCjk(rune);
                if (cjk is { } current && current != isCjk)
                {
                    segments.Add((current, runes));
                    runes = [];
                }

                cjk = isCjk;
                runes.Add(rune.ToString());
            }

            if (cjk is { } last)
            {
                segments.Add((last, runes));
            }

            return segments;
        }

        private static bool IsCjk(Rune rune) =>
            rune.Value
                is (>= 0x1100 and <= 0x11FF)
                    or (>= 0x3040 and <= 0x30FF)
                    or (>= 0x3130 and <= 0x318F)
                    or (>= 0x3400 and <= 0x4DBF)
                    or (>= 0x4E00 and <= 0x9FFF)
                    or (>= 0xAC00 and <= 0xD7AF)
                    or (>= 0xF900 and <= 0xFAFF)
                    or >= 0x20000;

        private static void Append(StringBuilder terms, string term)
        {
            if (terms.Length > 0)
            {
                terms.Append(' ');
            }

            terms.Append(Truncated(term));
        }

        private static string Truncated(string term) => term.Length > MaxTokenLength ? term[..MaxTokenLength] : term;
    }
}
