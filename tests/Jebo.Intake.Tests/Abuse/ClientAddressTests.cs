using System.Net;
using Jebo.Intake.Abuse;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Tests.Abuse;

public sealed class ClientAddressTests
{
    private const string Header = IntakeOptions.DefaultClientAddressHeader;
    private static readonly TrustedProxies Proxy = TrustedProxies.Parse("10.0.0.2, 192.168.7.0/24");

    private static DefaultHttpContext Request(string peer, string? forwarded = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwarded is not null)
        {
            context.Request.Headers[Header] = forwarded;
        }

        return context;
    }

    [Fact]
    public void A_forwarding_header_is_ignored_when_no_proxy_is_trusted()
    {
        var context = Request("10.0.0.2", "198.51.100.1");
        Assert.Equal(IPAddress.Parse("10.0.0.2"), ClientAddress.Of(context, Header, TrustedProxies.None));
    }

    [Fact]
    public void A_forwarding_header_from_anyone_but_the_trusted_proxy_is_ignored()
    {
        var context = Request("203.0.113.9", "198.51.100.1");
        Assert.Equal(IPAddress.Parse("203.0.113.9"), ClientAddress.Of(context, Header, Proxy));
    }

    [Fact]
    public void The_header_from_the_trusted_proxy_gives_the_last_address_the_proxy_wrote()
    {
        var context = Request("10.0.0.2", "1.2.3.4, 198.51.100.7");
        Assert.Equal(IPAddress.Parse("198.51.100.7"), ClientAddress.Of(context, Header, Proxy));
    }

    [Fact]
    public void A_proxy_in_a_trusted_network_and_one_seen_through_a_dual_mode_socket_are_believed()
    {
        Assert.Equal(
            IPAddress.Parse("198.51.100.8"),
            ClientAddress.Of(Request("192.168.7.40", "198.51.100.8"), Header, Proxy)
        );
        Assert.Equal(
            IPAddress.Parse("198.51.100.9"),
            ClientAddress.Of(Request("::ffff:10.0.0.2", "198.51.100.9"), Header, Proxy)
        );
    }

    [Fact]
    public void A_header_from_the_proxy_that_holds_no_address_leaves_the_peer()
    {
        var context = Request("10.0.0.2", "unknown");
        Assert.Equal(IPAddress.Parse("10.0.0.2"), ClientAddress.Of(context, Header, Proxy));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("10.0.0.0/99")]
    public void A_trusted_proxy_that_is_no_address_is_refused_by_name(string entry)
    {
        var refusal = Assert.Throws<FormatException>(() => TrustedProxies.Parse("127.0.0.1," + entry));
        Assert.Contains($"'{entry}'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IPv6_clients_are_grouped_by_their_64_bit_network()
    {
        var one = ClientAddress.Of(Request("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), Header, TrustedProxies.None);
        var other = ClientAddress.Of(Request("2001:db8:1:2:1111:2222:3333:4444"), Header, TrustedProxies.None);
        var elsewhere = ClientAddress.Of(Request("2001:db8:1:3::1"), Header, TrustedProxies.None);
        Assert.Equal(one, other);
        Assert.NotEqual(one, elsewhere);
    }

    [Fact]
    public void An_IPv4_address_mapped_into_IPv6_counts_as_the_IPv4_address()
    {
        Assert.Equal(
            IPAddress.Parse("192.0.2.5"),
            ClientAddress.Of(Request("::ffff:192.0.2.5"), Header, TrustedProxies.None)
        );
    }
}
