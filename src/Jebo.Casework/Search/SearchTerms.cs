using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jebo.Screening.Entities;
using Jebo.Screening.Normalization;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Search;

/// <summary>
/// How text becomes search terms, the same way for what is stored and for what is asked: Unicode NFKC, lower case,
/// words of letters and digits. Korean, Chinese and Japanese have no spaces between words, so a run of them is
/// indexed as overlapping pairs of characters (<c>보호비를</c> → <c>보호 호비 비를 를</c>) and asked as the phrase of
/// its pairs (<c>보호비</c> → <c>"보호 호비"</c>): a two-syllable word such as <c>도박</c> is found through the index, which a
/// trigram index cannot do. Phone numbers, vehicle plates and account numbers are indexed once more in one
/// normalised spelling (<c>01034567890</c>), the one the screener's <see cref="EntityExtractor"/> gives, so
/// <c>+82 10 3456 7890</c> finds <c>010-3456-7890</c>.
/// </summary>
/// <remarks>Security: the terms are made only of letters and digits, so nothing a person types reaches the database's
/// query syntax (FTS5's quotes, <c>*</c>, <c>NEAR</c>, <c>OR</c>; tsquery's <c>&amp;</c>, <c>!</c>, <c>:</c>); the
/// query expression is built here from those terms and passed as one parameter.</remarks>
public static partial class SearchTerms
{
    /// <summary>The characters of a query that are read; the rest of a longer one is ignored.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The most words of a query that are searched for.</summary>
    public const int MaxQueryWords = 12;

    private const int MaxTokenLength = 64;

    /// <summary>The searchable text of a report: what happened, where and when, the people and officials it names.
    /// Never the reporter's identity, which casework keeps apart.</summary>
    public static string TextOf(ReportContent content)
    {
        var parts = new List<string?> { content.Facts?.Description, content.Facts?.Where, content.Facts?.When };
        foreach (var subject in content.Subjects ?? [])
        {
            parts.AddRange([subject.Name, subject.Alias, subject.Organization, subject.Description]);
        }

        foreach (var official in content.Officials ?? [])
        {
            parts.AddRange([official.Name, official.Position, official.Organization, official.Description]);
        }

        return string.Join('\n', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    /// <summary>The searchable text of a report's stored JSON content; empty when it cannot be read.</summary>
    public static string TextOfStored(string content)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportContent>(content, TransferJson.Options) is { } report
                ? TextOf(report)
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>The terms a stored text is indexed under, separated by spaces: its words (pairs for a run of Korean or
    /// Chinese, with the run's last character) and the normalised phones, plates and accounts in it.</summary>
    public static string Document(string? text)
    {
        var terms = new StringBuilder();
        foreach (var word in Words(text ?? ""))
        {
            foreach (var segment in Segments(word))
            {
                if (segment.Cjk)
                {
                    for (var i = 0; i + 1 < segment.Runes.Count; i++)
                    {
                        Append(terms, segment.Runes[i] + segment.Runes[i + 1]);
                    }

                    Append(terms, segment.Runes[^1]);
                }
                else
                {
                    Append(terms, segment.Text);
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

    /// <summary>What a person asked for as phrases of terms, all of which a text must hold; null when nothing in it
    /// can be searched for (only punctuation, say).</summary>
    public static SearchQuery? Query(string? asked)
    {
        var text = (asked ?? "").Trim();
        text = text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
        var phrases = new List<SearchPhrase>();
        var needles = new List<string>();
        var keys = new List<string>();
        // The whole query first, as one phone, plate or account written with spaces ("+82 10 3456 7890"); otherwise
        // each chunk between spaces as one, and what is none of them as words.
        var chunks = Identifier(text) is not null
            ? [text]
            : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var chunk in chunks)
        {
            if (phrases.Count >= MaxQueryWords)
            {
                break;
            }

            if (Identifier(chunk) is { } key)
            {
                phrases.Add(new SearchPhrase([key], Prefix: false));
                keys.Add(key);
                continue;
            }

            foreach (var word in Words(chunk))
            {
                var tokens = new List<string>();
                var prefix = false;
                foreach (var segment in Segments(word))
                {
                    if (segment.Cjk && segment.Runes.Count > 1)
                    {
                        for (var i = 0; i + 1 < segment.Runes.Count; i++)
                        {
                            tokens.Add(segment.Runes[i] + segment.Runes[i + 1]);
                        }

                        prefix = false;
                    }
                    else
                    {
                        // A lone character or a Latin or digit word may begin a longer one: "파" finds "칠성파가",
                        // "protect" finds "protection".
                        tokens.Add(segment.Cjk ? segment.Runes[0] : Truncated(segment.Text));
                        prefix = true;
                    }
                }

                if (tokens.Count > 0 && phrases.Count < MaxQueryWords)
                {
                    phrases.Add(new SearchPhrase(tokens, prefix));
                    needles.Add(word);
                }
            }
        }

        return phrases.Count == 0 ? null : new SearchQuery(phrases, needles, keys);
    }

    /// <summary>A chunk of a query read as one phone number, plate or account number, in the normalised spelling the
    /// index holds; null when it is none of them.</summary>
    private static string? Identifier(string chunk)
    {
        if (PhoneNumber.Normalize(chunk) is { } phone)
        {
            return phone;
        }

        var folded = chunk.Normalize(NormalizationForm.FormKC);
        if (PlatePattern().IsMatch(folded))
        {
            return folded.Replace(" ", "", StringComparison.Ordinal);
        }

        return AccountPattern().IsMatch(folded) && folded.Count(char.IsAsciiDigit) is >= 10 and <= 16
            ? new string([.. folded.Where(char.IsAsciiDigit)])
            : null;
    }

    /// <summary>The words of a text: runs of letters and digits after NFKC and lower-casing.</summary>
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

    /// <summary>A word split where it changes between Korean, Chinese or Japanese and any other script
    /// (<c>pc방</c> → <c>pc</c>, <c>방</c>).</summary>
    private static List<Segment> Segments(string word)
    {
        var segments = new List<Segment>();
        List<string> runes = [];
        bool? cjk = null;
        foreach (var rune in word.EnumerateRunes())
        {
            var isCjk = IsCjk(rune);
            if (cjk is { } current && current != isCjk)
            {
                segments.Add(new Segment(current, runes));
                runes = [];
            }

            cjk = isCjk;
            runes.Add(rune.ToString());
        }

        if (cjk is { } last)
        {
            segments.Add(new Segment(last, runes));
        }

        return segments;
    }

    private static bool IsCjk(Rune rune) =>
        rune.Value
            is (>= 0x1100 and <= 0x11FF) // Hangul Jamo
                or (>= 0x3040 and <= 0x30FF) // Hiragana, Katakana
                or (>= 0x3130 and <= 0x318F) // Hangul compatibility Jamo
                or (>= 0x3400 and <= 0x4DBF) // CJK extension A
                or (>= 0x4E00 and <= 0x9FFF) // CJK unified ideographs
                or (>= 0xAC00 and <= 0xD7AF) // Hangul syllables
                or (>= 0xF900 and <= 0xFAFF) // CJK compatibility ideographs
                or >= 0x20000; // CJK extensions B and later

    private static void Append(StringBuilder terms, string term)
    {
        if (terms.Length > 0)
        {
            terms.Append(' ');
        }

        terms.Append(Truncated(term));
    }

    private static string Truncated(string term) => term.Length > MaxTokenLength ? term[..MaxTokenLength] : term;

    private sealed record Segment(bool Cjk, List<string> Runes)
    {
        public string Text => string.Concat(Runes);
    }

    [GeneratedRegex(@"^(?:[가-힣]{2})?\d{2,3}\s?[가-힣]\s?\d{4}$")]
    private static partial Regex PlatePattern();

    [GeneratedRegex(@"^\d{2,16}(?:[\s\-]\d{2,16}){0,4}$")]
    private static partial Regex AccountPattern();
}

/// <summary>Terms that must follow one another in a text; the last may begin a longer term.</summary>
public sealed record SearchPhrase(IReadOnlyList<string> Terms, bool Prefix);

/// <summary>A parsed query: phrases a text must all hold; the words and normalised identifiers asked for, to find the
/// passage that matched.</summary>
public sealed record SearchQuery(
    IReadOnlyList<SearchPhrase> Phrases,
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Identifiers
)
{
    /// <summary>The query as an FTS5 expression: each phrase quoted, joined by AND.</summary>
    public string Fts5() =>
        string.Join(" AND ", Phrases.Select(p => "\"" + string.Join(' ', p.Terms) + "\"" + (p.Prefix ? " *" : "")));

    /// <summary>The query as PostgreSQL tsquery text: terms of a phrase joined by <c>&lt;-&gt;</c>, phrases by
    /// <c>&amp;</c>.</summary>
    public string TsQuery() =>
        string.Join(
            " & ",
            Phrases.Select(p =>
                "("
                + string.Join(
                    " <-> ",
                    p.Terms.Select((t, i) => "'" + t + "'" + (p.Prefix && i == p.Terms.Count - 1 ? ":*" : ""))
                )
                + ")"
            )
        );

    /// <summary>Culture used to find a word in the original text for the excerpt.</summary>
    internal static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;
}
