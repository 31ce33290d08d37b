using System.Text.RegularExpressions;
using Jebo.Screening.Normalization;

namespace Jebo.Screening.Entities;

/// <summary>
/// Finds phone numbers, vehicle plates, account numbers, e-mail addresses and links in free text, and takes names and
/// organisations from the structured fields a reporter filled. Korean formats first; international phone numbers too.
/// </summary>
public static partial class EntityExtractor
{
    /// <summary>Entities in free text plus the given names and organisations, each once.</summary>
    public static IReadOnlyList<Entity> Extract(
        string? text,
        IEnumerable<string?>? names = null,
        IEnumerable<string?>? organizations = null
    )
    {
        var found = new List<Entity>();
        var folded = TextNormalizer.Nfkc(text);
        foreach (Match match in EmailPattern().Matches(folded))
        {
            found.Add(new Entity(EntityKind.Email, match.Value.ToLowerInvariant()));
        }

        foreach (Match match in UrlPattern().Matches(folded))
        {
            found.Add(new Entity(EntityKind.Url, match.Value.TrimEnd('.', ',', ')').ToLowerInvariant()));
        }

        AddIdentifiers(folded, found);

        foreach (var name in names ?? [])
        {
            if (Meaningful(name) is { } value)
            {
                found.Add(new Entity(EntityKind.Person, value));
            }
        }

        foreach (var organization in organizations ?? [])
        {
            if (Meaningful(organization) is { } value)
            {
                found.Add(new Entity(EntityKind.Organization, value));
            }
        }

        foreach (var gang in KoreanGangNames.Find(folded))
        {
            found.Add(new Entity(EntityKind.Organization, TextNormalizer.Normalize(gang.Name)));
        }

        foreach (Match match in ChineseGangPattern().Matches(folded))
        {
            found.Add(new Entity(EntityKind.Organization, TextNormalizer.Normalize(match.Value)));
        }

        return [.. found.Distinct()];
    }

    /// <summary>Digits only, Korean national form (+82 10… → 010…); null when it cannot be a phone number
    /// (<see cref="PhoneNumber.Normalize"/>).</summary>
    public static string? NormalizePhone(string raw) => PhoneNumber.Normalize(raw);

    /// <summary>The vehicle plates, phones and account numbers of a text: what <see cref="Extract"/> finds of those
    /// kinds, in its order, without looking for the rest (case search indexes these, for every report it
    /// opens).</summary>
    public static IReadOnlyList<Entity> Identifiers(string? text)
    {
        var found = new List<Entity>();
        AddIdentifiers(TextNormalizer.Nfkc(text), found);
        return [.. found.Distinct()];
    }

    /// <summary>Plates, then phones, then account numbers, outside e-mail addresses and links; an account is never
    /// a phone's digits read again.</summary>
    private static void AddIdentifiers(string folded, List<Entity> found)
    {
        var withoutLinks = UrlPattern().Replace(EmailPattern().Replace(folded, " "), " ");
        foreach (Match match in PlatePattern().Matches(withoutLinks))
        {
            found.Add(new Entity(EntityKind.VehiclePlate, match.Value.Replace(" ", "", StringComparison.Ordinal)));
        }

        foreach (Match match in PhonePattern().Matches(withoutLinks))
        {
            if (NormalizePhone(match.Value) is { } phone)
            {
                found.Add(new Entity(EntityKind.Phone, phone));
            }
        }

        var withoutPhones = PhonePattern().Replace(withoutLinks, " ");
        foreach (Match match in AccountPattern().Matches(withoutPhones))
        {
            var digits = new string(match.Value.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is >= 10 and <= 16)
            {
                found.Add(new Entity(EntityKind.Account, digits));
            }
        }
    }

    /// <summary>A name worth indexing: normalised, not a placeholder such as "unclear" or "김OO" masked beyond
    /// use.</summary>
    private static string? Meaningful(string? value)
    {
        var normalized = TextNormalizer.Normalize(value);
        if (normalized.Length < 2 || normalized is "unclear" or "unknown" or "불분명" or "모름" or "不清楚" or "不详")
        {
            return null;
        }

        var masked = normalized.Count(c => c is 'o' or '0' or '*' or 'x' or '○');
        return masked * 2 >= normalized.Length ? null : normalized;
    }

    [GeneratedRegex(
        @"(?<![\d])(?:\+\s?82[\s\-.]?0?|0)(?:1[016789]|2|[3-6][1-5]|70)[\s\-.)]?\d{3,4}[\s\-.]?\d{4}(?!\d)"
    )]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?:[가-힣]{2})?\d{2,3}\s?[가-힣]\s?\d{4}(?!\d)")]
    private static partial Regex PlatePattern();

    [GeneratedRegex(@"(?<![\d\-])\d{2,6}(?:-\d{2,8}){1,4}(?![\d\-])|(?<!\d)\d{10,16}(?!\d)")]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"https?://[^\s<>""']+|www\.[^\s<>""']+")]
    private static partial Regex UrlPattern();

    /// <summary>Chinese gang names end in 帮 or 会; Korean ones (in 파 or 식구파, "칠성파", "신OO파") are
    /// <see cref="KoreanGangNames"/>'.</summary>
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}]{1,6}(?:帮|帮派|会)(?![\p{IsCJKUnifiedIdeographs}])")]
    private static partial Regex ChineseGangPattern();
}
