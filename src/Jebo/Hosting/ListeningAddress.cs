using System.Net;
using System.Net.Sockets;
using Jebo.Cli;

namespace Jebo.Hosting;

/// <summary>Checks, before a zone starts, that its address is free, so a port in use is one line naming the option to
/// change rather than the web server's failure and stack trace in the log.</summary>
public static class ListeningAddress
{
    /// <summary>Throws <see cref="CommandFailedException"/>, naming the <paramref name="option"/> that sets the
    /// address, when something already listens on <paramref name="url"/>'s address and port. Names rather than
    /// addresses (<c>localhost</c>, <c>*</c>) are left to the server; no address (a management listener switched
    /// <c>off</c>) is nothing to check.</summary>
    public static void EnsureFree(string? url, string option)
    {
        if (
            url is null
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address)
        )
        {
            return;
        }

        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // As the server binds: a port left in TIME_WAIT by a stopped jebo is free, one something listens on is not.
        probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            probe.Bind(new IPEndPoint(address, uri.Port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new CommandFailedException(
                $"{uri.Authority} is in use by another program (perhaps jebo already runs): stop it, or listen "
                    + $"elsewhere with {option} URL"
                    + (option.EndsWith("-admin-url", StringComparison.Ordinal) ? $" (or none with {option} off)" : "")
            );
        }
    }
}
