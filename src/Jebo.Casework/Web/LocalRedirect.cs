namespace Jebo.Casework.Web;

/// <summary>Where a sign-in may send the browser afterwards: the one check of a <c>returnUrl</c>.</summary>
/// <remarks>Security: only a path on this site. Browsers drop tabs and line breaks from a URL and read a backslash as a
/// slash, so <c>/%09/evil.example</c>, <c>/\evil</c> or <c>\/evil</c> would become the protocol-relative
/// <c>//evil.example</c>, another site; an open redirect after a genuine sign-in is a phishing tool. So the address
/// must start with one slash, and neither it nor any percent-decoding of it may hold a second leading slash or
/// backslash, a backslash anywhere, whitespace, or any control or invisible formatting character; what is left is
/// printable ASCII.</remarks>
public static class LocalRedirect
{
    public const int MaxLength = 2048;

    /// <summary>How many rounds of percent-decoding are looked through; an address still changing after them is
    /// refused.</summary>
    private const int DecodingRounds = 3;

    public static bool IsLocal(string? url)
    {
        if (url is not { Length: > 0 and <= MaxLength } || url.Any(c => c is < '!' or > '~'))
        {
            return false;
        }

        var current = url;
        for (var round = 0; round <= DecodingRounds; round++)
        {
            if (!IsPlainPath(current))
            {
                return false;
            }

            var decoded = Uri.UnescapeDataString(current);
            if (decoded == current)
            {
                return true;
            }

            current = decoded;
        }

        return false;
    }

    /// <summary>The destination of a sign-in: the address when it is local, else the start page.</summary>
    public static string Or(string? url, string fallback = "/") => IsLocal(url) ? url! : fallback;

    private static bool IsPlainPath(string path) =>
        path.Length > 0
        && path[0] == '/'
        && (path.Length == 1 || path[1] is not ('/' or '\\'))
        && !path.Any(c =>
            c == '\\'
            || char.IsControl(c)
            || char.IsWhiteSpace(c)
            || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
        );
}
