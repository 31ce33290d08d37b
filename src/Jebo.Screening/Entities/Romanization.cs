using System.Text;

namespace Jebo.Screening.Entities;

/// <summary>Hangul written in Latin letters after the Revised Romanization's letter table (<c>꼴망</c> →
/// <c>kkolmang</c>, <c>동문</c> → <c>dongmun</c>), so a Korean name and the same name in an English report give one
/// key. Letter by letter, with the sound changes of ㄹ after a consonant the rules write (<c>황룡</c> →
/// <c>hwangnyong</c>, <c>물레</c> → <c>mulle</c>) but not the others; a near miss costs a shared key, and names that
/// differ by a letter are not taken for different ones (<see cref="Similarity.ClueScoring.Conflicting"/>).</summary>
public static class Romanization
{
    private static readonly string[] Initials =
    [
        "g",
        "kk",
        "n",
        "d",
        "tt",
        "r",
        "m",
        "b",
        "pp",
        "s",
        "ss",
        "",
        "j",
        "jj",
        "ch",
        "k",
        "t",
        "p",
        "h",
    ];

    private static readonly string[] Medials =
    [
        "a",
        "ae",
        "ya",
        "yae",
        "eo",
        "e",
        "yeo",
        "ye",
        "o",
        "wa",
        "wae",
        "oe",
        "yo",
        "u",
        "wo",
        "we",
        "wi",
        "yu",
        "eu",
        "ui",
        "i",
    ];

    /// <summary>An initial as read after the syllable before: ㄹ after ㄹ is <c>l</c> (물레 → mulle), after ㅇ or ㅁ
    /// <c>n</c> (황룡 → hwangnyong), after ㄱ or ㅂ <c>n</c> with the final nasal (백로 → baengno, 압력 → amnyeok); a
    /// final ㄴ before ㄹ reads <c>l</c> (신라 → silla).</summary>
    private static string Initial(int initial, int previousFinal, StringBuilder output)
    {
        if (initial != 5 || previousFinal <= 0)
        {
            return Initials[initial];
        }

        switch (previousFinal)
        {
            case 8:
                return "l";
            case 4:
                output.Length--;
                output.Append('l');
                return "l";
            case 21 or 16:
                return "n";
            case 1:
                output.Length--;
                output.Append("ng");
                return "n";
            case 17:
                output.Length--;
                output.Append('m');
                return "n";
            default:
                return Initials[initial];
        }
    }

    private static readonly string[] Finals =
    [
        "",
        "k",
        "k",
        "k",
        "n",
        "n",
        "n",
        "t",
        "l",
        "k",
        "m",
        "l",
        "l",
        "l",
        "p",
        "l",
        "m",
        "p",
        "p",
        "t",
        "t",
        "ng",
        "t",
        "t",
        "k",
        "t",
        "p",
        "t",
    ];

    /// <summary>The text with each Hangul syllable romanised and everything else kept.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length * 3);
        var previousFinal = -1;
        foreach (var c in text)
        {
            if (c is < '가' or > '힣')
            {
                output.Append(c);
                previousFinal = -1;
                continue;
            }

            var index = c - '가';
            var (initial, medial, final) = (index / 588, index % 588 / 28, index % 28);
            output.Append(Initial(initial, previousFinal, output)).Append(Medials[medial]).Append(Finals[final]);
            previousFinal = final;
        }

        return output.ToString();
    }
}
