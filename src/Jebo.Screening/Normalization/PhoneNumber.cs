using System.Text;

namespace Jebo.Screening.Normalization;

/// <summary>
/// Korean phone numbers as people write them — <c>010-3456-7890</c>, <c>01034567890</c>, <c>+82 10 3456 7890</c>,
/// <c>+82 (0)10.3456.7890</c>, <c>0082 10 3456 7890</c>, full-width digits — brought to one national form
/// (<c>01034567890</c>). The one place that reads a written phone number: screening's entities and the staff search
/// compare numbers in this form, and an SMS goes only to a number <see cref="Mobile"/> accepts.
/// </summary>
public static class PhoneNumber
{
    /// <summary>The longest text read as a phone number; anything longer is not one.</summary>
    public const int MaxLength = 32;

    /// <summary>Digits only, in national form (<c>+82 10…</c> → <c>010…</c>); null when the text is not a Korean phone
    /// number: other characters than digits, spaces, dashes, dots and brackets, another country's code, or too few or
    /// too many digits.</summary>
    public static string? Normalize(string? written)
    {
        var text = written?.Normalize(NormalizationForm.FormKC).Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        var international = text[0] == '+';
        var digits = new StringBuilder(text.Length);
        foreach (var c in international ? text[1..] : text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (!char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        var number = digits.ToString();
        if (!international && number.StartsWith("0082", StringComparison.Ordinal))
        {
            (international, number) = (true, number[2..]);
        }

        if (international)
        {
            if (!number.StartsWith("82", StringComparison.Ordinal))
            {
                return null;
            }

            // "+82 10 …" as it should be written, and "+82 010 …" or "+82 (0)10 …" as it often is.
            number = number[2..];
            number = number.StartsWith('0') ? number : "0" + number;
        }

        return number.Length is >= 9 and <= 11 && number[0] == '0' && number[1] != '0' ? number : null;
    }

    /// <summary>The national form of a Korean mobile number, the only kind a text message reaches: <c>010</c> and eight
    /// digits, or <c>011</c>, <c>016</c>–<c>019</c> and seven or eight; null for a landline, an internet phone or
    /// anything that is no phone number.</summary>
    public static string? Mobile(string? written) =>
        Normalize(written) is { } number && IsMobile(number) ? number : null;

    /// <summary>A national number (<see cref="Normalize"/>) in international form: <c>01034567890</c> →
    /// <c>+821034567890</c> (E.164).</summary>
    public static string International(string national)
    {
        ArgumentNullException.ThrowIfNull(national);
        return national.StartsWith('0')
            ? "+82" + national[1..]
            : throw new ArgumentException("not a national number", nameof(national));
    }

    private static bool IsMobile(string number) =>
        number[..3] switch
        {
            "010" => number.Length == 11,
            "011" or "016" or "017" or "018" or "019" => number.Length is 10 or 11,
            _ => false,
        };
}
