using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Jebo.Casework.Tests.Feedback;

/// <summary>A gateway that takes a message with <c>200</c> and then sends a JSON body without end, on a plain socket
/// on a free loopback port, counting what the socket accepted until casework hung up. (On a plain socket, unlike behind
/// Kestrel, a write fails as soon as the reader has gone, so the count is what casework let in, and the kernel's
/// buffers: a few MiB.)</summary>
internal sealed class EndlessGateway : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private long written;

    public EndlessGateway()
    {
        listener.Start();
        serving = ServeAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/sms");

    /// <summary>Bytes of the endless answers the socket accepted, all connections together.</summary>
    public long Written => Interlocked.Read(ref written);

    /// <summary>Messages answered (each on its own connection).</summary>
    public int Answered { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            await using var stream = client.GetStream();
            await ReadRequestAsync(stream);
            Answered++;
            var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            var text = "{\"id\":\"gw-endless\",\"pad\":\"" + new string('x', 64 * 1024);
            var chunk = Encoding.ASCII.GetBytes($"{text.Length:x}\r\n{text}\r\n");
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(chunk, stop.Token);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            catch (IOException)
            {
                // casework hung up: what the test expects
            }
        }
    }

    /// <summary>Reads the request's head and its body (by Content-Length), and drops them.</summary>
    private async Task ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headEnd);
        const string LengthHeader = "Content-Length:";
        var length = head.Split("\r\n")
            .Where(l => l.StartsWith(LengthHeader, StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l[LengthHeader.Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = received.Count - (headEnd + 4);
        while (body < length)
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            body += read;
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
