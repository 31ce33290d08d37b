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
    /// <remarks>Casework computes this for every report and follow-up it opens, so it reads the folded text in place:
    /// a pair or word is copied once, into the result. Made of a string for each character and word, it cost 59 µs and
    /// 83 KB of garbage per 2 KiB report (<c>SearchTermsBenchmarks</c>), a fifth of the box's processor time while
    /// <c>jebo up</c> imported (docs/benchmarks.md).</remarks>
    public static string Document(string? text)
    {
        var folded = Folded(text ?? "");
        var terms = new StringBuilder(folded.Length * 2);
        foreach (var word in new Words(folded))
        {
            foreach (var segment in new Segments(word))
            {
                if (!segment.Cjk)
                {
                    Append(terms, segment.Text);
                    continue;
                }

                // Each character with the next, then the last alone.
                var pairs = new Pairs(segment.Text);
                while (pairs.MoveNext())
                {
                    Append(terms, pairs.Current);
                }

                Append(terms, pairs.Last);
            }
        }

        foreach (var identifier in EntityExtractor.Identifiers(text))
        {
            Append(terms, identifier.Value);
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

            foreach (var word in new Words(Folded(chunk)))
            {
                var tokens = new List<string>();
                var prefix = false;
                foreach (var segment in new Segments(word))
                {
                    var pairs = new Pairs(segment.Text);
                    if (segment.Cjk && pairs.MoveNext())
                    {
                        do
                        {
                            tokens.Add(pairs.Current.ToString());
                        } while (pairs.MoveNext());

                        prefix = false;
                    }
                    else
                    {
                        // A lone character or a Latin or digit word may begin a longer one: "파" finds "칠성파가",
                        // "protect" finds "protection".
                        tokens.Add(Truncated(segment.Text).ToString());
                        prefix = true;
                    }
                }

                if (tokens.Count > 0 && phrases.Count < MaxQueryWords)
                {
                    phrases.Add(new SearchPhrase(tokens, prefix));
                    needles.Add(word.ToString());
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

    /// <summary>A text as it is read for terms: Unicode NFKC, then lower case.</summary>
    private static string Folded(string text) => TextNormalizer.Lower(TextNormalizer.Nfkc(text));

    /// <summary>The words of a folded text, in place: runs of letters and digits (a malformed UTF-16 unit is neither,
    /// and ends a word).</summary>
    private ref struct Words(ReadOnlySpan<char> text)
    {
        private ReadOnlySpan<char> rest = text;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly Words GetEnumerator() => this;

        public bool MoveNext()
        {
            var start = 0;
            while (start < rest.Length && WordRune(rest[start..]) is var length and < 0)
            {
                start -= length;
            }

            var end = start;
            while (end < rest.Length && WordRune(rest[end..]) is var length and > 0)
            {
                end += length;
            }

            Current = rest[start..end];
            rest = rest[end..];
            return !Current.IsEmpty;
        }

        /// <summary>The length of the first character when it is a letter or digit; minus its length
        /// otherwise.</summary>
        private static int WordRune(ReadOnlySpan<char> text) =>
            Rune.DecodeFromUtf16(text, out var rune, out var length) == System.Buffers.OperationStatus.Done
            && Rune.IsLetterOrDigit(rune)
                ? length
                : -Math.Max(1, length);
    }

    /// <summary>A word split where it changes between Korean, Chinese or Japanese and any other script
    /// (<c>pc방</c> → <c>pc</c>, <c>방</c>), in place.</summary>
    private ref struct Segments(ReadOnlySpan<char> word)
    {
        private ReadOnlySpan<char> rest = word;

        public Segment Current { get; private set; }

        public readonly Segments GetEnumerator() => this;

        public bool MoveNext()
        {
            if (rest.IsEmpty)
            {
                return false;
            }

            Rune.DecodeFromUtf16(rest, out var first, out var end);
            var cjk = IsCjk(first);
            while (end < rest.Length)
            {
                Rune.DecodeFromUtf16(rest[end..], out var rune, out var length);
                if (IsCjk(rune) != cjk)
                {
                    break;
                }

                end += length;
            }

            Current = new Segment(cjk, rest[..end]);
            rest = rest[end..];
            return true;
        }
    }

    /// <summary>A run of Korean or Chinese as overlapping pairs of characters, in place (<c>보호비</c> → <c>보호</c>,
    /// <c>호비</c>); <see cref="Last"/> is its last character (the whole run when it is one character, which has no
    /// pair). The same for what is stored and what is asked.</summary>
    private ref struct Pairs(ReadOnlySpan<char> run)
    {
        private readonly ReadOnlySpan<char> run = run;
        private int previous;
        private int at = -1;

        public ReadOnlySpan<char> Current { get; private set; }

        /// <summary>The last character, once every pair has been read.</summary>
        public readonly ReadOnlySpan<char> Last => run[previous..];

        public bool MoveNext()
        {
            if (at < 0)
            {
                Rune.DecodeFromUtf16(run, out _, out at);
            }

            if (at >= run.Length)
            {
                return false;
            }

            Rune.DecodeFromUtf16(run[at..], out _, out var length);
            Current = run[previous..(at + length)];
            previous = at;
            at += length;
            return true;
        }
    }

    private readonly ref struct Segment(bool cjk, ReadOnlySpan<char> text)
    {
        public bool Cjk { get; } = cjk;
        public ReadOnlySpan<char> Text { get; } = text;
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

    private static void Append(StringBuilder terms, ReadOnlySpan<char> term)
    {
        if (terms.Length > 0)
        {
            terms.Append(' ');
        }

        terms.Append(Truncated(term));
    }

    private static ReadOnlySpan<char> Truncated(ReadOnlySpan<char> term) =>
        term.Length > MaxTokenLength ? term[..MaxTokenLength] : term;

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
