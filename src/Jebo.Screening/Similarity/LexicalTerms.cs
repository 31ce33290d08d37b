using Jebo.Screening.Normalization;

namespace Jebo.Screening.Similarity;

/// <summary>
/// The terms a clue's wording is compared by, without a dictionary: Korean words lose their particles and endings
/// (꼴망파가, 꼴망파는 and 꼴망파한테 are one stem) and give their character bigrams, so a word spaced differently still
/// shares most of them; Chinese runs give character bigrams; English words are lower-cased, stripped of common
/// endings (sells, selling, sold stay apart; gangs and gang do not) and kept whole unless they are function words.
/// Numbers are left to the entities, which read them in every way they are written.
/// </summary>
public static class LexicalTerms
{
    /// <summary>Most terms a clue keeps: a long report keeps its rarest (<see cref="RelatedClueIndex"/>).</summary>
    public const int MaxTerms = 256;

    /// <summary>Korean particles and sentence endings, longest first, taken off a word's end when a stem of two
    /// syllables or more remains.</summary>
    private static readonly string[] KoreanSuffixes =
    [
        .. new[]
        {
            "에서는",
            "에게서",
            "한테서",
            "으로는",
            "이라는",
            "이라고",
            "입니다",
            "습니다",
            "합니다",
            "이에요",
            "았습니다",
            "었습니다",
            "했습니다",
            "에서",
            "에게",
            "한테",
            "으로",
            "까지",
            "부터",
            "처럼",
            "보다",
            "라는",
            "라고",
            "이랑",
            "께서",
            "한다",
            "해요",
            "이다",
            "예요",
            "어요",
            "아요",
            "니다",
            "는다",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "도",
            "와",
            "과",
            "로",
            "만",
            "랑",
            "요",
            "다",
        }.OrderByDescending(s => s.Length),
    ];

    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "there",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "i",
        "we",
        "our",
        "my",
        "me",
        "you",
        "your",
        "as",
        "if",
        "not",
        "no",
        "so",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "who",
        "what",
        "when",
        "where",
        "which",
        "any",
        "all",
        "every",
        "each",
        "some",
        "more",
        "than",
        "then",
    };

    /// <summary>The distinct terms of a text, as 64-bit hashes, in order of first appearance.</summary>
    public static IReadOnlyList<ulong> Of(string? text)
    {
        var terms = new List<ulong>();
        var seen = new HashSet<ulong>();
        foreach (var word in TextNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            while (start < word.Length)
            {
                var script = Script(word[start]);
                var end = start + 1;
                while (end < word.Length && Script(word[end]) == script)
                {
                    end++;
                }

                AddRun(word.AsSpan(start, end - start), script, terms, seen);
                start = end;
            }
        }

        return terms;
    }

    private static void AddRun(ReadOnlySpan<char> run, char script, List<ulong> terms, HashSet<ulong> seen)
    {
        switch (script)
        {
            case 'k':
                run = Stem(run);
                Grams(run, script, terms, seen);
                break;
            case 'h':
                Grams(run, script, terms, seen);
                break;
            case 'l' when run.Length >= 2 && !EnglishStopWords.Contains(run.ToString()):
                Add(Hash(EnglishStem(run), 'l'), terms, seen);
                break;
            default:
                break;
        }
    }

    /// <summary>Character bigrams of a Korean stem or a Chinese run; a single character stands for itself.</summary>
    private static void Grams(ReadOnlySpan<char> run, char script, List<ulong> terms, HashSet<ulong> seen)
    {
        if (run.Length == 1)
        {
            Add(Hash(run, script), terms, seen);
            return;
        }

        for (var i = 0; i + 2 <= run.Length; i++)
        {
            Add(Hash(run.Slice(i, 2), script), terms, seen);
        }
    }

    private static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        foreach (var suffix in KoreanSuffixes)
        {
            if (word.Length - suffix.Length >= 2 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    private static ReadOnlySpan<char> EnglishStem(ReadOnlySpan<char> word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    /// <summary>The script most of a text's letters are in (k Hangul, h Hanzi, l Latin): clues in different scripts
    /// share no wording, so their wording is no evidence either way.</summary>
    public static char Script(string? text)
    {
        var (hangul, hanzi, latin) = (0, 0, 0);
        foreach (var c in text ?? "")
        {
            switch (Script(c))
            {
                case 'k':
                    hangul++;
                    break;
                case 'h':
                    hanzi++;
                    break;
                case 'l':
                    latin++;
                    break;
                default:
                    break;
            }
        }

        return hangul + hanzi + latin == 0 ? ClueFeatures.UnknownScript
            : hangul >= hanzi && hangul >= latin ? 'k'
            : hanzi >= latin ? 'h'
            : 'l';
    }

    /// <summary>k: Hangul, h: Hanzi, l: Latin letters, o: anything else (digits, symbols).</summary>
    private static char Script(char c) =>
        c switch
        {
            >= '가' and <= '힣' => 'k',
            >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' => 'h',
            >= 'a' and <= 'z' => 'l',
            _ => char.IsLetter(c) ? 'l' : 'o',
        };

    private static void Add(ulong term, List<ulong> terms, HashSet<ulong> seen)
    {
        if (seen.Add(term))
        {
            terms.Add(term);
        }
    }

    /// <summary>FNV-1a over the characters and the script, so a term never collides with another script's.</summary>
    private static ulong Hash(ReadOnlySpan<char> chars, char script)
    {
        var hash = (14695981039346656037UL ^ script) * 1099511628211UL;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
