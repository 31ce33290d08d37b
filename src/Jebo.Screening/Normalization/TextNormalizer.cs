using System.Globalization;
using System.Text;

namespace Jebo.Screening.Normalization;

/// <summary>Brings text to one comparable form: Unicode NFKC (full-width Latin and digits, compatibility Hangul and
/// Hanzi forms folded), lower case, runs of white space and punctuation collapsed to one space.</summary>
public static class TextNormalizer
{
    /// <summary>Whether NFKC leaves <paramref name="text"/> as it is because every character is ASCII, a precomposed
    /// Hangul syllable or a unified Hanzi: none of them decomposes, and none composes with another of them (only
    /// combining marks and conjoining jamo do). Most clues are only that, and asking ICU cost a third of computing a
    /// clue's features.</summary>
    public static bool AlreadyNfkc(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not (<= '\u007F' or (>= '\uAC00' and <= '\uD7A3') or (>= '\u4E00' and <= '\u9FFF')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Unicode NFKC, without asking ICU when the text is already so (<see cref="AlreadyNfkc"/>).</summary>
    public static string Nfkc(string? text) =>
        string.IsNullOrEmpty(text) ? ""
        : AlreadyNfkc(text) ? text
        : text.Normalize(NormalizationForm.FormKC);

    /// <summary>Lower case as <see cref="string.ToLowerInvariant"/> gives it; text of ASCII, Hangul syllables and
    /// unified Hanzi only (<see cref="AlreadyNfkc"/>) has no letters to lower but ASCII ones, which are lowered
    /// here in one pass.</summary>
    public static string Lower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!AlreadyNfkc(text))
        {
            return text.ToLowerInvariant();
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
            }
        });
    }

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var folded = Lower(Nfkc(text));
        var output = new StringBuilder(folded.Length);
        Span<char> utf16 = stackalloc char[2];
        var space = false;
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var separator =
                Rune.IsWhiteSpace(rune)
                || category
                    is UnicodeCategory.OtherPunctuation
                        or UnicodeCategory.DashPunctuation
                        or UnicodeCategory.OpenPunctuation
                        or UnicodeCategory.ClosePunctuation
                        or UnicodeCategory.InitialQuotePunctuation
                        or UnicodeCategory.FinalQuotePunctuation
                        or UnicodeCategory.ConnectorPunctuation
                        or UnicodeCategory.Control
                        or UnicodeCategory.Format;
            if (separator)
            {
                space = output.Length > 0;
                continue;
            }

            if (space)
            {
                output.Append(' ');
                space = false;
            }

            // Appended in place, not as a new string per character (an allocation for each of a report's thousands).
            output.Append(utf16[..rune.EncodeToUtf16(utf16)]);
        }

        return output.ToString();
    }
}
