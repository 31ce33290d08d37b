using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Jebo.Storage.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Storage.Monitoring;

/// <summary>An alert as it stands now: what kind, how bad, what it concerns, in one line.</summary>
/// <param name="Kind">e.g. <c>transfer.quarantined</c>, <c>background.failing</c>, <c>identity.viewed</c>.</param>
/// <param name="Severity"><c>critical</c> or <c>warning</c>.</param>
/// <param name="Subject">What it concerns: a loop, a bundle file, a staff login.</param>
/// <param name="Message">One line for a person.</param>
/// <param name="Since">Since when it holds.</param>
/// <param name="Window">For counts over a window (<c>day</c>, <c>hour</c>): which, so the two are separate
/// alerts.</param>
public sealed record RaisedAlert(
    string Kind,
    string Severity,
    string Subject,
    string Message,
    DateTimeOffset Since,
    string? Window = null
)
{
    /// <summary>The same for the same alert every time it is seen, so a raise and its resolution can be
    /// paired.</summary>
    public string Id =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Kind}\n{Subject}\n{Window}")))[..16];
}

/// <summary>
/// Tells people when an alert is raised and when it clears, once each: a line in the log under the category
/// <see cref="Category"/> with a fixed event id (<see cref="RaisedEvent"/>, <see cref="ResolvedEvent"/>) and key=value
/// text, which under systemd lands in the journal; and, with <c>--alert-webhook</c>, a JSON post to that address,
/// retried every round until it is taken (2xx) and never sent twice once taken.
/// </summary>
/// <remarks>Alerts open are kept in memory: after a restart, those still holding are raised again (the log line and the
/// post say <c>state=raised</c> anew). Messages name loops, bundle files and staff logins — never a reporter or a
/// case's content — and the webhook belongs on the internal network.</remarks>
public sealed class AlertDelivery(string zone, MonitoringOptions options, ILoggerFactory loggers, TimeProvider time)
    : IDisposable
{
    /// <summary>The log category of alert lines: filter the journal on it
    /// (<c>journalctl -u jebo-casework -g jebo-alert</c>).</summary>
    public const string Category = "jebo.alert";

    public static readonly EventId RaisedEvent = new(7001, "AlertRaised");
    public static readonly EventId ResolvedEvent = new(7002, "AlertResolved");
    public static readonly EventId UndeliveredEvent = new(7003, "AlertUndelivered");

    /// <summary>Posts waiting beyond this many are dropped, oldest first (each is still in the log).</summary>
    public const int MaxWaiting = 1_000;

    private readonly ILogger logger = loggers.CreateLogger(Category);
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Dictionary<string, RaisedAlert> open = new(StringComparer.Ordinal);
    private readonly List<AlertPost> waiting = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool failingToPost;

    /// <summary>Posts not yet taken by the webhook.</summary>
    public int Waiting => waiting.Count;

    /// <summary>Compares the alerts now with those open: raises the new ones, resolves those gone (only when
    /// <paramref name="complete"/>: a source that could read only part of its alerts resolves nothing), then posts what
    /// waits.</summary>
    public async Task DeliverAsync(
        IReadOnlyList<RaisedAlert> current,
        bool complete,
        CancellationToken cancellationToken
    )
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alert in current)
            {
                if (seen.Add(alert.Id) && open.TryAdd(alert.Id, alert))
                {
                    Announce("raised", alert, now);
                }
            }

            if (complete)
            {
                foreach (var gone in open.Values.Where(a => !seen.Contains(a.Id)).ToList())
                {
                    open.Remove(gone.Id);
                    Announce("resolved", gone, now);
                }
            }

            await PostWaitingAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        http.Dispose();
        gate.Dispose();
    }

    private void Announce(string state, RaisedAlert alert, DateTimeOffset now)
    {
        var level =
            state == "resolved" ? LogLevel.Information
            : alert.Severity == "critical" ? LogLevel.Critical
            : LogLevel.Warning;
        var since = alert.Since.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        logger.Log(
            level,
            state == "resolved" ? ResolvedEvent : RaisedEvent,
            "jebo-alert state={State} zone={Zone} id={Id} kind={Kind} severity={Severity} subject=\"{Subject}\" "
                + "since={Since} message=\"{Message}\"",
            state,
            zone,
            alert.Id,
            alert.Kind,
            alert.Severity,
            OneLine(alert.Subject),
            since,
            OneLine(alert.Message)
        );
        if (options.AlertWebhook is null)
        {
            return;
        }

        waiting.Add(
            new AlertPost(
                state,
                zone,
                alert.Id,
                alert.Kind,
                alert.Severity,
                alert.Subject,
                alert.Message,
                alert.Since,
                now
            )
        );
        if (waiting.Count > MaxWaiting)
        {
            waiting.RemoveAt(0);
        }
    }

    private async Task PostWaitingAsync(CancellationToken cancellationToken)
    {
        while (waiting.Count > 0 && options.AlertWebhook is { } webhook)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(webhook, waiting[0], cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException(
                        $"the webhook answered {(int)response.StatusCode}",
                        null,
                        response.StatusCode
                    );
                }
            }
            catch (Exception e)
                when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (!failingToPost)
                {
                    logger.LogWarning(
                        UndeliveredEvent,
                        "jebo-alert-webhook undelivered={Count} reason={Reason}; retrying every round",
                        waiting.Count,
                        e is TaskCanceledException ? "timeout" : e.Message
                    );
                }

                failingToPost = true;
                return;
            }

            waiting.RemoveAt(0);
            failingToPost = false;
        }
    }

    private static string OneLine(string text) => text.Replace('"', '\'').Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>The webhook's JSON body.</summary>
    private sealed record AlertPost(
        string State,
        string Zone,
        string Id,
        string Kind,
        string Severity,
        string Subject,
        string Message,
        DateTimeOffset Since,
        DateTimeOffset At
    );
}

/// <summary>How a zone registers its alert delivery.</summary>
public static class Alerting
{
    /// <summary>The loop that reads the zone's alerts and delivers them, every 15 seconds while the zone's loops
    /// run.</summary>
    public const string Loop = "alert delivery";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <param name="services">The zone's services.</param>
    /// <param name="zone">The zone's name, in every line and post.</param>
    /// <param name="options">Where posts go.</param>
    /// <param name="runs">Whether the zone's periodic work runs on its own (false in tests and tools).</param>
    /// <param name="source">Reads the alerts now; false beside them when only part could be read.</param>
    public static IServiceCollection AddAlertDelivery(
        this IServiceCollection services,
        string zone,
        MonitoringOptions options,
        bool runs,
        AlertSource source
    )
    {
        services.AddSingleton(sp => new AlertDelivery(
            zone,
            options,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        return services.AddPeriodicWork(Loop, runs ? Interval : null, (sp, ct) => DeliverAsync(sp, source, ct));
    }

    /// <summary>One round: read, then deliver.</summary>
    public static async Task DeliverAsync(
        IServiceProvider services,
        AlertSource source,
        CancellationToken cancellationToken
    )
    {
        var (alerts, complete) = await source(services, cancellationToken);
        await services.GetRequiredService<AlertDelivery>().DeliverAsync(alerts, complete, cancellationToken);
    }

    /// <summary>The periodic loops failing now, as alerts: what intake has to tell.</summary>
    public static IReadOnlyList<RaisedAlert> FailingLoops(BackgroundLoops loops, DateTimeOffset now) =>
        [
            .. loops.Failing.Select(l => new RaisedAlert(
                "background.failing",
                "critical",
                l.Name,
                l.Describe(),
                l.FailingSince ?? now
            )),
        ];

    /// <summary>Intake's alerts: its failing loops (a transfer that does not write or apply bundles).</summary>
    public static Task<(IReadOnlyList<RaisedAlert> Alerts, bool Complete)> FailingLoopsAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var failing = FailingLoops(services.GetRequiredService<BackgroundLoops>(), now);
        return Task.FromResult<(IReadOnlyList<RaisedAlert>, bool)>((failing, true));
    }
}

/// <summary>Reads a zone's alerts now; <c>Complete</c> is false when only part of them could be read.</summary>
public delegate Task<(IReadOnlyList<RaisedAlert> Alerts, bool Complete)> AlertSource(
    IServiceProvider services,
    CancellationToken cancellationToken
);
