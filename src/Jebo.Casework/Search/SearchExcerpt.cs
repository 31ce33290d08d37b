using System.Globalization;
using System.Text.RegularExpressions;

namespace Jebo.Casework.Search;

/// <summary>The passage of a text that a query matched, as a search result shows it: the first place where a word
/// or identifier asked for occurs, with some text either side, on one line.</summary>
public static partial class SearchExcerpt
{
    /// <summary>Characters kept before and after the match.</summary>
    public const int Context = 50;

    /// <summary>The passage, or null when nothing asked for occurs in <paramref name="text"/>.</summary>
    public static string? Find(string text, SearchQuery query)
    {
        var (at, length) = Locate(text, query);
        if (at < 0)
        {
            return null;
        }

        var start = Math.Max(0, at - Context);
        var end = Math.Min(text.Length, at + length + Context);
        // Never cut a surrogate pair in two.
        start = start > 0 && char.IsLowSurrogate(text[start]) ? start - 1 : start;
        end = end < text.Length && char.IsLowSurrogate(text[end]) ? end + 1 : end;
        var passage = Spaces().Replace(text[start..end], " ").Trim();
        return (start > 0 ? "…" : "") + passage + (end < text.Length ? "…" : "");
    }

    private static (int At, int Length) Locate(string text, SearchQuery query)
    {
        foreach (var word in query.Words)
        {
            var at = SearchQuery.Compare.IndexOf(
                text,
                word,
                CompareOptions.IgnoreCase | CompareOptions.IgnoreWidth | CompareOptions.IgnoreKanaType,
                out var length
            );
            if (at >= 0)
            {
                return (at, length);
            }
        }

        foreach (var identifier in query.Identifiers)
        {
            if (Written(identifier).Match(text) is { Success: true } match)
            {
                return (match.Index, match.Length);
            }
        }

        return (-1, 0);
    }

    /// <summary>A normalised identifier as it may be written: separators between any two of its characters, and a
    /// national phone number also in international form (<c>01034567890</c> → <c>+82 10-3456-7890</c>).</summary>
    private static Regex Written(string identifier)
    {
        var pattern = identifier.StartsWith('0')
            ? $"(?:\\+{Separators}82{Separators}(?:0{Separators})?{Spelled(identifier[1..])}|{Spelled(identifier)})"
            : Spelled(identifier);
        return new Regex(@"(?<!\d)" + pattern + @"(?!\d)", RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    private const string Separators = @"[\s\-.()]*";

    private static string Spelled(string characters) =>
        string.Join(Separators, characters.Select(c => Regex.Escape(c.ToString())));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
