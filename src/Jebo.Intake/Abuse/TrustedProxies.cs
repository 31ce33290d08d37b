using System.Net;

namespace Jebo.Intake.Abuse;

/// <summary>The reverse proxies whose client-address header intake believes (<c>--trusted-proxy</c>): addresses or
/// networks, e.g. <c>127.0.0.1</c> or <c>10.0.0.0/8</c>.</summary>
/// <remarks>Security: a header is only as honest as whoever wrote it. From anyone but the operator's own proxy it is
/// the client's own word, and believing it would let one client speak as many (escaping its limits) or as another
/// (spending someone else's). So the header counts only when the TCP peer is listed here; with nothing listed it never
/// counts.
/// </remarks>
public sealed class TrustedProxies
{
    private readonly IReadOnlyList<IPNetwork> networks;

    private TrustedProxies(IReadOnlyList<IPNetwork> networks) => this.networks = networks;

    /// <summary>No proxy: every header is ignored and the TCP peer is the client.</summary>
    public static readonly TrustedProxies None = new([]);

    public bool IsEmpty => networks.Count == 0;

    /// <summary>Reads a comma-separated list of addresses and networks; null or empty is <see cref="None"/>.</summary>
    /// <exception cref="FormatException">An entry is neither an address nor a network, with the entry
    /// named.</exception>
    public static TrustedProxies Parse(string? list)
    {
        var parsed = new List<IPNetwork>();
        foreach (
            var entry in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        )
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                var single = Normal(address);
                parsed.Add(new IPNetwork(single, single.GetAddressBytes().Length * 8));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                parsed.Add(network);
            }
            else
            {
                throw new FormatException($"'{entry}' is neither an IP address nor a network such as 10.0.0.0/8");
            }
        }

        return parsed.Count == 0 ? None : new TrustedProxies(parsed);
    }

    /// <summary>Whether the TCP peer of a request is one of the trusted proxies.</summary>
    public bool Includes(IPAddress? peer) =>
        peer is not null && networks.Any(network => network.Contains(Normal(peer)));

    // Kestrel's dual-mode sockets show an IPv4 peer as ::ffff:a.b.c.d; operators write a.b.c.d.
    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
