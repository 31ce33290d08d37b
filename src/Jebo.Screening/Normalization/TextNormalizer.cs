using System.Globalization;
using System.Text;

namespace Jebo.Screening.Normalization;

/// <summary>Brings text to one comparable form: Unicode NFKC (full-width Latin and digits, compatibility Hangul and
/// Hanzi forms folded), lower case, runs of white space and punctuation collapsed to one space.</summary>
public static class TextNormalizer
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
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
