using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Abuse;

/// <summary>Whether nearly all of the last hour's limited requests came from one client: the sign of a reverse proxy
/// that does not pass the client's address (or is not trusted to), under which every reporter shares one client's
/// limits. Logged when it turns and cleared, and queryable (<see cref="LooksLikeOneClient"/>) for readiness.</summary>
/// <remarks>Privacy: it counts the keyed hashes of <see cref="ClientKeys"/> only, in memory, for an hour; the log lines
/// name no client. One client flooding looks the same for as long as its flood dominates, so readiness should report
/// this, not take a node out of service for it (that would hand a flooder the off switch).</remarks>
public sealed partial class ClientSpread(TimeProvider time, ILogger<ClientSpread> log)
{
    /// <summary>Fewer requests in an hour say nothing: a quiet night or one tester.</summary>
    public const int MinimumRequests = 100;

    /// <summary>The share of the hour's requests one client must have for it to look like the only one.</summary>
    public const double OneClientShare = 0.95;

    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private const int Slots = 6;

    // Bounds the memory a crowd of clients can take; a client first seen past it adds to the total only, which can only
    // lower the leading share.
    private const int MaxClients = 20_000;

    private readonly Lock gate = new();
    private readonly Queue<Slot> slots = new();
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private Slot? current;
    private int total;
    private string? leader;
    private bool oneClient;

    /// <summary>Whether nearly all of the last hour's requests came from one client.</summary>
    public bool LooksLikeOneClient
    {
        get
        {
            lock (gate)
            {
                Expire(CurrentSlot());
                return oneClient;
            }
        }
    }

    /// <summary>Counts one request of a client (its key from <see cref="ClientKeys.ForClient"/>).</summary>
    public void Record(string client)
    {
        lock (gate)
        {
            var now = CurrentSlot();
            Expire(now);
            if (current?.Number != now)
            {
                current = new Slot(now);
                slots.Enqueue(current);
            }

            current.Total++;
            total++;
            if (counts.ContainsKey(client) || counts.Count < MaxClients)
            {
                var count = counts[client] = counts.GetValueOrDefault(client) + 1;
                current.Counts[client] = current.Counts.GetValueOrDefault(client) + 1;
                if (leader is null || count > counts.GetValueOrDefault(leader))
                {
                    leader = client;
                }
            }

            Decide();
        }
    }

    private long CurrentSlot() => time.GetUtcNow().UtcTicks / (Window.Ticks / Slots);

    /// <summary>Forgets the slots that fell out of the hour.</summary>
    private void Expire(long slot)
    {
        var expired = false;
        while (slots.Count > 0 && slots.Peek().Number <= slot - Slots)
        {
            var gone = slots.Dequeue();
            total -= gone.Total;
            foreach (var (client, count) in gone.Counts)
            {
                if ((counts[client] -= count) == 0)
                {
                    counts.Remove(client);
                }
            }

            expired = true;
        }

        if (expired)
        {
            leader = counts.Count == 0 ? null : counts.MaxBy(pair => pair.Value).Key;
            Decide();
        }
    }

    private void Decide()
    {
        var leading = leader is null ? 0 : counts.GetValueOrDefault(leader);
        var looksLikeOne = total >= MinimumRequests && leading >= OneClientShare * total;
        if (looksLikeOne == oneClient)
        {
            return;
        }

        oneClient = looksLikeOne;
        if (looksLikeOne)
        {
            LogOneClient(log, leading, total);
        }
        else
        {
            LogManyClients(log);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Leading} of the last {Total} limited requests in an hour came from one client address: a reverse "
            + "proxy that does not pass the client's address (or is not named with --trusted-proxy), so every reporter "
            + "shares one client's limits; or one client flooding. See docs/abuse.md, 'Who a client is'."
    )]
    private static partial void LogOneClient(ILogger logger, int leading, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Limited requests come from many client addresses again.")]
    private static partial void LogManyClients(ILogger logger);

    /// <summary>One sixth of the hour: its requests per client, forgotten together.</summary>
    private sealed class Slot(long number)
    {
        public long Number { get; } = number;
        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
        public int Total { get; set; }
    }
}
