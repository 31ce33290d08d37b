using Jebo.Casework.Web;

namespace Jebo.Casework.Tests.Web;

public sealed class LocalRedirectTests
{
    private static readonly string[] Hosts = ["evil.example", "evil", "127.0.0.1", "@evil.example"];

    /// <summary>Every way of writing "another site" a browser is known to accept as a redirect target, made from a few
    /// building blocks: leading slashes and backslashes, raw and percent-encoded (once or twice) control characters
    /// and whitespace, schemes.</summary>
    public static TheoryData<string> Escapes()
    {
        string[] separators = ["/", "\\", "%2f", "%2F", "%5c", "%5C", "%252f", "%255c"];
        string[] noise =
        [
            "",
            "\t",
            "\n",
            "\r",
            "\0",
            " ",
            "\u000b",
            "\u007f",
            "\u200b",
            "%09",
            "%0a",
            "%0d",
            "%00",
            "%20",
            "%2509",
            "%250a",
            "%e2%80%8b",
        ];
        var data = new TheoryData<string>();
        foreach (var host in Hosts)
        {
            data.Add("//" + host);
            data.Add("/\\" + host);
            data.Add("\\/" + host);
            data.Add("\\\\" + host);
            data.Add("https://" + host);
            data.Add("javascript:alert(1)//" + host);
            foreach (var first in new[] { "/", "\\" })
            {
                foreach (var gap in noise)
                {
                    foreach (var second in separators)
                    {
                        data.Add(first + gap + second + host);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Escapes))]
    public void An_address_that_a_browser_could_read_as_another_site_is_refused(string returnUrl)
    {
        Assert.False(LocalRedirect.IsLocal(returnUrl), returnUrl);
        Assert.Equal("/", LocalRedirect.Or(returnUrl));
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/cases\\..\\..\\/evil")]
    [InlineData("/cases/%5c%5cevil")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("cases")]
    [InlineData("/%25252f%25252fevil")]
    public void The_addresses_of_the_review_and_other_odd_ones_are_refused(string? returnUrl) =>
        Assert.False(LocalRedirect.IsLocal(returnUrl), returnUrl);

    [Fact]
    public void An_overlong_address_is_refused() =>
        Assert.False(LocalRedirect.IsLocal("/" + new string('a', LocalRedirect.MaxLength)));

    [Theory]
    [InlineData("/")]
    [InlineData("/cases")]
    [InlineData("/cases/2026-ABCD?tab=history")]
    [InlineData("/cases?q=%EA%B9%80&status=received")]
    [InlineData("/audit?case=X#entry-3")]
    public void A_path_on_this_site_is_kept(string returnUrl)
    {
        Assert.True(LocalRedirect.IsLocal(returnUrl), returnUrl);
        Assert.Equal(returnUrl, LocalRedirect.Or(returnUrl));
    }
}
