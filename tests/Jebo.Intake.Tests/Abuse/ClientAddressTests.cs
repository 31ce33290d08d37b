using System.Net;
using Jebo.Intake.Abuse;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Tests.Abuse;

public sealed class ClientAddressTests
{
    private static DefaultHttpContext Request(string peer, string? forwarded = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwarded is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwarded;
        }

        return context;
    }

    [Fact]
    public void A_forwarding_header_is_ignored_unless_configured()
    {
        var context = Request("203.0.113.9", "198.51.100.1");
        Assert.Equal(IPAddress.Parse("203.0.113.9"), ClientAddress.Of(context, trustedHeader: null));
    }

    [Fact]
    public void A_configured_header_gives_the_last_address_the_proxy_appended()
    {
        var context = Request("10.0.0.2", "1.2.3.4, 198.51.100.7");
        Assert.Equal(IPAddress.Parse("198.51.100.7"), ClientAddress.Of(context, "X-Forwarded-For"));
    }

    [Fact]
    public void A_configured_header_that_holds_no_address_leaves_the_peer()
    {
        var context = Request("10.0.0.2", "unknown");
        Assert.Equal(IPAddress.Parse("10.0.0.2"), ClientAddress.Of(context, "X-Forwarded-For"));
    }

    [Fact]
    public void IPv6_clients_are_grouped_by_their_64_bit_network()
    {
        var one = ClientAddress.Of(Request("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), null);
        var other = ClientAddress.Of(Request("2001:db8:1:2:1111:2222:3333:4444"), null);
        var elsewhere = ClientAddress.Of(Request("2001:db8:1:3::1"), null);
        Assert.Equal(one, other);
        Assert.NotEqual(one, elsewhere);
    }

    [Fact]
    public void An_IPv4_address_mapped_into_IPv6_counts_as_the_IPv4_address()
    {
        Assert.Equal(IPAddress.Parse("192.0.2.5"), ClientAddress.Of(Request("::ffff:192.0.2.5"), null));
    }
}
