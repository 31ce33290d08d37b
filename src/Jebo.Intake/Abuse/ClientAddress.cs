using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Abuse;

/// <summary>Which network a request comes from, as far as limits need to know.</summary>
/// <remarks>Security: by default only the TCP peer counts; the header (<c>--client-address-header</c>, X-Forwarded-For
/// unless named) names the client only when the peer is one of the operator's proxies (<see cref="TrustedProxies"/>),
/// because anyone can send any header to a server reached directly. From that header the last value is taken, the one
/// the operator's own proxy wrote; earlier values were written by the client. IPv6 clients are grouped by /64, the
/// block one subscriber usually holds, so an attacker cannot draw a fresh address for every request. The address is
/// only ever hashed (see <see cref="ClientKeys"/>), never stored or logged.
/// </remarks>
public static class ClientAddress
{
    /// <summary>The address limits are counted against, or null when the request has none (a Unix socket, a test
    /// server); all such requests share one count.</summary>
    public static IPAddress? Of(HttpContext context, string header, TrustedProxies proxies)
    {
        var address = context.Connection.RemoteIpAddress;
        if (proxies.Includes(address) && context.Request.Headers[header] is { Count: > 0 } values)
        {
            var last = values[^1] ?? "";
            var comma = last.LastIndexOf(',');
            var candidate = (comma >= 0 ? last[(comma + 1)..] : last).Trim();
            if (IPAddress.TryParse(candidate, out var forwarded))
            {
                address = forwarded;
            }
        }

        return address is null ? null : Group(address);
    }

    /// <summary>IPv4 as is (also when mapped into IPv6); IPv6 cut to its /64 network.</summary>
    public static IPAddress Group(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
